from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from parties.models import Component
from problems.forms import OwnerChoiceField, problem_owners

from .rules import OWNER_ROLES


def action_owners():
    return (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role__in=OWNER_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class LinkedRecordsForm(forms.Form):
    """Optionally the problem and the change a finding or action is about, by reference."""

    problem = forms.CharField(label=_("Probleem (kenmerk)"), max_length=20, required=False)
    change = forms.CharField(label=_("Wijziging (kenmerk)"), max_length=20, required=False)


class FindingForm(LinkedRecordsForm):
    text = forms.CharField(label=_("Bevinding"), widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["text", "problem", "change"]


class ActionForm(LinkedRecordsForm):
    description = forms.CharField(label=_("Actie"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = OwnerChoiceField(label=_("Eigenaar"), queryset=action_owners())
    due_date = forms.DateField(label=_("Uiterlijk"), widget=forms.DateInput(attrs={"type": "date"}))
    field_order = ["description", "owner", "due_date", "problem", "change"]


class CompleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("Toelichting"), max_length=500, required=False)


class AnomalyProblemForm(forms.Form):
    """One form for all anomalies of a report: the anomaly is chosen, its text becomes the problem's description
    (and its title, unless one is given)."""

    anomaly = forms.ChoiceField(label=_("Afwijking"))
    title = forms.CharField(label=_("Titel van het probleem"), max_length=200, required=False)
    component = forms.ModelChoiceField(label=_("Component"), queryset=Component.objects.order_by("name"))
    owner = OwnerChoiceField(label=_("Eigenaar"), queryset=problem_owners())

    def __init__(self, *args, anomalies: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anomaly"].choices = [(text, text) for text in anomalies]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("anomaly") and not cleaned.get("title"):
            cleaned["title"] = cleaned["anomaly"][:200]
        return cleaned
