"""Refusals of the domain: a page shows the message, the API answers 409."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A request the domain refuses. Pages show it as a message; the API answers 409."""

    default_message = _("Deze actie is niet toegestaan.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class TransitionNotAllowed(DomainError):
    pass


class ConcurrentUpdate(DomainError):
    default_message = _(
        "Iemand anders heeft dit record intussen gewijzigd. Bekijk de nieuwe stand en probeer het opnieuw."
    )
