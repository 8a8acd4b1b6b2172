from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import validate_period_day
from parties.access import principal_for
from parties.models import Component, Party, Role

from . import rules
from .models import BlackoutWindow, ChangeRequest, ChangeType, CitizenImpact, Decision, LinkKind, StandardChangeTemplate

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VersionedForm(forms.Form):
    """Carries the version the user saw, so a write based on a stale page is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# Only a standard change takes its plans from its template.
PLAN_REQUIRED = {
    "implementation_plan": _(
        "Beschrijf hoe de wijziging wordt uitgevoerd (alleen een standaardwijziging neemt dit uit haar sjabloon)."
    ),
    "rollback_plan": _("Beschrijf hoe de wijziging wordt teruggedraaid als zij mislukt."),
}


class ChangeRequestForm(forms.ModelForm):
    class Meta:
        model = ChangeRequest
        fields = [
            "title",
            "requesting_party",
            "change_type",
            "template",
            "components",
            "motivation",
            "implementation_plan",
            "rollback_plan",
            "test_evidence",
            "proposed_start",
            "proposed_end",
        ]
        widgets = {
            "components": forms.CheckboxSelectMultiple,
            "change_type": forms.RadioSelect,
            "proposed_start": DATETIME_INPUT,
            "proposed_end": DATETIME_INPUT,
            "motivation": forms.Textarea(attrs={"rows": 3}),
            "implementation_plan": forms.Textarea(attrs={"rows": 4}),
            "rollback_plan": forms.Textarea(attrs={"rows": 3}),
            "test_evidence": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Geef de wijziging een titel.")},
            "requesting_party": {"required": _("Kies de partij die de wijziging aanvraagt.")},
            "change_type": {"required": _("Kies de soort wijziging: standaard, normaal of spoed.")},
            "components": {"required": _("Kies ten minste één onderdeel dat de wijziging raakt.")},
            "motivation": {"required": _("Leg uit waarom de wijziging nodig is.")},
        }
        help_texts = {
            "implementation_plan": _("Bij een standaardwijziging: leeg laten om het plan van het sjabloon te nemen."),
            "test_evidence": _("Verplicht voor een normale wijziging."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parties = Party.objects.filter(pk__in=principal_for(user).party_ids)
        self.fields["requesting_party"].queryset = parties
        self.fields["requesting_party"].initial = parties.first()
        # Only what one of the user's parties may request a change for (changes.rules); the service checks
        # the chosen requesting party again.
        requestable = rules.requestable_components(parties).filter(
            pk__in=Component.objects.visible_to(user), is_active=True
        )
        self.fields["components"].queryset = requestable
        self.fields["template"].queryset = (
            StandardChangeTemplate.objects.visible_to(user)
            .filter(is_active=True, components__in=requestable)
            .distinct()
        )
        self.fields["template"].required = False
        # Every change has a type: no blank "---------" choice among the radio buttons.
        self.fields["change_type"].choices = ChangeType.choices
        for name in ("implementation_plan", "rollback_plan"):
            self.fields[name].required = False  # a standard change takes them from its template

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("change_type") != "standard":
            for name in ("implementation_plan", "rollback_plan"):
                if not cleaned.get(name, "").strip():
                    self.add_error(name, PLAN_REQUIRED[name])
        return cleaned


class AssessmentForm(VersionedForm):
    citizen_impact = forms.ChoiceField(
        label=_("Wat merken burgers ervan?"), choices=CitizenImpact.choices, widget=forms.RadioSelect
    )
    rollback_tested = forms.BooleanField(label=_("Het terugvalplan is getest"), required=False)
    done_before = forms.BooleanField(label=_("Deze wijziging is eerder zo uitgevoerd"), required=False)
    downtime_expected = forms.BooleanField(
        label=_("De dienst is tijdens de wijziging (deels) onderbroken"), required=False
    )
    security_sensitive = forms.BooleanField(
        label=_("De wijziging raakt sleutels, certificaten of persoonsgegevens"), required=False
    )
    comment = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(choices=Decision.choices)
    role = forms.ChoiceField(label=_("Beslis als"), choices=Role.choices, required=False)
    comment = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Verplicht bij afwijzen."),
    )

    def clean_role(self) -> str | None:
        return self.cleaned_data["role"] or None


class ScheduleForm(VersionedForm):
    planned_start = forms.DateTimeField(label=_("Gepland begin"), widget=DATETIME_INPUT)
    planned_end = forms.DateTimeField(label=_("Gepland einde"), widget=DATETIME_INPUT)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end <= start:
            self.add_error("planned_end", _("Het einde moet na het begin liggen."))
        return cleaned


class ReviewForm(VersionedForm):
    what_happened = forms.CharField(label=_("Wat er gebeurde"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(label=_("Vervolgacties"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class TransitionForm(VersionedForm):
    reason = forms.CharField(label=_("Toelichting"), max_length=500, required=False)


class MoveForm(forms.Form):
    """Move up / down (the buttons) or to a position (drag and drop)."""

    direction = forms.ChoiceField(choices=[("up", _("omhoog")), ("down", _("omlaag"))], required=False)
    position = forms.IntegerField(min_value=1, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("direction") and not cleaned.get("position"):
            raise forms.ValidationError(_("Geef een richting of een positie."))
        return cleaned


class BulkScheduleForm(forms.Form):
    changes = forms.ModelMultipleChoiceField(queryset=ChangeRequest.objects.none(), label=_("Standaardwijzigingen"))

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["changes"].queryset = queryset


class BlackoutWindowForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reden"), max_length=200, help_text=_("Komt in de historie."))

    class Meta:
        model = BlackoutWindow
        fields = ["title", "starts_at", "ends_at", "description"]
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 2}),
        }


class CalendarForm(forms.Form):
    month = forms.DateField(label=_("Maand"), input_formats=["%Y-%m"], required=False, validators=[validate_period_day])
    start = forms.DateField(
        label=_("Van"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_period_day],
    )
    end = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_period_day],
    )
    component = forms.ModelChoiceField(
        label=_("Component"), queryset=Component.objects.none(), to_field_name="slug", required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = Component.objects.visible_to(user)


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort koppeling"), choices=LinkKind.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Toelichting"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ChangeIncidentLinkForm(LinkForm):
    """On the change page: which incident, how it relates to this change, and why."""

    incident = forms.CharField(
        label=_("Kenmerk incident"), max_length=20, widget=forms.TextInput(attrs={"placeholder": "INC-2026-000123"})
    )
    field_order = ["incident", "kind", "reason"]


class IncidentChangeLinkForm(LinkForm):
    """On the incident page: which change, how it relates to this incident, and why."""

    change = forms.CharField(
        label=_("Kenmerk wijziging"), max_length=20, widget=forms.TextInput(attrs={"placeholder": "CHG-2026-000042"})
    )
    field_order = ["change", "kind", "reason"]


class UnlinkForm(forms.Form):
    reason = forms.CharField(label=_("Reden voor ontkoppelen"), max_length=200, required=False)
