from .analysis import ActionStatus, ReportAction, ReportFinding
from .live import LiveFigures
from .readiness import ReadinessGroup, ReadinessItem, ReadinessStatus
from .reports import ReportRun, WeeklyBreach, WeeklyBreachHolder, WeeklyReport

__all__ = [
    "ActionStatus",
    "LiveFigures",
    "ReadinessGroup",
    "ReadinessItem",
    "ReadinessStatus",
    "ReportAction",
    "ReportFinding",
    "ReportRun",
    "WeeklyBreach",
    "WeeklyBreachHolder",
    "WeeklyReport",
]
