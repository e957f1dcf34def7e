"""Text normalisation shared by quote checking, slugs and search.

Three different needs, three functions:

- :func:`match_normalise` keeps case and letters but folds what a PDF or a typist changes (the ``ĳ`` ligature,
  white space and line breaks, hyphens at line ends, typographic quotes), and remembers where every character
  came from, so a quote found in the normalised text maps back to the verbatim span of the source;
- :func:`fold` is for search: case-, accent- and ligature-insensitive;
- :func:`slugify` makes the slug of an IRI from an official Dutch name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_LIGATURES = {"ĳ": "ij", "Ĳ": "IJ", "ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl"}
_QUOTES = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "´": "'", "`": "'"}
_DASHES = {"‐": "-", "‑": "-", "–": "-", "—": "-"}


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """A normalised text with, for every character, the offset of the source character it came from."""

    text: str
    origin: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the half-open span ``[start, end)`` of :attr:`text` back to a span of the source text."""
        return self.origin[start], self.origin[end - 1] + 1


def match_normalise(text: str) -> NormalisedText:
    """Normalise text for quote matching and keep the origin of every character.

    Ligatures become their letters, typographic quotes and dashes their ASCII forms, every run of white space
    one space, and a hyphen followed by white space (a line-end hyphen) loses the white space. Case is kept.
    """
    out: list[str] = []
    origin: list[int] = []
    pending_space = -1
    for i, ch in enumerate(text):
        if ch.isspace() or ch == "\u00ad":
            if ch != "\u00ad" and pending_space < 0 and out:
                pending_space = i
            continue
        if pending_space >= 0:
            if out[-1] != "-":
                out.append(" ")
                origin.append(pending_space)
            pending_space = -1
        rep = _LIGATURES.get(ch) or _QUOTES.get(ch) or _DASHES.get(ch) or ch
        for r in rep:
            out.append(r)
            origin.append(i)
    return NormalisedText("".join(out), tuple(origin))


def find_quote(quote: str, source: NormalisedText) -> list[tuple[int, int]]:
    """Return every span of the *source* text where ``quote`` occurs (after :func:`match_normalise`)."""
    needle = match_normalise(quote).text
    if not needle:
        return []
    spans = []
    start = source.text.find(needle)
    while start >= 0:
        spans.append(source.source_span(start, start + len(needle)))
        start = source.text.find(needle, start + 1)
    return spans


def fold(text: str) -> str:
    """Fold text for search and comparison: ligatures, accents, case and white space do not matter."""
    text = "".join(_LIGATURES.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = "".join(_QUOTES.get(ch) or _DASHES.get(ch) or ch for ch in text)
    return " ".join(text.casefold().split())


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """Make an IRI slug from a Dutch name: NFKC (ĳ→ij), no diacritics, lowercase, hyphens.

    >>> slugify("Ruimtelĳke OntwikkelStrategie Twente")
    'ruimtelijke-ontwikkelstrategie-twente'
    """
    return _NON_SLUG.sub("-", fold(name)).strip("-")
