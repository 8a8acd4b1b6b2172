"""Links from the dashboard's change shares to exactly the changes each share counts: the emergency share is
the emergency changes among those submitted in the week; the change failure rate the changes that failed
among those that were completed or failed in it (governance.reports.metrics.change_metrics)."""

from core.weeks import Week

from .selectors import change_list_url


def change_share_links(week: Week | None) -> dict:
    if week is None:
        return {}
    submitted = {"submitted_from": week.start, "submitted_before": week.end}
    reached = {"reached_from": week.start, "reached_before": week.end}
    return {
        "submitted": change_list_url(**submitted),
        "emergency": change_list_url(**submitted, change_type="emergency"),
        "failed": change_list_url(**reached, reached="failed"),
        "completed": change_list_url(**reached, reached="completed"),
    }
