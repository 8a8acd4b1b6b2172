"""The major incident's part of the breach evidence pack (incidents.evidence): the declaration, the coordinator,
the communication log and the review with its actions, for an incident that is or follows a major incident."""

from django.utils import timezone

from . import selectors
from .models import MajorIncident, MajorIncidentReview


def _person(user) -> str:
    return user.get_full_name() or user.username


def _local(moment):
    return timezone.localtime(moment) if moment is not None else None


def major_incident_section(incident, user) -> dict | None:
    major = selectors.major_for_incident(incident)
    if major is None or not MajorIncident.objects.visible_to(user).filter(pk=major.pk).exists():
        return None
    review = MajorIncidentReview.objects.filter(major=major).prefetch_related("actions__owner").first()
    return {
        "reference": major.incident.reference,
        "public_title": major.public_title,
        "status": major.status,
        "status_label": str(major.get_status_display()),
        "coordinator": _person(major.coordinator),
        "declared_by": _person(major.declared_by),
        "declared_at": _local(major.declared_at),
        "update_interval_minutes": major.update_interval_minutes,
        "stood_down_at": _local(major.stood_down_at),
        "closed_at": _local(major.closed_at),
        "updates": [
            {
                "posted_at": _local(update.posted_at),
                "kind": update.kind,
                "audiences": update.audiences,
                "public_text": update.public_text,
                "internal_text": update.internal_text,
                "author": _person(update.author),
            }
            for update in major.updates.select_related("author")
        ],
        "review": None
        if review is None
        else {
            "filed_at": _local(review.filed_at),
            "filed_by": _person(review.filed_by),
            "timeline": review.timeline,
            "went_well": review.went_well,
            "went_wrong": review.went_wrong,
            "actions": [
                {
                    "description": action.description,
                    "owner": _person(action.owner),
                    "due_on": action.due_on,
                    "done_at": _local(action.done_at),
                }
                for action in review.actions.all()
            ],
        },
    }
