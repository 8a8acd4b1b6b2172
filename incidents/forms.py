from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from parties.models import Component, Party, Priority

from .models import HoldPeriod, Impact, Incident, IncidentUpdate, ResolutionCode, Urgency


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files; size and type are checked by the service (one rule for pages and API)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ComponentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, component):
        return component.public_name


class IncidentFileForm(forms.Form):
    """The reporter's form: plain words, four questions, done in under a minute."""

    title = forms.CharField(
        label=_("Wat is er aan de hand?"),
        max_length=200,
        error_messages={"required": _("Beschrijf in één zin wat er aan de hand is.")},
        help_text=_("Eén zin, bijvoorbeeld: 'Inloggen op het GGD-portaal lukt niet'."),
    )
    component = ComponentChoiceField(
        label=_("Waar gaat het mis?"),
        queryset=Component.objects.filter(is_active=True).order_by("public_name"),
        empty_label=_("Kies een onderdeel"),
        error_messages={"required": _("Kies het onderdeel waar het misgaat.")},
    )
    impact = forms.ChoiceField(
        label=_("Hoeveel mensen merken het?"),
        choices=Impact.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoeveel mensen het merken.")},
    )
    urgency = forms.ChoiceField(
        label=_("Hoe dringend is het?"),
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe dringend het is.")},
    )
    description = forms.CharField(
        label=_("Toelichting (mag leeg blijven)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat deed u, wat zag u, sinds wanneer?"),
    )
    attachments = MultipleFileField(
        label=_("Bijlagen (mag leeg blijven)"),
        help_text=_("Schermafdruk of logbestand: png, jpg, pdf, txt, log of csv, tot 5 MB per bestand."),
    )

    def __init__(self, *args, known_outages=(), **kwargs):
        """`known_outages`: the open known outages (incidents.outages); with any, the reporter first says
        whether hers is one of them."""
        super().__init__(*args, **kwargs)
        self.known_outages = {str(outage.incident_id): outage for outage in known_outages}
        if self.known_outages:
            choices = [
                (key, _("Ja: %(title)s (sinds %(since)s)") % {"title": outage.title, "since": _local(outage.since)})
                for key, outage in self.known_outages.items()
            ]
            self.fields["known_outage"] = forms.ChoiceField(
                label=_("Gaat uw melding over een bekende storing?"),
                choices=[*choices, ("", _("Nee, het gaat om iets anders"))],
                required=False,
                initial="",
                widget=forms.RadioSelect,
                help_text=_("Dan volgt uw melding die storing: u krijgt haar berichten en oplossing."),
            )
            self.order_fields(["known_outage"])

    def clean(self):
        cleaned = super().clean()
        chosen = self.known_outages.get(cleaned.get("known_outage") or "")
        component = cleaned.get("component")
        if chosen is not None and component is not None and chosen.component_id != component.pk:
            self.add_error("known_outage", _("Die storing gaat over een ander onderdeel dan u koos."))
        cleaned["known_outage"] = chosen.incident_id if chosen is not None else None
        return cleaned


def _local(moment) -> str:
    return date_format(timezone.localtime(moment), "j F H:i")


# What an operator can wait for; waiting for a confirmation is recorded by a reopening, not chosen.
HOLD_CHOICES = [
    (HoldPeriod.WaitingFor.REPORTER, HoldPeriod.WaitingFor.REPORTER.label),
    (HoldPeriod.WaitingFor.PARTY, HoldPeriod.WaitingFor.PARTY.label),
]


class VersionedForm(forms.Form):
    """Carries the version of the incident the user saw, so a stale page gets a conflict."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TriageForm(VersionedForm):
    impact = forms.ChoiceField(label=_("Impact"), choices=Impact.choices)
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices)
    priority = forms.ChoiceField(
        label=_("Prioriteit afwijkend vaststellen"),
        choices=[("", _("Nee, volg impact × urgentie")), *Priority.choices],
        required=False,
    )
    reason = forms.CharField(label=_("Reden"), required=False, max_length=500)


class PartyChoiceField(forms.ChoiceField):
    """A choice among parties the caller reads (a list, or a lazy object that reads them when first used), so
    that the forms of one page share one read, and a form posted without a party reads none."""

    def __init__(self, *, parties=(), **kwargs):
        super().__init__(**kwargs)
        self.label_for = str
        self.parties = parties

    @property
    def parties(self):
        return self._parties

    @parties.setter
    def parties(self, parties) -> None:
        self._parties = parties
        # A callable: the parties are read when the choices are first shown or checked.
        self.choices = lambda: [("", "---------"), *((str(party.pk), self.label_for(party)) for party in parties)]

    def clean(self, value) -> Party | None:
        value = super().clean(value)
        if not value:
            return None
        return next(party for party in self._parties if str(party.pk) == value)


class AssignForm(VersionedForm):
    """Offers only the parties the rules let this user assign the incident to (rules.assignable_parties); a
    party without a contract for the incident's component says so: assigning to it starts no party clock."""

    party = PartyChoiceField(
        label=_("Toewijzen aan"),
        error_messages={"invalid_choice": _("Aan deze partij kunt u dit incident niet toewijzen.")},
    )
    reason = forms.CharField(label=_("Reden"), max_length=500)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["party"]
        field.label_for = _party_label
        field.parties = parties


def _party_label(party) -> str:
    """A party read by selectors.chain_parties knows whether it has a contract for the incident's component."""
    if getattr(party, "has_contract", True):
        return str(party)
    return _("%(party)s (geen contract voor dit onderdeel: geen partijklok)") % {"party": party}


class HoldForm(VersionedForm):
    waiting_for = forms.ChoiceField(label=_("Wacht op"), choices=HOLD_CHOICES)
    waiting_for_party = PartyChoiceField(label=_("Partij (als u op een partij wacht)"), required=False)
    reason = forms.CharField(label=_("Waarop wacht u?"), max_length=500)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["waiting_for_party"].parties = parties


class ReplyForm(forms.Form):
    """A message adds to the incident rather than changing what the user saw: no version, no conflict."""

    body = forms.CharField(label=_("Bericht"), widget=forms.Textarea(attrs={"rows": 4}))
    visibility = forms.ChoiceField(
        label=_("Voor wie"),
        choices=IncidentUpdate.Visibility.choices,
        initial=IncidentUpdate.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    attachments = MultipleFileField(label=_("Bijlagen"))


class ReporterReplyForm(forms.Form):
    body = forms.CharField(label=_("Uw antwoord"), widget=forms.Textarea(attrs={"rows": 4}))
    attachments = MultipleFileField(label=_("Bijlagen"))


class ResolveForm(VersionedForm):
    resolution_code = forms.ChoiceField(label=_("Oplossingscode"), choices=ResolutionCode.choices)
    resolution = forms.CharField(label=_("Oplossing (de melder leest dit)"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(VersionedForm):
    reason = forms.CharField(label=_("Reden"), max_length=500)


class ReporterReopenForm(ReasonForm):
    """Reopening, in the reporter's words: the reason is what still goes wrong."""

    reason = forms.CharField(label=_("Wat gaat er nog mis?"), max_length=500)


class CancelForm(VersionedForm):
    duplicate_of = forms.CharField(label=_("Dubbel van (kenmerk)"), max_length=20)
    reason = forms.CharField(label=_("Toelichting"), required=False, max_length=500)

    def __init__(self, *args, visible_incidents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible_incidents = visible_incidents if visible_incidents is not None else Incident.objects.none()

    def clean_duplicate_of(self):
        reference = self.cleaned_data["duplicate_of"].strip().upper()
        incident = self.visible_incidents.filter(reference=reference).first()
        if incident is None:
            raise forms.ValidationError(_("Geen incident met kenmerk %(reference)s.") % {"reference": reference})
        return incident


class LinkOutageForm(CancelForm):
    """Triage: the report is about a known outage, named by the reference of the incident that stands for it."""

    duplicate_of = None
    outage = forms.CharField(label=_("Bekende storing (kenmerk)"), max_length=20)
    reason = forms.CharField(label=_("Waarom hoort de melding erbij"), max_length=500)

    field_order = ["outage", "reason", "version"]

    def clean_outage(self):
        reference = self.cleaned_data["outage"].strip().upper()
        incident = self.visible_incidents.filter(reference=reference).first()
        if incident is None:
            raise forms.ValidationError(_("Geen incident met kenmerk %(reference)s.") % {"reference": reference})
        return incident


class ActionOnlyForm(VersionedForm):
    """Acknowledge, resume, confirm: a button and the version."""
