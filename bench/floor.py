"""Floor views: for each benchmarked page, the same main query rendered as plain rows, with no
template, form, filter set, message or session work. Served by the same gunicorn (bench/urls.py),
without a session cookie, so the middleware does nothing but pass the request through. A page's
latency divided by its floor's says how much the framework adds to what the data minimally costs.

Benchmark only: no access checks, the user whose view is rebuilt is named in `?user=`.
"""

import json
from html import escape

from django.contrib.auth import get_user_model
from django.http import HttpResponse, JsonResponse

from changes import selectors as change_selectors
from core.weeks import Week
from governance.models import WeeklyReport
from governance.reports.live import live_figures_for
from governance.reports.selectors import stored_weeks
from incidents.models import OPEN_STATUSES, Incident, IncidentUpdate

_users: dict[str, object] = {}


def _user(request):
    username = request.GET.get("user", "po")
    if username not in _users:
        _users[username] = get_user_model().objects.get(username=username)
    return _users[username]


def _rows(rows) -> HttpResponse:
    body = "".join("<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    return HttpResponse(f"<table>{body}</table>")


def incident_list(request):
    """Open incidents of one party, newest first, page of 50 (and the count the pager needs)."""
    user = _user(request)
    incidents = Incident.objects.visible_to(user).select_related("component", "assigned_party")
    if request.GET.get("scope") == "mine":
        from parties.access import principal_for

        incidents = incidents.filter(assigned_party_id__in=principal_for(user).party_ids)
    if party := request.GET.get("assigned_party"):
        incidents = incidents.filter(assigned_party__slug=party)
    incidents = incidents.filter(status__in=OPEN_STATUSES).order_by("-reported_at")
    total = incidents.count()
    rows = [
        (i.reference, i.title, i.component.name, i.priority, i.status, i.assigned_party, i.reported_at, i.due_at)
        for i in incidents[:50]
    ]
    return _rows([(total,), *rows])


def incident_detail(request, reference):
    """The records the detail page shows: the incident, its messages with their authors and attachments, its
    history rows with their users, its assignments, holds and clocks."""
    incident = Incident.objects.select_related(
        "component", "assigned_party", "reporter_party", "reported_by", "duplicate_of"
    ).get(reference=reference)
    updates = IncidentUpdate.objects.filter(incident=incident).select_related("author", "author_party")
    rows = [(incident.reference, incident.title, incident.status, incident.component.name, incident.reported_at)]
    rows += [(u.created_at, u.author.get_full_name(), u.author_party.name, u.visibility, u.body) for u in updates]
    rows += [(a.original_name, a.size, a.update_id) for a in incident.attachments.all()]
    rows += [
        (h.history_date, h.history_type, h.status, h.history_change_reason, h.history_user and h.history_user.username)
        for h in incident.history.select_related("history_user").order_by("history_date", "history_id")
    ]
    rows += [
        (a.started_at, a.party.name, a.assigned_by.username, a.reason)
        for a in incident.assignments.select_related("party", "assigned_by")
    ]
    rows += [(h.started_at, h.ended_at, h.waiting_for, h.reason) for h in incident.hold_periods.all()]
    rows += [
        (c.scope, c.party.name, c.agreement_reference, c.priority, c.started_at, c.stopped_at)
        for c in incident.clocks.select_related("party").order_by("scope", "started_at")
    ]
    return _rows(rows)


def board(request):
    """The backlog in rank order with decisions, collisions and freeze periods (the selector's queries)."""
    changes = change_selectors.board(_user(request))
    return _rows(
        (c.rank, c.reference, c.title, c.risk, c.decision_count, len(c.collisions), len(c.blackouts)) for c in changes
    )


def dashboard(request):
    """The current week's stored figures (compliance rows per party and agreement, open incidents by priority and
    age, the open P1 incidents) and the stored weeks behind the trend charts."""
    figures = live_figures_for(None).figures
    rows = []
    for by in ("parties", "agreements"):
        rows += [(key, row["name"], row["received"]) for key, row in figures[by].items()]
    rows += [(priority, *bands.values()) for priority, bands in figures["open"].items()]
    rows += [(major["reference"], major["title"], major["component_name"]) for major in figures["major"]]
    rows += [(report.label, report.metrics["incidents"]["total"]) for report in stored_weeks()]
    return _rows(rows)


def weekly(request, label):
    """The stored report of one week: its per-component and per-party rows and its first 50 attributed breaches."""
    report = WeeklyReport.objects.get(week_start=Week.from_label(label).monday)
    metrics = report.metrics
    rows = [(slug, *figures.values()) for slug, figures in sorted(metrics["incidents"]["by_component"].items())]
    rows += [(slug, *figures.values()) for slug, figures in sorted(metrics["parties"].items())]
    rows += [
        (
            breach["incident"],
            breach["priority"],
            breach["component"],
            breach["target"],
            breach["raised_at"],
            "; ".join(f"{leg['party']} {leg['share_percent']}%" for leg in breach["legs"]),
        )
        # the page shows the attributed breaches 50 at a time
        for breach in report.breaches.order_by("position").values_list("attribution", flat=True)[:50]
    ]
    return _rows(rows)


def api_incidents(request):
    """Page 1 of the incident list as JSON: the same rows, plain values, and no count (the API pages with a cursor)."""
    incidents = Incident.objects.visible_to(_user(request)).order_by("-reported_at")
    fields = ("reference", "title", "status", "priority", "component__slug", "assigned_party__slug", "reported_at")
    return JsonResponse(
        {"results": list(incidents.values(*fields)[:50])},
        json_dumps_params={"default": str},
    )


def api_changes(request):
    """Page 1 of the change list as JSON with each change's components (the API's page and prefetch, no count)."""
    changes = change_selectors.changes_for_list(_user(request))
    page = list(changes.order_by("-created_at", "-pk")[:50])
    body = {
        "results": [
            {
                "reference": change.reference,
                "title": change.title,
                "status": change.status,
                "requesting_party": change.requesting_party.slug,
                "components": [component.slug for component in change.components.all()],
            }
            for change in page
        ],
    }
    return HttpResponse(json.dumps(body), content_type="application/json")
