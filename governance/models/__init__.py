from .analysis import ActionStatus, ReportAction, ReportFinding
from .readiness import ReadinessGroup, ReadinessItem, ReadinessStatus
from .reports import ReportRun, WeeklyReport

__all__ = [
    "ActionStatus",
    "ReadinessGroup",
    "ReadinessItem",
    "ReadinessStatus",
    "ReportAction",
    "ReportFinding",
    "ReportRun",
    "WeeklyReport",
]
