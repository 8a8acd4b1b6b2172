import functools
import re
from datetime import datetime, timedelta

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix, reverse
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """Business time as hours and minutes ("36 u 05 min"): days mean little when a day is 9 hours."""
    if value is None:
        return "–"
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return _("%(hours)d u %(minutes)02d min") % {"hours": hours, "minutes": minutes}


# --- Row-heavy pages --------------------------------------------------------------------------------
# A list of fifty incidents formats a hundred dates and links fifty records. Django's date filter and
# {% url %} are general (any format, any route) and cost tens of microseconds a call; these do the common
# cases directly and hand anything else to Django.

_DATE_CODES = {
    "c": lambda d: d.isoformat(),
    "j": lambda d: str(d.day),
    "d": lambda d: f"{d.day:02d}",
    "n": lambda d: str(d.month),
    "m": lambda d: f"{d.month:02d}",
    "Y": lambda d: str(d.year),
    "H": lambda d: f"{d.hour:02d}",
    "i": lambda d: f"{d.minute:02d}",
    "s": lambda d: f"{d.second:02d}",
    "b": lambda d: _names()["b"][d.month],
    "M": lambda d: _names()["M"][d.month],
    "F": lambda d: _names()["F"][d.month],
    "D": lambda d: _names()["D"][d.weekday()],
    "l": lambda d: _names()["l"][d.weekday()],
}
_names_by_language: dict[str | None, dict[str, dict[int, str]]] = {}


def _names() -> dict[str, dict[int, str]]:
    """Month and weekday names in the active language, translated once per language."""
    language = get_language()
    names = _names_by_language.get(language)
    if names is None:
        names = _names_by_language[language] = {
            "b": {month: str(name) for month, name in MONTHS_3.items()},
            "M": {month: str(name).title() for month, name in MONTHS_3.items()},
            "F": {month: str(name) for month, name in MONTHS.items()},
            "D": {day: str(name) for day, name in WEEKDAYS_ABBR.items()},
            "l": {day: str(name) for day, name in WEEKDAYS.items()},
        }
    return names


@functools.lru_cache(maxsize=64)
def _date_pieces(format_string: str) -> tuple | None:
    """The format as literal text and formatting functions; None when it uses a code not handled here."""
    pieces, escaped = [], False
    for char in format_string:
        if escaped:
            pieces.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in _DATE_CODES:
            pieces.append(_DATE_CODES[char])
        elif char.isalpha():
            return None
        else:
            pieces.append(char)
    return tuple(pieces)


@register.filter(expects_localtime=True, is_safe=False)
def when(value, format_string: str) -> str:
    """Django's `date` filter, for the day, month, year, time and name codes, several times faster (the
    pages that format a date on every row use it); any other value or code is handed to `date`."""
    pieces = _date_pieces(format_string) if type(value) is datetime else None
    if pieces is None:
        return date_filter(value, format_string)
    return "".join(piece if type(piece) is str else piece(value) for piece in pieces)


_RECORD_KEY = "record-key-placeholder"
_SLUG_KEY = re.compile(r"[-a-zA-Z0-9_]+")


@functools.lru_cache(maxsize=128)
def _route_around_key(viewname: str, script_prefix: str) -> tuple[str, str]:
    head, _key, tail = reverse(viewname, args=[_RECORD_KEY]).partition(_RECORD_KEY)
    return head, tail


@register.simple_tag
def record_url(viewname: str, key) -> str:
    """`{% url viewname key %}` for a route whose one argument is a record's slug or reference: the route
    is resolved once, not once per row."""
    key = str(key)
    if not _SLUG_KEY.fullmatch(key):
        return reverse(viewname, args=[key])
    head, tail = _route_around_key(viewname, get_script_prefix())
    return f"{head}{key}{tail}"
