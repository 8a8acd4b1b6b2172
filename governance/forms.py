from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import ReadinessStatus


class ReadinessItemForm(forms.Form):
    """Status, evidence and note of one checklist point, with the reason that goes into its history."""

    status = forms.ChoiceField(label=_("Status"), choices=ReadinessStatus.choices)
    evidence_url = forms.URLField(label=_("Bewijs (link)"), max_length=500, required=False, assume_scheme="https")
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reden van deze wijziging"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)
