from .reports import ReportRun, WeeklyReport
from .sequences import ReferenceSequence

__all__ = ["ReferenceSequence", "ReportRun", "WeeklyReport"]
