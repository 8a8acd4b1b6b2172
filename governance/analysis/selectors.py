"""Reads of the architect's analysis for a weekly report, from what the user may see."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from core.weeks import Week
from governance.models import ReportAction, ReportFinding, WeeklyReport
from governance.reports import selectors as report_selectors
from governance.reports.trends import METRIC_LABELS, scope_label

from .querysets import still_open_at


@dataclass
class Analysis:
    findings: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    carried_over: list = field(default_factory=list)  # open actions of earlier reports


def _actions(user):
    return ReportAction.objects.visible_to(user).select_related("owner", "problem", "change", "report", "done_by")


def analysis_of(user, report: WeeklyReport) -> Analysis:
    """This report's findings and actions, and the actions of earlier reports that were still open when its week
    began (open now, or done since): they come back in every next report until done."""
    week_start = Week.from_label(report.label).start
    carried_over = Q(report__week_start__lt=report.week_start) & still_open_at(week_start)
    actions = list(_actions(user).filter(Q(report=report) | carried_over))  # one read, split below
    return Analysis(
        findings=list(
            ReportFinding.objects.visible_to(user)
            .filter(report=report)
            .select_related("recorded_by", "problem", "change")
        ),
        actions=[action for action in actions if action.report_id == report.pk],
        carried_over=[action for action in actions if action.report_id != report.pk],
    )


def anomaly_texts(user, report: WeeklyReport) -> list[str]:
    """The report's anomalies as the user may read them, each in words: what the problem form offers and what a
    problem made from one keeps as its description."""
    metrics = report_selectors.restrict(report.metrics, user)
    return [
        _("%(metric)s (%(scope)s): %(value)s, gemiddeld %(mean)s (%(z)s× de normale spreiding)")
        % {
            "metric": METRIC_LABELS[anomaly["metric"]],
            "scope": scope_label(anomaly["scope"], metrics),
            "value": anomaly["value"],
            "mean": anomaly["mean"],
            "z": anomaly["z"],
        }
        for anomaly in metrics["anomalies"]
    ]
