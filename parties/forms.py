from django import forms
from django.utils.translation import gettext_lazy as _


class AsOfForm(forms.Form):
    """The "as of <date>" question every chain page can answer from history."""

    as_of = forms.DateField(
        label=_("Stand per"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leeg: vandaag."),
    )
