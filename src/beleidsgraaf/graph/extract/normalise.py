"""Clean text for matching, with every character traced back to the verbatim source.

Builds on :func:`beleidsgraaf.graph.textnorm.match_normalise` (ligatures such as ``ĳ`` become their letters,
typographic quotes and dashes their ASCII forms, runs of white space one space, so hard line breaks inside a
sentence disappear) and adds what a PDF needs on top:

- a hyphen at a line end between two lower-case letters is a word broken across lines (``verstedelĳ-`` +
  ``kingsstrategie``): the hyphen goes;
- before a conjunction (``woon-, werk-`` + ``en leefmilieus``) the hyphen stays and so does a space;
- otherwise (``Groot-`` + ``Driene``, ``CO2-`` + ``uitstoot``) the hyphen stays.

Quotes are always taken from the verbatim text (:meth:`CleanText.quote`), so they pass the validator's quote
check whatever the cleaning did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from beleidsgraaf.graph.textnorm import fold, match_normalise

_CONJUNCTIONS = frozenset({"en", "of", "tot", "t/m", "als"})
_ABBREVIATIONS = frozenset({
    "o.a", "t.o.v", "bijv", "bv", "e.d", "nr", "ca", "m.b.t", "i.v.m", "d.w.z", "z.g", "incl", "excl", "resp",
    "o.m", "mr", "dhr", "mevr", "drs", "ir", "dr", "prof", "jl", "e.a", "etc", "vs", "art", "blz", "pag", "par",
})


@dataclass(frozen=True, slots=True)
class CleanText:
    """Text cleaned for matching; ``origin[i]`` is the offset in :attr:`verbatim` of ``text[i]``."""

    text: str
    origin: tuple[int, ...]
    verbatim: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The verbatim span ``[start, end)`` that the clean span ``[start, end)`` came from."""
        end = max(end, start + 1)
        return self.origin[start], self.origin[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The verbatim text of the clean span, white space (line breaks) collapsed to single spaces."""
        vs, ve = self.span(start, end)
        return " ".join(self.verbatim[vs:ve].split())

    def folded(self) -> str:
        """A same-length, case- and accent-folded copy of :attr:`text` (for case-insensitive search).

        Computed once per text: the entity, relation and context rules and the review layout all ask for it.
        """
        return _fold_same_length(self.text)


@lru_cache(maxsize=4)
def _fold_same_length(text: str) -> str:
    """``text`` folded character by character (each character keeps its place; see :meth:`CleanText.folded`)."""
    out = []
    for ch in text:
        f = fold(ch) or ch
        out.append(f[0])
    return "".join(out)


def clean(verbatim: str) -> CleanText:
    """Clean ``verbatim`` for matching (see the module docstring) and keep the origin of every character."""
    norm = match_normalise(verbatim)
    text, origin = norm.text, norm.origin
    out: list[str] = []
    out_origin: list[int] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "-" and 0 < i < n - 1:
            src = origin[i]
            gap = verbatim[src + 1:origin[i + 1]]
            if "\n" in gap:
                prev, nxt = text[i - 1], text[i + 1]
                word = re.match(r"[\w/]+", text[i + 1:])
                following = word.group(0).lower() if word else ""
                if following in _CONJUNCTIONS:
                    out.append("-")
                    out_origin.append(src)
                    out.append(" ")
                    out_origin.append(src + 1)
                    continue
                if prev.islower() and nxt.islower():
                    continue  # a word broken across two lines
        out.append(ch)
        out_origin.append(origin[i])
    return CleanText("".join(out), tuple(out_origin), verbatim)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the clean text: ``[start, end)`` offsets into :attr:`CleanText.text`."""

    start: int
    end: int


def _line_breaks(verbatim: str) -> tuple[set[int], set[int]]:
    """Offsets in ``verbatim`` after which a paragraph ends, and where a heading line ends."""
    paragraph_ends: set[int] = set()
    heading_ends: set[int] = set()
    lines = verbatim.split("\n")
    offset = 0
    starts = []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    for idx, line in enumerate(lines):
        stripped = line.strip()
        end = starts[idx] + len(line)
        nxt = lines[idx + 1].strip() if idx + 1 < len(lines) else ""
        if not stripped:
            paragraph_ends.add(starts[idx])
            continue
        prev = lines[idx - 1].strip() if idx else ""
        if is_heading(stripped, prev, nxt):
            heading_ends.add(end)
    return paragraph_ends, heading_ends


_NUMBERED = re.compile(r"^\d+(\.\d+)*\.?\s+\S")


def is_heading(line: str, previous: str, following: str) -> bool:
    """Whether a (stripped) line looks like a section heading, given the lines around it."""
    if not line or len(line) > 80 or line[-1] in ",;:-–(" or not (line[0].isupper() or line[0].isdigit()):
        return False
    if line.endswith(".") and not _NUMBERED.match(line):
        return False
    prev_closed = not previous or previous[-1] in ".?!:)\"'’”"
    # the next line starts a sentence, or a note in brackets or quotes under the heading
    next_starts = not following or following[0].isupper() or following[0].isdigit() or following[0] in "(\"'‘“"
    if _NUMBERED.match(line):
        # "12 december 2023 heeft vastgesteld." after "... die de raad op" is a wrapped line, not heading 12
        return next_starts and prev_closed
    return prev_closed and next_starts and len(line.split()) <= 10


def headings(verbatim: str) -> list[tuple[int, str]]:
    """``(offset, heading)`` of every line of ``verbatim`` that looks like a heading."""
    out = []
    lines = verbatim.split("\n")
    offset = 0
    for idx, line in enumerate(lines):
        stripped = line.strip()
        prev = lines[idx - 1].strip() if idx else ""
        nxt = lines[idx + 1].strip() if idx + 1 < len(lines) else ""
        if stripped and is_heading(stripped, prev, nxt):
            out.append((offset + line.index(stripped[0]), stripped))
        offset += len(line) + 1
    return out


_END = re.compile(r"[.!?][\"')]*\s+(?=[\"'(]?[A-Z0-9])")


def sentences(ct: CleanText) -> list[Sentence]:
    """Split the clean text into sentences: at ``. ! ?`` before a capital, at paragraph breaks and headings."""
    paragraph_ends, heading_ends = _line_breaks(ct.verbatim)
    cuts: set[int] = set()
    text = ct.text
    for i in range(1, len(text)):
        lo, hi = ct.origin[i - 1], ct.origin[i]
        if any(g in paragraph_ends or g in heading_ends for g in range(lo, hi)):
            cuts.add(i)
    for m in _END.finditer(text):
        before = text[:m.start()].rsplit(" ", 1)[-1].lower()
        if before in _ABBREVIATIONS or re.fullmatch(r"\d{1,2}|[a-z]|\d+(\.\d+)+", before):
            continue
        cuts.add(m.end())
    out: list[Sentence] = []
    start = 0
    for cut in [*sorted(cuts), len(text)]:
        s, e = start, cut
        while s < e and text[s] == " ":
            s += 1
        while e > s and text[e - 1] == " ":
            e -= 1
        if e > s:
            out.append(Sentence(s, e))
        start = cut
    return out
