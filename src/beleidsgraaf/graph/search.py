"""Ranked search over the names of the entities: labels, English labels, alternative labels and acronyms.

Names and queries are folded with :func:`beleidsgraaf.graph.textnorm.fold` (case, accents, the ĳ ligature and
punctuation do not matter) and split into words. A query word matches a name word exactly, as a prefix
("omgevings" → "omgevingsvisie"), inside a compound ("visie" → "omgevingsvisie", from three letters), or
with a typo ("omgevingsvsie", similarity of at least 0.75 by :mod:`difflib`). A name scores the mean quality
of its best match for every query word, plus a bonus when the whole query is the name or its beginning;
an entity scores its best name (the Dutch label counts a little more than an English or alternative one).

The index is built once per graph version (kept on the :class:`~beleidsgraaf.graph.analysis.Projection`);
the user's text is never put into a query.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from beleidsgraaf.graph.analysis import Projection
from beleidsgraaf.graph.textnorm import fold

_WORD = re.compile(r"\w+")

#: How much a match on each kind of name counts.
KIND_WEIGHT = {"label": 1.0, "alt": 0.97, "label_en": 0.95, "id": 0.9}
FUZZY_CUTOFF = 0.75


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return _WORD.findall(fold(text).replace("_", " "))


@dataclass(frozen=True, slots=True)
class Name:
    """One searchable name of an entity."""

    entity: str
    text: str
    kind: str
    words: tuple[str, ...]
    joined: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result: the entity (IRI), its score and the name that matched best."""

    entity: str
    score: float
    name: str
    kind: str


class SearchIndex:
    """Folded names with an inverted index from words to names."""

    def __init__(self, names: list[Name]) -> None:
        self.names = names
        self.by_word: dict[str, list[int]] = defaultdict(list)
        for i, name in enumerate(names):
            for w in set(name.words):
                self.by_word[w].append(i)
        self.vocabulary = sorted(self.by_word)

    @classmethod
    def of(cls, proj: Projection) -> SearchIndex:
        """Build the index of a projection's entities."""
        names: list[Name] = []
        for iri, ent in proj.entities.items():
            variants = [(ent.label_nl, "label"), (ent.id.replace("-", " "), "id")]
            if ent.label_en:
                variants.append((ent.label_en, "label_en"))
            variants += [(a, "alt") for a in ent.alt]
            for text, kind in variants:
                ws = tuple(words(text))
                if ws:
                    names.append(Name(iri, text, kind, ws, " ".join(ws)))
        return cls(names)

    def _word_matches(self, qw: str) -> dict[str, float]:
        """Words of the index that match query word ``qw``, with the quality of the match (0..1]."""
        found: dict[str, float] = {}
        if qw in self.by_word:
            found[qw] = 1.0
        for w in self.vocabulary:
            if w == qw:
                continue
            if w.startswith(qw):
                found[w] = max(found.get(w, 0.0), 0.9)
            elif len(qw) >= 3 and qw in w:
                found[w] = max(found.get(w, 0.0), 0.7)
        if len(qw) >= 4 and max(found.values(), default=0.0) < 0.9:
            # no exact or prefix match: tolerate a typo in the word or in the beginning of a longer word
            matcher = difflib.SequenceMatcher(None, "", qw)
            for w in self.vocabulary:
                if w in found or abs(len(w) - len(qw)) > len(qw) // 2 + 4:
                    continue
                for candidate, quality in ((w, 0.75), (w[: len(qw)], 0.65)):
                    matcher.set_seq1(candidate)
                    if matcher.real_quick_ratio() >= FUZZY_CUTOFF and matcher.quick_ratio() >= FUZZY_CUTOFF:
                        ratio = matcher.ratio()
                        if ratio >= FUZZY_CUTOFF:
                            found[w] = max(found.get(w, 0.0), quality * ratio)
        return found

    def search(self, query: str, allowed: frozenset[str] | set[str] | None = None) -> list[Hit]:
        """Entities whose names match ``query``, best first (only those in ``allowed`` when given)."""
        qws = words(query)
        if not qws:
            return []
        joined = " ".join(qws)
        matches = [self._word_matches(qw) for qw in dict.fromkeys(qws)]
        candidates: set[int] = set()
        for m in matches:
            for w in m:
                candidates.update(self.by_word[w])
        best: dict[str, Hit] = {}
        for i in candidates:
            name = self.names[i]
            if allowed is not None and name.entity not in allowed:
                continue
            qualities = [max((m.get(w, 0.0) for w in name.words), default=0.0) for m in matches]
            if min(qualities) == 0.0:
                continue
            score = sum(qualities) / len(qualities)
            if name.joined == joined:
                score += 1.0
            elif name.joined.startswith(joined):
                score += 0.3
            elif joined in name.joined:
                score += 0.2
            score *= KIND_WEIGHT.get(name.kind, 0.9)
            hit = Hit(name.entity, round(score, 4), name.text, name.kind)
            current = best.get(name.entity)
            if current is None or (hit.score, -len(hit.name)) > (current.score, -len(current.name)):
                best[name.entity] = hit
        return sorted(best.values(), key=lambda h: (-h.score, len(h.name), h.name.casefold(), h.entity))


def index_for(proj: Projection) -> SearchIndex:
    """The search index of a projection (built once per graph version)."""
    return proj.lazy("search-index", lambda: SearchIndex.of(proj))
