from .sequences import ReferenceSequence

__all__ = ["ReferenceSequence"]
