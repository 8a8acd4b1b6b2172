from .readiness import ReadinessGroup, ReadinessItem, ReadinessStatus
from .reports import ReportRun, WeeklyReport
from .sequences import ReferenceSequence

__all__ = ["ReadinessGroup", "ReadinessItem", "ReadinessStatus", "ReferenceSequence", "ReportRun", "WeeklyReport"]
