"""The permission matrix's rows (test_permission_matrix.MATRIX) for problems, recurrence proposals and the
architect's analysis of a weekly report, on the objects of problem_world. Read by the matrix once it has defined
its outcomes and helpers, hence the import inside the function."""

from datetime import timedelta

from django.utils import timezone

from governance.analysis.selectors import anomaly_texts


def problem_rows() -> dict:
    from .test_permission_matrix import (
        ANON_API,
        API_ALL,
        API_CHAIN_RECORD,
        API_KPN_RECORD,
        API_POST_ONLY,
        CHAIN_PAGES,
        CHAIN_POST_ONLY_PAGE,
        KPN_RECORD_PAGE,
        LOGIN,
        POST_ONLY_PAGE,
        R302,
        Entry,
        World,
        fixed,
        row,
    )

    def problem_pk(w: World) -> dict:
        return {"pk": w.problems.problem.pk}

    def proposal_pk(w: World) -> dict:
        return {"pk": w.problems.proposal.pk}

    def report_label(w: World) -> dict:
        return {"label": w.report.label}

    REGIE_AND_VWS_PAGE = row(LOGIN, 404, 404, 404, 200, 200, 200, 200)  # recurrence proposals
    API_REGIE_AND_VWS = row(ANON_API, 404, 404, 404, 200, 200, 200, 200)

    return {
        # --- problems (pages): the problem is on KPN's infrastructure; proposals are the regie's -------
        "problems:problem_list": Entry(get=CHAIN_PAGES),
        "problems:problem_create": Entry(
            get=row(LOGIN, 404, 403, 403, 200, 200, 403, 200),
            post=row(LOGIN, 404, 403, 403, 302, 302, 403, 302),
            payload=lambda w, user: {
                "title": "Nieuw probleem",
                "component": w.component.pk,
                "owner": w.users["architect"].pk,
                "description": "",
                "incidents": "",
            },
        ),
        "problems:problem_detail": Entry(problem_pk, get=KPN_RECORD_PAGE),
        "problems:problem_action": Entry(
            lambda w: {"pk": w.problems.problem.pk, "action": "record_analysis"},
            get=CHAIN_POST_ONLY_PAGE,
            post=row(LOGIN, 404, R302, 404, 302, 302, R302, 302),
            payload=fixed({"root_cause": "Geheugenlek", "workaround": "Dagelijks herstarten"}),
        ),
        "problems:problem_link_incident": Entry(
            problem_pk,
            get=CHAIN_POST_ONLY_PAGE,
            # The problem's own incident is linked already: the service refuses the duplicate with a message.
            post=row(LOGIN, 404, R302, 404, 200, 200, R302, 200),
            payload=lambda w, user: {"incident": w.incident.reference, "reason": "Nogmaals"},
        ),
        "problems:proposal_list": Entry(get=CHAIN_PAGES),
        "problems:proposal_detail": Entry(proposal_pk, get=REGIE_AND_VWS_PAGE),
        "problems:proposal_action": Entry(
            lambda w: {"pk": w.problems.proposal.pk, "action": "dismiss"},
            get=CHAIN_POST_ONLY_PAGE,
            post=row(LOGIN, 404, 404, 404, R302, 302, R302, R302),
            payload=fixed({"reason": "Toeval"}),
        ),
        # --- the architect's analysis on the weekly report -----------------------------------------
        "analysis:finding_create": Entry(
            report_label,
            get=POST_ONLY_PAGE,
            post=row(LOGIN, 404, R302, R302, R302, 302, R302, R302),
            payload=fixed({"text": "Opvallend veel serverstoringen"}),
        ),
        "analysis:action_create": Entry(
            report_label,
            get=POST_ONLY_PAGE,
            post=row(LOGIN, 404, R302, R302, R302, 302, R302, R302),
            payload=lambda w, user: {
                "description": "Capaciteit nalopen",
                "owner": w.users["kpn"].pk,
                "due_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
            },
        ),
        "analysis:anomaly_problem": Entry(
            report_label,
            get=POST_ONLY_PAGE,
            post=row(LOGIN, 404, R302, R302, 302, 302, R302, 302),
            payload=lambda w, user: {
                "anomaly": anomaly_texts(w.users["architect"], w.report)[0],
                "title": "Piek in meldingen",
                "component": w.component.pk,
                "owner": w.users["architect"].pk,
            },
        ),
        # KPN's operator owns the action; the architect may close it too; others who see it are refused.
        "analysis:action_complete": Entry(
            lambda w: {"pk": w.problems.action.pk},
            get=POST_ONLY_PAGE,
            post=row(LOGIN, 404, 302, 404, R302, 302, R302, R302),
        ),
        # The architect's analysis of the week: every reader of reports; an operator sees only the actions it owns.
        "api:weeklyreport-analysis": Entry(report_label, get=API_CHAIN_RECORD),
        # --- API: problems and recurrence proposals -----------------------------------------------
        "api:problem-list": Entry(
            get=API_ALL,
            post=row(ANON_API, 403, 403, 403, 201, 201, 403, 201),
            payload=lambda w, user: {"title": "Nieuw probleem", "component": w.component.slug, "owner": "architect"},
            json=True,
        ),
        "api:problem-detail": Entry(problem_pk, get=API_KPN_RECORD),
        "api:problem-record-analysis": Entry(
            problem_pk,
            get=API_POST_ONLY,
            post=row(ANON_API, 404, 403, 404, 200, 200, 403, 200),
            payload=fixed({"root_cause": "Geheugenlek", "workaround": "Dagelijks herstarten"}),
            json=True,
        ),
        "api:problem-link-change": Entry(
            problem_pk,
            get=API_POST_ONLY,
            post=row(ANON_API, 404, 403, 404, 200, 200, 403, 200),
            payload=lambda w, user: {"change": w.change.reference},
            json=True,
        ),
        "api:problem-withdraw": Entry(
            problem_pk,
            get=API_POST_ONLY,
            post=row(ANON_API, 404, 403, 404, 200, 200, 403, 200),
            payload=fixed({"reason": "Dubbel"}),
            json=True,
        ),
        "api:problem-incidents": Entry(
            problem_pk,
            get=API_KPN_RECORD,
            post=row(ANON_API, 404, 403, 404, 201, 201, 403, 201),
            payload=lambda w, user: {"incident": w.other_incident.reference, "reason": "Zelfde oorzaak"},
            json=True,
        ),
        "api:recurrenceproposal-list": Entry(get=API_ALL),
        "api:recurrenceproposal-detail": Entry(proposal_pk, get=API_REGIE_AND_VWS),
        "api:recurrenceproposal-accept": Entry(
            proposal_pk, get=API_POST_ONLY, post=row(ANON_API, 404, 404, 404, 403, 200, 403, 403), json=True
        ),
        "api:recurrenceproposal-dismiss": Entry(
            proposal_pk,
            get=API_POST_ONLY,
            post=row(ANON_API, 404, 404, 404, 403, 200, 403, 403),
            payload=fixed({"reason": "Toeval"}),
            json=True,
        ),
    }
