from .audit import AuditVerification
from .readiness import ReadinessGroup, ReadinessItem, ReadinessStatus
from .reports import ReportRun, WeeklyReport
from .sequences import ReferenceSequence
from .tokens import ApiToken, ApiTokenUse

__all__ = [
    "ApiToken",
    "ApiTokenUse",
    "AuditVerification",
    "ReadinessGroup",
    "ReadinessItem",
    "ReadinessStatus",
    "ReferenceSequence",
    "ReportRun",
    "WeeklyReport",
]
