from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Delivery


class MailPreferencesForm(forms.Form):
    """The language, and one choice per kind the user may change; fixed kinds are shown, not asked."""

    language = forms.ChoiceField(label=_("Taal van de mail"), choices=settings.LANGUAGES)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        for choice in choices:
            if not choice.fixed:
                self.fields[f"kind_{choice.kind.code}"] = forms.ChoiceField(
                    label=choice.kind.label, choices=Delivery.choices, initial=choice.delivery, required=False
                )

    def deliveries(self) -> dict[str, str]:
        """The choices posted; a kind left out keeps its current choice."""
        return {
            name.removeprefix("kind_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("kind_") and value
        }
