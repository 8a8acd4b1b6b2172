"""The API's parsers. A separate module: DRF imports the parsers named in its settings while
rest_framework.views is still loading, so this must not import views (core.api does)."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 32


class JSONParser(parsers.JSONParser):
    """Every API endpoint's JSON parser. A body nested deeper than MAX_JSON_DEPTH (Python's parser would run out of
    stack at some depth) or with a NUL character in a key or value (PostgreSQL refuses NUL in text) is refused
    here with 400, before any serializer or query sees it."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as too_deep:
            raise ParseError(_("De JSON is te diep genest.")) from too_deep
        refuse_deep_or_nul(data)
        return data


class FormParser(parsers.FormParser):
    """Form bodies on the API: a NUL character in a field's name or value is refused with 400, as in JSON."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        refuse_deep_or_nul(dict(data.lists()))
        return data


class MultiPartParser(parsers.MultiPartParser):
    """Multipart bodies on the API (uploads): a NUL character in a field's name or value is refused with 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        refuse_deep_or_nul(dict(parsed.data.lists()))
        return parsed


def refuse_deep_or_nul(data) -> None:
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise ParseError(_("De JSON is te diep genest."))
        if isinstance(value, str):
            if "\x00" in value:
                raise ParseError(_("Het verzoek bevat een ongeldig teken (NUL) en is niet verwerkt."))
        elif isinstance(value, dict):
            pending.extend((key, depth + 1) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
