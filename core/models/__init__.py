from .audit import AuditVerification
from .sequences import ReferenceSequence
from .tokens import ApiToken

__all__ = ["ApiToken", "AuditVerification", "ReferenceSequence"]
