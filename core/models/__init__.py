from . import accounts  # noqa: F401  (registers the history of user accounts)
from .audit import AuditVerification
from .sequences import ReferenceSequence
from .tokens import ApiToken

__all__ = ["ApiToken", "AuditVerification", "ReferenceSequence"]
