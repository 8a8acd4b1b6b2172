"""History reasons are stored as text in the language of whoever (or whatever) wrote them, and shown in the
reader's language when they are known ones."""

from django.utils import translation

from core.reasons import reason_in_language


def test_a_reason_written_by_the_nightly_check_reads_in_english_for_the_english_reader():
    with translation.override("en"):
        assert reason_in_language("Normbewaking") == "Target monitoring"
    with translation.override("nl"):
        assert reason_in_language("Normbewaking") == "Normbewaking"


def test_a_reason_written_in_english_reads_in_dutch_for_the_dutch_reader():
    with translation.override("nl"):
        assert reason_in_language("Target monitoring") == "Normbewaking"


def test_a_reason_with_typed_text_keeps_the_text_and_translates_the_rest():
    with translation.override("en"):
        assert reason_in_language("In de wacht: wacht op logbestanden") == "On hold: wacht op logbestanden"
        assert reason_in_language("Risicobeoordeling: hoog") == "Risk assessment: high"
    with translation.override("nl"):
        assert reason_in_language("On hold: waiting for logs") == "In de wacht: waiting for logs"


def test_a_reason_nobody_wrote_from_the_catalogue_is_shown_as_it_is():
    with translation.override("en"):
        assert reason_in_language("Zelf ingevuld in het beheer") == "Zelf ingevuld in het beheer"
        assert reason_in_language("") == ""
        assert reason_in_language(None) == ""


def test_known_phrases_joined_by_a_service_are_each_translated():
    with translation.override("en"):
        assert reason_in_language("waarschuwing reactie") == "warning response"
        assert reason_in_language("Goedgekeurd (Systeemarchitect)") == "Approved (System Architect)"
        assert reason_in_language("Koppeling vastgelegd: zelfde storing") == "Link recorded: zelfde storing"
