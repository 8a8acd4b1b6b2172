"""Wording a mail: the kind's template in the recipient's language, as plain text and HTML, with an
absolute link to the record."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

TEXT_LAYOUT = "notifications/mail/layout.txt"
HTML_LAYOUT = "notifications/mail/layout.html"
SUBJECT_LAYOUT = "notifications/mail/subject.txt"


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


def absolute(path: str) -> str:
    """The portal's address (PORTAL_URL) before a path, so a link in a mail opens the record."""
    return settings.PORTAL_URL.rstrip("/") + path


def one_line(text: str) -> str:
    return " ".join(text.split())


def _tidy(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def subject(template: str, context: dict, language: str) -> str:
    with translation.override(language):
        return one_line(render_to_string(template, {**context, "layout": SUBJECT_LAYOUT}))


def render(template: str, context: dict, language: str) -> Mail:
    """The mail of one kind for one recipient: `context["url"]` is the record's path."""
    with translation.override(language):
        context = {
            **context,
            "url": absolute(context["url"]),
            "preferences_url": absolute(reverse("notifications:preferences")),
            "language": language,
        }
        return Mail(
            subject=one_line(render_to_string(template, {**context, "layout": SUBJECT_LAYOUT})),
            text=_tidy(render_to_string(template, {**context, "layout": TEXT_LAYOUT})),
            html=render_to_string(template, {**context, "layout": HTML_LAYOUT}),
        )


def render_digest(lines: list[dict], language: str) -> Mail:
    """One mail listing every pending item: each line has `subject` and `url` (absolute)."""
    with translation.override(language):
        context = {
            "lines": lines,
            "preferences_url": absolute(reverse("notifications:preferences")),
            "language": language,
        }
        return Mail(
            subject=one_line(render_to_string("notifications/mail/digest_subject.txt", context)),
            text=_tidy(render_to_string("notifications/mail/digest.txt", context)),
            html=render_to_string("notifications/mail/digest.html", context),
        )
