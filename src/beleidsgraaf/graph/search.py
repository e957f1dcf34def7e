"""Ranked search over the names of the entities: labels, English labels, alternative labels and acronyms.

Names and queries are folded with :func:`beleidsgraaf.graph.textnorm.fold` (case, accents, the ĳ ligature and
punctuation do not matter) and split into words. A query word matches a name word exactly, as a prefix
("omgevings" → "omgevingsvisie"), inside a compound ("visie" → "omgevingsvisie", from three letters), or
with a typo ("omgevingsvsie", similarity of at least 0.75 by :mod:`difflib`). A name scores the mean quality
of its best match for every query word, plus a bonus when the whole query is the name or its beginning;
an entity scores its best name (the Dutch label counts a little more than an English or alternative one).

A query touches only a small part of the vocabulary, so search stays fast on a national graph: exact words
come from a dictionary, prefixes from a binary search in the sorted vocabulary, compounds from the trigram
index (the words holding every trigram of the query word) and typos from the words that share the most
trigrams with it (at most :data:`MAX_FUZZY_CANDIDATES` are compared by :mod:`difflib`).

The index is read from the store with two queries (the entities and their names, see
:func:`beleidsgraaf.graph.analysis.read_entities`), not from the whole projection, and is kept per store
version (:func:`index_for_store`); the user's text is never put into a query.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from beleidsgraaf.graph.analysis import Entity, Projection, VersionCache, read_entities
from beleidsgraaf.graph.store import GraphStore
from beleidsgraaf.graph.textnorm import fold
from beleidsgraaf.graph.vocab import Vocabulary, vocabulary

_WORD = re.compile(r"\w+")

#: How much a match on each kind of name counts.
KIND_WEIGHT = {"label": 1.0, "alt": 0.97, "label_en": 0.95, "id": 0.9}
FUZZY_CUTOFF = 0.75
#: At most this many vocabulary words are compared with a query word by difflib (those sharing most trigrams).
MAX_FUZZY_CANDIDATES = 400
#: At most this many vocabulary words are taken as prefix or compound matches of one query word.
MAX_EXPANSION = 5000


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return _WORD.findall(fold(text).replace("_", " "))


def trigrams(word: str, *, padded: bool = True) -> set[str]:
    """The trigrams of a word; ``padded`` marks its beginning and end (``^om``, ``ie$``) for typo matching."""
    w = f"^{word}$" if padded else word
    return {w[i:i + 3] for i in range(len(w) - 2)}


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
    """Folded names with an inverted index from words to names and a trigram index over the words."""

    def __init__(self, names: list[Name], entities: dict[str, Entity] | None = None, version: str = "",
                 vocab: Vocabulary | None = None) -> None:
        self.names = names
        self.entities = entities if entities is not None else {}
        self.version = version
        self.vocab = vocab or vocabulary()
        self.by_word: dict[str, list[int]] = defaultdict(list)
        for i, name in enumerate(names):
            for w in set(name.words):
                self.by_word[w].append(i)
        self.vocabulary = sorted(self.by_word)
        grams: dict[str, list[int]] = defaultdict(list)
        for wi, w in enumerate(self.vocabulary):
            for g in trigrams(w):
                grams[g].append(wi)
        self.grams = dict(grams)

    @classmethod
    def of_entities(cls, entities: dict[str, Entity], version: str = "",
                    vocab: Vocabulary | None = None) -> SearchIndex:
        """Build the index of the names of ``entities`` (IRI → entity)."""
        names: list[Name] = []
        for iri, ent in entities.items():
            variants = [(ent.label_nl, "label"), (ent.id.replace("-", " "), "id")]
            if ent.label_en:
                variants.append((ent.label_en, "label_en"))
            variants += [(a, "alt") for a in ent.alt]
            for text, kind in variants:
                ws = tuple(words(text))
                if ws:
                    names.append(Name(iri, text, kind, ws, " ".join(ws)))
        return cls(names, entities, version, vocab)

    @classmethod
    def of(cls, proj: Projection) -> SearchIndex:
        """Build the index of a projection's entities."""
        return cls.of_entities(proj.entities, proj.version, proj.vocab)

    @classmethod
    def from_store(cls, store: GraphStore) -> SearchIndex:
        """Read the entities and their names from the store (two queries) and index them.

        Raises:
            StoreError: the store could not be read.
        """
        version = store.version
        vocab = vocabulary()
        return cls.of_entities(read_entities(store, vocab), version, vocab)

    def prefixed(self, qw: str) -> list[str]:
        """The vocabulary words that start with ``qw`` (a binary search; at most :data:`MAX_EXPANSION`)."""
        start = bisect.bisect_left(self.vocabulary, qw)
        out: list[str] = []
        for w in self.vocabulary[start:start + MAX_EXPANSION]:
            if not w.startswith(qw):
                break
            out.append(w)
        return out

    def containing(self, qw: str) -> list[str]:
        """The vocabulary words that contain ``qw`` (three letters or more), from the trigram index."""
        postings = sorted((self.grams.get(g, []) for g in trigrams(qw, padded=False)), key=len)
        if len(qw) < 3 or not postings or not postings[0]:
            return []
        common = set(postings[0])
        for other in postings[1:]:
            common.intersection_update(other)
            if not common:
                return []
        found = [self.vocabulary[i] for i in sorted(common)]
        return [w for w in found if qw in w][:MAX_EXPANSION]

    def fuzzy_candidates(self, qw: str) -> list[str]:
        """The words that may be ``qw`` with a typo: those sharing most trigrams with it, best first.

        A word needs a trigram in common with the query word and a length not too far from it; of those, the
        :data:`MAX_FUZZY_CANDIDATES` words with the most trigrams in common are returned (one typo changes at
        most three trigrams, so the word meant shares many; on a small graph every such word is returned).
        """
        shared: Counter[int] = Counter()
        for g in trigrams(qw):
            shared.update(self.grams.get(g, ()))
        slack = len(qw) // 2 + 4
        ranked = sorted((-n, wi) for wi, n in shared.items() if abs(len(self.vocabulary[wi]) - len(qw)) <= slack)
        return [self.vocabulary[wi] for _n, wi in ranked[:MAX_FUZZY_CANDIDATES]]

    def _word_matches(self, qw: str) -> dict[str, float]:
        """Words of the index that match query word ``qw``, with the quality of the match (0..1]."""
        found: dict[str, float] = {}
        if qw in self.by_word:
            found[qw] = 1.0
        for w in self.prefixed(qw):
            if w != qw:
                found[w] = max(found.get(w, 0.0), 0.9)
        if len(qw) >= 3:
            for w in self.containing(qw):
                if w not in found:
                    found[w] = 0.7
        if len(qw) >= 4 and max(found.values(), default=0.0) < 0.9:
            # no exact or prefix match: tolerate a typo in the word or in the beginning of a longer word
            matcher = difflib.SequenceMatcher(None, "", qw)
            for w in self.fuzzy_candidates(qw):
                if w in found:
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
        if not all(matches):
            return []
        # names that hold a match for the rarest query word: every hit must be among them
        rarest = min(matches, key=lambda m: sum(len(self.by_word[w]) for w in m))
        candidates: set[int] = set()
        for w in rarest:
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


#: The search index of each store, per version (``INDEXES.builds`` counts the builds, for tests).
INDEXES: VersionCache[SearchIndex] = VersionCache(SearchIndex.from_store, ("zoekindex", "search index"))


def index_for_store(store: GraphStore, wait: float | None = None) -> SearchIndex:
    """The search index of ``store`` at its current version, read from the names alone (not the projection).

    Raises:
        NotReady: it is still being built after ``wait`` seconds (None: wait until it is built).
        StoreError: the store could not be read.
    """
    return INDEXES.get(store, wait)
