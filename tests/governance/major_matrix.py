"""The permission matrix's rows (test_permission_matrix.MATRIX) for major incidents: pages and API, on the major
incident of the matrix's world. Read by the matrix once it has defined its outcomes and helpers, hence the import
inside the function."""


def major_rows() -> dict:
    from .test_permission_matrix import (
        ANON_API,
        API_ALL,
        API_KPN_RECORD,
        API_POST_ONLY,
        CHAIN_PAGES,
        KPN_RECORD_PAGE,
        LOGIN,
        POST_ONLY_PAGE,
        R302,
        Entry,
        World,
        fixed,
        other_ref,
        row,
    )

    def major_pk(w: World) -> dict:
        return {"pk": w.major.pk}

    # Declaring, standing down and closing: the regie party's operators and Product Owner (and administrators);
    # the coordinator (the CIBG operator) and they post updates and link reports. Others who see it are refused.
    MAJOR_PAGE_WRITE = row(LOGIN, 404, R302, 404, 302, R302, R302, 302)
    API_MAJOR_WRITE = row(ANON_API, 404, 403, 404, 200, 403, 403, 200)

    return {
        # --- major incidents (pages) ----------------------------------------------------------------
        "majorincidents:major_list": Entry(get=CHAIN_PAGES),
        "majorincidents:major_detail": Entry(major_pk, get=KPN_RECORD_PAGE),
        # Declared from the page of the second incident (on the backend: KPN hosts it, DICTU does not see it).
        "majorincidents:major_declare": Entry(
            other_ref,
            get=row(LOGIN, 404, 403, 404, 200, 403, 403, 200),
            post=MAJOR_PAGE_WRITE,
            payload=lambda w, user: {
                "declare-public_title": "Portaal traag",
                "declare-coordinator": w.users["cibg"].pk,
                "declare-reason": "Veel",
            },
        ),
        "majorincidents:major_action": Entry(
            lambda w: {"pk": w.major.pk, "action": "post_update"},
            get=POST_ONLY_PAGE,
            post=MAJOR_PAGE_WRITE,
            payload=fixed(
                {
                    "post_update-kind": "ad_hoc",
                    "post_update-audiences": ["operators"],
                    "post_update-internal_text": "Stand",
                }
            ),
        ),
        # --- API: major incidents -------------------------------------------------------------------
        "api:majorincident-list": Entry(
            get=API_ALL,
            post=row(ANON_API, 403, 403, 403, 201, 403, 403, 201),
            payload=lambda w, user: {
                "incident": w.other_incident.reference,
                "public_title": "Portaal traag",
                "coordinator": "cibg",
                "reason": "Veel meldingen",
            },
            json=True,
        ),
        "api:majorincident-detail": Entry(major_pk, get=API_KPN_RECORD),
        "api:majorincident-post-update": Entry(
            major_pk,
            get=API_POST_ONLY,
            post=API_MAJOR_WRITE,
            payload=fixed({"kind": "scheduled", "audiences": ["reporters"], "public_text": "We werken eraan."}),
            json=True,
        ),
        "api:majorincident-link-report": Entry(
            major_pk,
            get=API_POST_ONLY,
            post=API_MAJOR_WRITE,
            payload=lambda w, user: {"report": w.other_incident.reference, "reason": "Zelfde storing"},
            json=True,
        ),
        "api:majorincident-change-coordinator": Entry(
            major_pk,
            get=API_POST_ONLY,
            post=API_MAJOR_WRITE,
            payload=fixed({"coordinator": "po", "reason": "Wisseling van dienst"}),
            json=True,
        ),
        "api:majorincident-stand-down": Entry(
            major_pk, get=API_POST_ONLY, post=API_MAJOR_WRITE, payload=fixed({"reason": "Voorbij"}), json=True
        ),
        # Reviewing and closing wait for the stand-down: refused by the state (400 for the review, 409 for closing).
        "api:majorincident-file-review": Entry(
            major_pk,
            get=API_POST_ONLY,
            post=row(ANON_API, 404, 403, 404, 400, 403, 403, 400),
            payload=lambda w, user: {
                "went_well": "Snel",
                "went_wrong": "Laat",
                "actions": [{"description": "Alarm", "owner": "kpn", "due_on": "2030-01-01"}],
            },
            json=True,
        ),
        "api:majorincident-close": Entry(
            major_pk,
            get=API_POST_ONLY,
            post=row(ANON_API, 404, 403, 404, 409, 403, 403, 409),
            payload=fixed({"reason": "Klaar"}),
            json=True,
        ),
        # No review yet: there is no action to complete (400 for whoever sees the major incident).
        "api:majorincident-complete-action": Entry(
            major_pk,
            get=API_POST_ONLY,
            post=row(ANON_API, 404, 400, 404, 400, 400, 400, 400),
            payload=fixed({"action": 999999}),
            json=True,
        ),
    }
