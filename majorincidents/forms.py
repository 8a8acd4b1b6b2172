from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident

from . import rules
from .models import Audience, MajorIncidentUpdate, ReviewAction

REVIEW_ACTION_ROWS = 3


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DeclareForm(forms.Form):
    public_title = forms.CharField(
        label=_("Openbare titel"),
        max_length=200,
        help_text=_("Melders en publiek lezen dit: geen partijen, personen of klokken."),
    )
    coordinator = PersonChoiceField(label=_("Coördinator (CIBG)"), queryset=None)
    reason = forms.CharField(label=_("Waarom is dit een grote verstoring"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = rules.coordinator_candidates()


class UpdateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=MajorIncidentUpdate.Kind.choices,
        initial=MajorIncidentUpdate.Kind.SCHEDULED,
        widget=forms.RadioSelect,
    )
    audiences = forms.MultipleChoiceField(
        label=_("Voor wie"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    public_text = forms.CharField(
        label=_("Openbare tekst (melders en publiek)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Geen interne details, partijen, personen of klokken."),
    )
    internal_text = forms.CharField(
        label=_("Interne tekst (keten en VWS)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class LinkReportForm(forms.Form):
    report = forms.CharField(label=_("Melding (kenmerk)"), max_length=20)
    reason = forms.CharField(label=_("Waarom hoort de melding erbij"), max_length=500)

    def __init__(self, *args, visible_incidents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible_incidents = visible_incidents if visible_incidents is not None else Incident.objects.none()

    def clean_report(self):
        reference = self.cleaned_data["report"].strip().upper()
        incident = self.visible_incidents.filter(reference=reference).first()
        if incident is None:
            raise forms.ValidationError(_("Geen incident met kenmerk %(reference)s.") % {"reference": reference})
        return incident


class CoordinatorForm(VersionedForm):
    coordinator = PersonChoiceField(label=_("Nieuwe coördinator (CIBG)"), queryset=None)
    reason = forms.CharField(label=_("Reden"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = rules.coordinator_candidates()


class ReasonForm(VersionedForm):
    reason = forms.CharField(label=_("Reden"), max_length=500)


class ReviewForm(forms.Form):
    """What went well and wrong, and up to three actions (description, owner, due date); at least one."""

    went_well = forms.CharField(label=_("Wat ging goed"), widget=forms.Textarea(attrs={"rows": 3}))
    went_wrong = forms.CharField(label=_("Wat ging mis"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owners = rules.review_owner_candidates()
        for row in range(1, REVIEW_ACTION_ROWS + 1):
            self.fields[f"action_{row}"] = forms.CharField(
                label=_("Actie %(row)d") % {"row": row}, required=False, max_length=500
            )
            self.fields[f"owner_{row}"] = PersonChoiceField(
                label=_("Eigenaar van actie %(row)d") % {"row": row}, queryset=owners, required=False
            )
            self.fields[f"due_{row}"] = forms.DateField(
                label=_("Uiterlijk (actie %(row)d)") % {"row": row},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def clean(self):
        cleaned = super().clean()
        actions = []
        for row in range(1, REVIEW_ACTION_ROWS + 1):
            description, owner, due = (cleaned.get(f"{name}_{row}") for name in ("action", "owner", "due"))
            if not (description or owner or due):
                continue
            if not (description and owner and due):
                self.add_error(f"action_{row}", _("Geef elke actie een omschrijving, een eigenaar en een datum."))
                continue
            actions.append({"description": description, "owner": owner, "due_on": due})
        if not actions and not self.errors:
            self.add_error("action_1", _("Leg ten minste één verbeteractie vast, met eigenaar en datum."))
        return {"went_well": cleaned.get("went_well"), "went_wrong": cleaned.get("went_wrong"), "actions": actions}


class CompleteActionForm(forms.Form):
    action = forms.ModelChoiceField(queryset=ReviewAction.objects.none(), widget=forms.HiddenInput)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=500)

    def __init__(self, *args, major=None, **kwargs):
        super().__init__(*args, **kwargs)
        if major is not None:
            self.fields["action"].queryset = ReviewAction.objects.filter(review__major=major)
