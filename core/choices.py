"""Choice labels without Django's per-call cost.

Django's `get_FOO_display` builds a dict of every choice on each call and hashes each (lazy, translatable)
label to do so, which translates every label of the field every time: on a list of 50 incidents that is
thousands of translations for a few dozen labels shown. This builds the value → label map once per field;
the label is still translated when it is shown, in the language of the request.
"""

from django.utils.encoding import force_str

_labels: dict = {}


class QuickChoiceLabels:
    """Mixin for models: every `get_FOO_display` reads a map built once per field."""

    def _get_FIELD_display(self, field):  # the method every get_FOO_display calls
        labels = _labels.get(field)
        if labels is None:
            labels = _labels[field] = dict(field.flatchoices)
        value = getattr(self, field.attname)
        return force_str(labels.get(value, value), strings_only=True)
