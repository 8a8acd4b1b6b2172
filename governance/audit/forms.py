"""The audit page's filters: party, user, model and period (days in Europe/Amsterdam)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.filters import validate_period_day
from parties.models import Party

from .selectors import AuditFilter, model_choices, model_for_label


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.get_username()})" if full_name else obj.get_username()


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    party = forms.ModelChoiceField(
        label=_("Partij"),
        queryset=Party.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle partijen"),
        help_text=_("Wijzigingen door mensen die op die dag lid waren van deze partij."),
    )
    user = UserChoiceField(
        label=_("Persoon"),
        queryset=get_user_model()._default_manager.order_by("username"),
        to_field_name="username",
        required=False,
        empty_label=_("Iedereen"),
    )
    model = forms.ChoiceField(label=_("Soort record"), required=False)
    since = forms.DateField(label=_("Vanaf"), required=False, widget=DayInput(), validators=[validate_period_day])
    until = forms.DateField(label=_("Tot en met"), required=False, widget=DayInput(), validators=[validate_period_day])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("Alle soorten")), *model_choices()]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            message = _("De begindatum ligt na de einddatum.")
            self.add_error("since", message)
            self.add_error("until", message)
        return cleaned

    def audit_filter(self) -> AuditFilter:
        """The filter the valid fields describe; a field with an error is left out (the page says which)."""
        data = getattr(self, "cleaned_data", {})
        return AuditFilter(
            party=data.get("party"),
            user=data.get("user"),
            model=model_for_label(data["model"]) if data.get("model") else None,
            since=data.get("since"),
            until=data.get("until"),
        )
