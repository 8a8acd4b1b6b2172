from .readiness import ReadinessGroup, ReadinessItem, ReadinessStatus
from .reports import ReportRun, WeeklyReport

__all__ = ["ReadinessGroup", "ReadinessItem", "ReadinessStatus", "ReportRun", "WeeklyReport"]
