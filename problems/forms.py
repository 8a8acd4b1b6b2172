from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from parties.models import Component, Role


class VersionedForm(forms.Form):
    """Carries the version the user saw, so a write based on a stale page is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def problem_owners():
    """Who may own a problem: the CIBG System Architects and Product Owners."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role__in=[Role.SYSTEM_ARCHITECT, Role.PRODUCT_OWNER])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class ProblemForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    component = forms.ModelChoiceField(label=_("Component"), queryset=Component.objects.order_by("name"))
    owner = OwnerChoiceField(label=_("Eigenaar"), queryset=problem_owners())
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    incidents = forms.CharField(
        label=_("Incidenten"),
        required=False,
        help_text=_("Kenmerken gescheiden door spaties of komma's, bijvoorbeeld INC-2026-000123."),
    )

    def clean_incidents(self) -> list[str]:
        return [part for part in self.cleaned_data["incidents"].replace(",", " ").split() if part]


class AnalysisForm(VersionedForm):
    root_cause = forms.CharField(label=_("Oorzaak"), widget=forms.Textarea(attrs={"rows": 4}))
    workaround = forms.CharField(label=_("Omzeiling"), widget=forms.Textarea(attrs={"rows": 3}))


class LinkChangeForm(VersionedForm):
    change = forms.CharField(label=_("Kenmerk wijziging"), max_length=20, help_text=_("Bijvoorbeeld CHG-2026-000042."))
    reason = forms.CharField(label=_("Toelichting"), max_length=500, required=False)


class ReasonForm(VersionedForm):
    reason = forms.CharField(label=_("Reden"), max_length=500)


class LinkIncidentForm(forms.Form):
    incident = forms.CharField(label=_("Kenmerk incident"), max_length=20)
    reason = forms.CharField(label=_("Toelichting"), max_length=500)


class AcceptForm(VersionedForm):
    title = forms.CharField(label=_("Titel van het probleem"), max_length=200, required=False)
    owner = OwnerChoiceField(label=_("Eigenaar"), queryset=problem_owners(), required=False)
    reason = forms.CharField(label=_("Toelichting"), max_length=500, required=False)
