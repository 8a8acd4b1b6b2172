from .audit import AuditVerification
from .sequences import ReferenceSequence
from .tokens import ApiToken, ApiTokenUse

__all__ = ["ApiToken", "ApiTokenUse", "AuditVerification", "ReferenceSequence"]
