"""History reasons in the reader's language.

Services store a reason as text, in the language that was active when they wrote it: Dutch from tasks
("Normbewaking") and for most users, English when a reader of the English portal acted. Stored rows never
change (the audit chain seals them), so a known reason is translated when it is shown. The English message
catalogue is read both ways; a reason built from a template ("In de wacht: %(reason)s") is recognised by its
fixed words, and what was filled in (a typed explanation, a party) stays as written unless it is itself a
known phrase. Services also join known phrases without a template ("Ingediend: <typed reason>", "Goedgekeurd
(Architect)", "waarschuwing reactie"); those are read as such joins. Text nobody wrote from the catalogue (a
reason typed in the admin) is shown as it is.
"""

import re
from functools import lru_cache

from django.utils import translation
from django.utils.translation.trans_real import translation as catalogue_of

TRANSLATED_LANGUAGE = "en"
SOURCE_LANGUAGE = "nl"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
WITH_PARENTHESES = re.compile(r"(.+) \((.+)\)")
# A template needs this many fixed characters before it may claim a stored reason ("%(a)s: %(b)s" may not).
MINIMUM_FIXED_TEXT = 4


class _Direction:
    """Known phrases and templates of one language, each with its counterpart in the other."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.phrases = {}
        self.templates = []
        for source, target in pairs:
            if "%" not in source:
                self.phrases.setdefault(source, target)
                continue
            pattern = _pattern(source)
            if pattern is not None and set(PLACEHOLDER.findall(source)) == set(PLACEHOLDER.findall(target)):
                self.templates.append((pattern, target, len(PLACEHOLDER.sub("", source))))
        # The template with the most fixed words wins when two fit.
        self.templates.sort(key=lambda template: -template[2])

    def translate(self, text: str) -> str | None:
        if text in self.phrases:
            return self.phrases[text]
        for pattern, target, _fixed in self.templates:
            match = pattern.fullmatch(text)
            if match:
                values = {name: self.phrases.get(value, value) for name, value in match.groupdict().items()}
                return target.replace("%%", "%") if not values else _fill(target, values)
        return self._joined(text)

    def _joined(self, text: str) -> str | None:
        """Known phrases joined by a service: "<phrase>: <anything>", "<phrase> (<phrase>)", "<phrase> <phrase>"."""
        head, colon, tail = text.partition(": ")
        if colon and head in self.phrases:
            return f"{self.phrases[head]}: {self.phrases.get(tail, tail)}"
        match = WITH_PARENTHESES.fullmatch(text)
        if match and match[1] in self.phrases and match[2] in self.phrases:
            return f"{self.phrases[match[1]]} ({self.phrases[match[2]]})"
        for position in (index for index, character in enumerate(text) if character == " "):
            left, right = text[:position], text[position + 1 :]
            if left in self.phrases and right in self.phrases:
                return f"{self.phrases[left]} {self.phrases[right]}"
        return None


def _pattern(template: str) -> re.Pattern | None:
    """A regular expression matching what `template % values` gives, with a group per placeholder."""
    if "%" in PLACEHOLDER.sub("", template).replace("%%", ""):
        return None  # other conversions (%d, %s) are not written into reasons
    if len(PLACEHOLDER.sub("", template)) < MINIMUM_FIXED_TEXT:
        return None
    parts, seen, position = [], set(), 0
    for match in PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position : match.start()].replace("%%", "%")))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        position = match.end()
    parts.append(re.escape(template[position:].replace("%%", "%")))
    return re.compile("".join(parts), re.DOTALL)


def _fill(template: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template).replace("%%", "%")


@lru_cache(maxsize=1)
def _directions() -> dict[str, _Direction]:
    """{language to show: the phrases of the other language mapped to it}."""
    pairs = [
        (source, target)
        for source, target in catalogue_of(TRANSLATED_LANGUAGE)._catalog.items()
        if isinstance(source, str) and source and target and "\x04" not in source
    ]
    return {
        TRANSLATED_LANGUAGE: _Direction(pairs),
        SOURCE_LANGUAGE: _Direction([(target, source) for source, target in pairs]),
    }


def reason_in_language(reason: str | None) -> str:
    """The stored reason in the active language when it is a known one, otherwise as stored."""
    if not reason:
        return reason or ""
    return _in_language(reason, (translation.get_language() or SOURCE_LANGUAGE).split("-")[0])


@lru_cache(maxsize=4096)
def _in_language(reason: str, language: str) -> str:
    """Reasons repeat (every nightly check writes the same one): each is worked out once per language."""
    direction = _directions().get(language)
    if direction is None:
        return reason
    return direction.translate(reason) or reason
