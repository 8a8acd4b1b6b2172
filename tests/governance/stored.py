"""A stored weekly report read back whole: its figures with its attributed breaches, which are rows of their own
(WeeklyBreach), under "attribution" as the week's computation gave them."""

from governance.models import WeeklyReport


def stored_metrics(report: WeeklyReport) -> dict:
    breaches = report.breaches.order_by("position").values_list("attribution", flat=True)
    return {**report.metrics, "attribution": list(breaches)}
