"""The fast template helpers of row-heavy pages give exactly what Django's own date filter and url tag give."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix
from django.utils import timezone, translation

FORMATS = ["j b H:i", "j b Y H:i", "j F Y H:i", "D j b Y H:i", "l j F Y H:i", "j M Y", "d-m-Y H:i:s", "j-n-Y", "c"]
# Around both daylight-saving switches of 2026 in Amsterdam, a leap day, a year's end and every month.
MOMENTS = [
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 59, 30, 123456, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    datetime(2024, 2, 29, 23, 30, tzinfo=UTC),
    datetime(2025, 12, 31, 23, 5, tzinfo=UTC),
    *(datetime(2026, month, 1 + month, 7, month, tzinfo=UTC) for month in range(1, 13)),
]


def render(source: str, **context) -> str:
    return Template("{% load regie %}" + source).render(Context(context))


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("format_string", FORMATS)
def test_when_formats_every_moment_as_the_date_filter_does(language, format_string):
    with translation.override(language):
        for moment in MOMENTS:
            expected = render("{{ moment|date:format_string }}", moment=moment, format_string=format_string)
            assert render("{{ moment|when:format_string }}", moment=moment, format_string=format_string) == expected


def test_when_shows_local_time_in_the_active_time_zone():
    moment = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    with timezone.override("Europe/Amsterdam"):
        assert render('{{ moment|when:"H:i" }}', moment=moment) == "14:00"
    with timezone.override("America/New_York"):
        assert render('{{ moment|when:"H:i" }}', moment=moment) == "08:00"


@pytest.mark.parametrize(
    ("value", "format_string"),
    [
        (None, "j b Y"),
        ("", "j b Y"),
        (date(2026, 5, 4), "j F Y"),
        (datetime(2026, 5, 4, 9, 30, tzinfo=UTC), "jS \\o\\f F, P"),  # codes the fast path leaves to Django
        (datetime(2026, 5, 4, 9, 30, tzinfo=UTC), "DATETIME_FORMAT"),
    ],
)
def test_when_hands_what_it_does_not_handle_to_the_date_filter(value, format_string):
    with translation.override("nl"):
        expected = render("{{ value|date:format_string }}", value=value, format_string=format_string)
        assert render("{{ value|when:format_string }}", value=value, format_string=format_string) == expected


def test_when_keeps_escaped_characters_literal_and_escapes_html():
    moment = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
    assert render('{{ moment|when:"j b \\<\\b\\> Y" }}', moment=moment) == render(
        '{{ moment|date:"j b \\<\\b\\> Y" }}', moment=moment
    )


@pytest.mark.parametrize("reference", ["INC-2026-000001", "INC-2024-123456", "abc_DEF-9"])
def test_record_url_is_the_url_tag(reference):
    assert render("{% record_url 'incidents:incident_detail' reference %}", reference=reference) == reverse(
        "incidents:incident_detail", args=[reference]
    )
    assert render("{% record_url 'parties:party_detail' reference %}", reference=reference) == reverse(
        "parties:party_detail", args=[reference]
    )


def test_record_url_refuses_what_the_route_refuses():
    with pytest.raises(NoReverseMatch):
        render("{% record_url 'incidents:incident_detail' reference %}", reference="not/a reference")


def test_record_url_follows_the_script_prefix():
    before = get_script_prefix()
    try:
        set_script_prefix("/regie/")
        assert render("{% record_url 'incidents:incident_detail' 'INC-2026-000001' %}") == (
            "/regie/incidents/INC-2026-000001/"
        )
    finally:
        set_script_prefix(before)
