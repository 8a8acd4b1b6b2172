from django.db import models
from django.utils import translation

from changes.models import Approval, ChangeIncidentLink, ChangeRequest, RiskAssessment
from incidents.models import Incident, SlaClock


def test_choice_labels_are_djangos_in_every_language():
    for model in (Incident, SlaClock, ChangeRequest, RiskAssessment, Approval, ChangeIncidentLink):
        for field in model._meta.get_fields():
            if not getattr(field, "choices", None):
                continue
            for value, _label in [*field.flatchoices, ("unknown", None)]:
                instance = model(**{field.attname: value})
                for language in ("nl", "en"):
                    with translation.override(language):
                        expected = models.Model._get_FIELD_display(instance, field)
                        assert getattr(instance, f"get_{field.name}_display")() == expected
