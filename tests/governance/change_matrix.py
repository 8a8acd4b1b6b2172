"""The permission matrix's rows (test_permission_matrix.MATRIX) for changes: pages and API, on the change of the
matrix's world. Read by the matrix once it has defined its outcomes and helpers, hence the import inside the
function."""

from datetime import timedelta

from django.utils import timezone


def change_rows() -> dict:
    from .test_permission_matrix import (
        ALL_PAGES,
        ANON_API,
        API_ALL,
        API_CHAIN_RECORD,
        API_CHANGE_WRONG_STATE,
        API_KPN_RECORD,
        API_POST_ONLY,
        ASSESSMENT,
        CHAIN_PAGES,
        CHAIN_POST_ONLY_PAGE,
        KPN_RECORD_PAGE,
        LOGIN,
        POST_ONLY_PAGE,
        R302,
        Entry,
        change_pk,
        change_request_api,
        change_request_form,
        fixed,
        incident_ref,
        row,
    )

    return {
        "changes:incident_link_change": Entry(
            incident_ref,
            get=POST_ONLY_PAGE,
            # The link exists already: the service refuses the duplicate with a message.
            post=row(LOGIN, 404, R302, 404, R302, R302, R302, R302),
            payload=lambda w, user: {"change": w.change.reference, "kind": "fixes", "reason": "Nogmaals"},
        ),
        # --- changes (pages) ------------------------------------------------------------------------
        "changes:changerequest_list": Entry(get=CHAIN_PAGES),
        "changes:changerequest_export": Entry(get=CHAIN_PAGES),
        "changes:changerequest_create": Entry(
            get=row(LOGIN, 404, 200, 200, 200, 200, 403, 200),
            # DICTU runs none of the infrastructure: the form comes back with the refusal (changes.rules).
            post=row(LOGIN, 404, 302, 200, 302, 302, 403, 302),
            payload=change_request_form,
        ),
        "changes:board": Entry(get=CHAIN_PAGES),
        "changes:board_bulk_schedule": Entry(
            get=CHAIN_POST_ONLY_PAGE,
            post=row(LOGIN, 404, 302, R302, 302, R302, R302, R302),
            payload=lambda w, user: {"changes": [w.standard_change.pk]},
        ),
        "changes:calendar_month": Entry(get=CHAIN_PAGES),
        "changes:calendar_list": Entry(get=CHAIN_PAGES),
        "changes:planned_maintenance": Entry(get=ALL_PAGES),
        "changes:blackoutwindow_list": Entry(
            get=CHAIN_PAGES,
            post=row(LOGIN, 404, R302, R302, 302, R302, R302, R302),
            payload=lambda w, user: {
                "title": "Bevriezing",
                "starts_at": timezone.localtime(timezone.now() + timedelta(days=200)).strftime("%Y-%m-%dT%H:%M"),
                "ends_at": timezone.localtime(timezone.now() + timedelta(days=201)).strftime("%Y-%m-%dT%H:%M"),
                "description": "",
                "reason": "Test",
            },
        ),
        "changes:blackoutwindow_delete": Entry(
            lambda w: {"pk": w.blackout.pk},
            get=CHAIN_POST_ONLY_PAGE,
            post=row(LOGIN, 404, R302, R302, 302, R302, R302, R302),
        ),
        "changes:changeincidentlink_delete": Entry(
            lambda w: {"pk": w.link.pk},
            get=CHAIN_POST_ONLY_PAGE,
            post=row(LOGIN, 404, 302, 404, 302, 302, R302, 302),
            payload=fixed({"reason": "Toch niet"}),
        ),
        "changes:changerequest_detail": Entry(change_pk, get=KPN_RECORD_PAGE),
        "changes:changeincidentlink_create": Entry(
            change_pk,
            get=CHAIN_POST_ONLY_PAGE,
            post=row(LOGIN, 404, 302, 404, 302, 302, R302, 302),
            payload=lambda w, user: {
                "incident": w.other_incident.reference,
                "kind": "caused_by",
                "reason": "Gevolg",
            },
        ),
        "changes:changerequest_move": Entry(
            change_pk,
            get=CHAIN_POST_ONLY_PAGE,
            post=row(LOGIN, 404, R302, 404, 302, R302, R302, R302),
            payload=fixed({"direction": "up"}),
        ),
        "changes:changerequest_action": Entry(
            lambda w: {"pk": w.change.pk, "action": "assess"},
            get=CHAIN_POST_ONLY_PAGE,
            post=row(LOGIN, 404, R302, 404, R302, 302, R302, R302),
            payload=fixed(ASSESSMENT),
        ),
        "api:standardchangetemplate-list": Entry(get=API_ALL),
        "api:standardchangetemplate-detail": Entry(lambda w: {"pk": w.template.pk}, get=API_CHAIN_RECORD),
        "api:blackoutwindow-list": Entry(get=API_ALL),
        "api:blackoutwindow-detail": Entry(lambda w: {"pk": w.blackout.pk}, get=API_CHAIN_RECORD),
        # --- API: changes ---------------------------------------------------------------------------
        "api:changerequest-list": Entry(
            get=API_ALL,
            post=row(ANON_API, 403, 201, 400, 201, 201, 403, 201),
            payload=change_request_api,
            json=True,
        ),
        "api:changerequest-calendar": Entry(
            get=API_ALL,
            query="?start=2030-01-01&end=2030-01-31",
        ),
        "api:changerequest-detail": Entry(change_pk, get=API_KPN_RECORD),
        "api:changerequest-submit": Entry(change_pk, get=API_POST_ONLY, post=API_CHANGE_WRONG_STATE, json=True),
        "api:changerequest-assess": Entry(
            change_pk,
            get=API_POST_ONLY,
            post=row(ANON_API, 404, 403, 404, 403, 200, 403, 403),
            payload=fixed(ASSESSMENT),
            json=True,
        ),
        "api:changerequest-request-approval": Entry(
            change_pk,
            get=API_POST_ONLY,
            # Allowed from "submitted" for an emergency change only; for this normal one the Product Owner gets 409.
            post=row(ANON_API, 404, 403, 404, 409, 403, 403, 403),
            json=True,
        ),
        "api:changerequest-approve": Entry(change_pk, get=API_POST_ONLY, post=API_CHANGE_WRONG_STATE, json=True),
        "api:changerequest-reject": Entry(
            change_pk,
            get=API_POST_ONLY,
            # At triage only the Product Owner rejects; the requester never decides on its own change.
            post=row(ANON_API, 404, 403, 404, 200, 403, 403, 403),
            payload=fixed({"comment": "Past niet in de planning"}),
            json=True,
        ),
        "api:changerequest-schedule": Entry(change_pk, get=API_POST_ONLY, post=API_CHANGE_WRONG_STATE, json=True),
        "api:changerequest-start": Entry(change_pk, get=API_POST_ONLY, post=API_CHANGE_WRONG_STATE, json=True),
        "api:changerequest-complete": Entry(change_pk, get=API_POST_ONLY, post=API_CHANGE_WRONG_STATE, json=True),
        "api:changerequest-fail": Entry(change_pk, get=API_POST_ONLY, post=API_CHANGE_WRONG_STATE, json=True),
        "api:changerequest-roll-back": Entry(change_pk, get=API_POST_ONLY, post=API_CHANGE_WRONG_STATE, json=True),
        "api:changerequest-review": Entry(
            change_pk,
            get=API_POST_ONLY,
            post=API_CHANGE_WRONG_STATE,
            payload=fixed({"what_happened": "Alles ging goed"}),
            json=True,
        ),
        "api:changerequest-close": Entry(change_pk, get=API_POST_ONLY, post=API_CHANGE_WRONG_STATE, json=True),
        "api:changerequest-cancel": Entry(
            change_pk,
            get=API_POST_ONLY,
            post=row(ANON_API, 404, 200, 404, 200, 403, 403, 403),
            payload=fixed({"reason": "Niet meer nodig"}),
            json=True,
        ),
        "api:changerequest-move": Entry(
            change_pk,
            get=API_POST_ONLY,
            post=row(ANON_API, 404, 403, 404, 200, 403, 403, 403),
            payload=fixed({"position": 1}),
            json=True,
        ),
        "api:changerequest-links": Entry(
            change_pk,
            get=API_KPN_RECORD,
            post=row(ANON_API, 404, 201, 404, 201, 201, 403, 201),
            payload=lambda w, user: {
                "incident": w.other_incident.reference,
                "kind": "caused_by",
                "reason": "Gevolg",
            },
            json=True,
        ),
        "api:changerequest-link-detail": Entry(
            lambda w: {"pk": w.change.pk, "link_pk": w.link.pk},
            get=API_POST_ONLY,
            delete=row(ANON_API, 404, 204, 404, 204, 204, 403, 204),
            payload=fixed({"reason": "Toch niet"}),
            json=True,
        ),
    }
