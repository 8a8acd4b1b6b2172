"""The permission matrix's rows (test_permission_matrix.MATRIX) for the incident API, on the incidents of the matrix's
world. Read by the matrix once it has defined its outcomes and helpers, hence the import inside the function."""


def incident_api_rows() -> dict:
    from .test_permission_matrix import (
        ANON_API,
        API_ALL,
        API_INCIDENT,
        API_KPN_RECORD,
        API_POST_ONLY,
        Entry,
        fixed,
        incident_ref,
        other_ref,
        row,
    )

    return {
        # --- API: incidents -------------------------------------------------------------------------
        "api:incident-list": Entry(
            get=API_ALL,
            post=row(ANON_API, 201, 201, 201, 201, 201, 403, 201),
            payload=lambda w, user: {
                "title": "Inloggen lukt niet",
                "component": w.component.slug,
                "impact": "low",
                "urgency": "low",
            },
            json=True,
        ),
        "api:incident-detail": Entry(incident_ref, get=API_INCIDENT),
        "api:incident-triage": Entry(
            incident_ref,
            get=API_POST_ONLY,
            post=row(ANON_API, 403, 200, 404, 200, 200, 403, 200),
            payload=fixed({"impact": "high", "urgency": "medium"}),
            json=True,
        ),
        "api:incident-assign": Entry(
            incident_ref,
            get=API_POST_ONLY,
            # KPN may pass it back up to CIBG, the party it works for.
            post=row(ANON_API, 403, 200, 404, 200, 200, 403, 200),
            payload=fixed({"party": "cibg", "reason": "Terug naar de regie"}),
            json=True,
        ),
        "api:incident-acknowledge": Entry(
            incident_ref, get=API_POST_ONLY, post=row(ANON_API, 403, 200, 404, 200, 200, 403, 200), json=True
        ),
        "api:incident-hold": Entry(
            incident_ref,
            get=API_POST_ONLY,
            post=row(ANON_API, 403, 409, 404, 409, 409, 403, 409),  # only from "in progress"
            payload=fixed({"waiting_for": "reporter", "reason": "Welke browser?"}),
            json=True,
        ),
        "api:incident-resume": Entry(
            incident_ref, get=API_POST_ONLY, post=row(ANON_API, 403, 409, 404, 409, 409, 403, 409), json=True
        ),
        "api:incident-resolve": Entry(
            incident_ref,
            get=API_POST_ONLY,
            post=row(ANON_API, 403, 409, 404, 409, 409, 403, 409),
            payload=fixed({"resolution_code": "fixed", "resolution": "Server herstart"}),
            json=True,
        ),
        # Confirm and reopen are the reporter's (or the regie party's on its behalf); not while assigned.
        "api:incident-confirm": Entry(
            incident_ref, get=API_POST_ONLY, post=row(ANON_API, 409, 403, 404, 409, 409, 403, 409), json=True
        ),
        "api:incident-reopen": Entry(
            incident_ref,
            get=API_POST_ONLY,
            post=row(ANON_API, 409, 403, 404, 409, 409, 403, 409),
            payload=fixed({"reason": "Nog steeds kapot"}),
            json=True,
        ),
        "api:incident-cancel": Entry(
            incident_ref,
            get=API_POST_ONLY,
            post=row(ANON_API, 403, 200, 404, 200, 200, 403, 200),
            payload=lambda w, user: {"duplicate_of": w.other_incident.reference, "reason": "Zelfde storing"},
            json=True,
        ),
        # Linking a report to a known outage (the major incident's incident) is triage at the regie party.
        "api:incident-link-outage": Entry(
            other_ref,
            get=API_POST_ONLY,
            post=row(ANON_API, 403, 403, 404, 200, 200, 403, 200),
            payload=lambda w, user: {"outage": w.incident.reference, "reason": "Zelfde storing"},
            json=True,
        ),
        "api:incident-detach-outage": Entry(
            other_ref,
            get=API_POST_ONLY,
            post=row(ANON_API, 403, 403, 404, 400, 400, 403, 400),  # it follows no outage
            payload=fixed({"reason": "Toch iets anders"}),
            json=True,
        ),
        "api:incident-updates": Entry(
            incident_ref,
            get=API_INCIDENT,
            post=row(ANON_API, 201, 201, 404, 201, 201, 403, 201),
            payload=fixed({"body": "We kijken ernaar.", "visibility": "public"}),
            json=True,
        ),
        "api:incident-changes": Entry(incident_ref, get=API_KPN_RECORD),
    }
