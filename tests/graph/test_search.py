"""The search index: folded, prefix- and typo-tolerant, ranked; built once per graph version."""

from __future__ import annotations

from beleidsgraaf.graph.analysis import Entity, Projection
from beleidsgraaf.graph.search import SearchIndex, index_for, words
from beleidsgraaf.graph.store import EmbeddedStore
from beleidsgraaf.graph.vocab import vocabulary


def projection(*entities: tuple[str, str, list[str]]) -> Projection:
    ents = {}
    for ident, label, alt in entities:
        iri = f"urn:{ident}"
        ents[iri] = Entity(iri, ident, "Nota", "document", label, alt=alt)
    return Projection("v", ents, [], [], vocabulary())


PROJ = projection(
    ("omgevingsvisie-hengelo", "Omgevingsvisie Hengelo", ["omgevingsvisie"]),
    ("omgevingsvisie-hart", "Omgevingsvisie Hart van Hengelo", []),
    ("rsia", "Regionale Stedelijke Investeringsagenda", ["RSIA"]),
    ("hart-van-zuid", "Hart van Zuid", []),
    ("hub", "Mobiliteitshub Hart van Zuid", []),
    ("warmte", "Warmteprogramma", []),
    ("koop", "Energiecoöperatie Energie van Hengelo", []),
    ("ijssel", "Provincie Overĳssel", []),
)


def hits(q: str) -> list[str]:
    return [h.entity.removeprefix("urn:") for h in SearchIndex.of(PROJ).search(q)]


def test_words_fold_case_accents_ligatures_and_punctuation() -> None:
    assert words("Overĳssel") == words("OVERIJSSEL") == ["overijssel"]
    assert words("Energiecoöperatie, Hart-van-Zuid!") == ["energiecooperatie", "hart", "van", "zuid"]


def test_exact_name_ranks_first() -> None:
    assert hits("Hart van Zuid")[:2] == ["hart-van-zuid", "hub"]
    assert hits("omgevingsvisie")[0] == "omgevingsvisie-hengelo"


def test_acronym_and_case() -> None:
    assert hits("RSIA") == ["rsia"]
    assert hits("rsia") == ["rsia"]


def test_prefix_compound_and_typo() -> None:
    assert "warmte" in hits("warmte")               # prefix of the word "warmteprogramma"
    assert "warmte" in hits("programma")            # inside the compound
    assert set(hits("omgevingsvsie")) >= {"omgevingsvisie-hengelo", "omgevingsvisie-hart"}   # typo
    assert "koop" in hits("energiecooperatie")      # accent typed without the diaeresis
    assert "ijssel" in hits("overijsel")            # typo and ĳ


def test_every_query_word_must_match() -> None:
    assert hits("hart zuid") == ["hart-van-zuid", "hub"]
    assert hits("hart onbekendwoord") == []
    assert hits("") == [] and hits("   ...  ") == []


def test_allowed_restricts_results() -> None:
    index = SearchIndex.of(PROJ)
    assert [h.entity for h in index.search("hart", frozenset({"urn:hub"}))] == ["urn:hub"]


def test_scores_are_ordered_and_long_input_is_harmless() -> None:
    found = SearchIndex.of(PROJ).search("hengelo")
    assert [h.score for h in found] == sorted((h.score for h in found), reverse=True)
    assert SearchIndex.of(PROJ).search("x" * 5000) == []


def test_index_is_kept_per_version(hengelo_store: EmbeddedStore) -> None:
    from beleidsgraaf.graph.analysis import get_projection

    proj = get_projection(hengelo_store)
    assert index_for(proj) is index_for(proj)
    assert index_for(proj).search("ROS Twente")[0].entity.endswith("/ros-twente")


# --- national scale: a query touches a small part of the vocabulary ---------------------------------------


def _brute_force_matches(index: SearchIndex, qw: str) -> dict[str, float]:
    """The word matching before the trigram index: every word of the vocabulary compared (the reference)."""
    import difflib

    from beleidsgraaf.graph.search import FUZZY_CUTOFF

    found: dict[str, float] = {}
    if qw in index.by_word:
        found[qw] = 1.0
    for w in index.vocabulary:
        if w == qw:
            continue
        if w.startswith(qw):
            found[w] = max(found.get(w, 0.0), 0.9)
        elif len(qw) >= 3 and qw in w:
            found[w] = max(found.get(w, 0.0), 0.7)
    if len(qw) >= 4 and max(found.values(), default=0.0) < 0.9:
        for w in index.vocabulary:
            if w in found or abs(len(w) - len(qw)) > len(qw) // 2 + 4:
                continue
            for candidate, quality in ((w, 0.75), (w[: len(qw)], 0.65)):
                ratio = difflib.SequenceMatcher(None, candidate, qw).ratio()
                if ratio >= FUZZY_CUTOFF:
                    found[w] = max(found.get(w, 0.0), quality * ratio)
    return found


QUERY_WORDS = ["omgevingsvisie", "omgevings", "visie", "omgevingsvsie", "omgevngsvisie", "warmte", "programma",
               "programa", "overijsel", "hengelo", "hengleo", "rsia", "twente", "twnete", "energie", "zuid",
               "mobiliteitshub", "mobilitiet", "stedelijk", "stedelike", "investeringsagenda", "agenda", "xyz",
               "ontwikkelstrategie", "ontwikelstrategie", "gemeente", "gemeenteraad", "duurzaam", "wijk"]


def test_trigram_matching_finds_what_a_full_scan_finds(hengelo_store: EmbeddedStore) -> None:
    """The candidate sets lose nothing on Hengelo: every word match (and so every score) is the same."""
    from beleidsgraaf.graph.search import index_for_store

    index = index_for_store(hengelo_store)
    query_words = QUERY_WORDS + [w[:-1] for w in index.vocabulary[::7] if len(w) > 5]   # prefixes
    query_words += [w[:2] + w[3] + w[2] + w[4:] for w in index.vocabulary[::5] if len(w) > 5]   # typos
    query_words += [w[1:-1] for w in index.vocabulary[::9] if len(w) > 6]   # inside compounds
    for qw in query_words:
        assert index._word_matches(qw) == _brute_force_matches(index, qw), qw


def _large_index(n: int = 20_000) -> SearchIndex:
    """Hengelo-like names plus ``n`` generated ones with a large vocabulary (made-up words)."""
    import random

    rnd = random.Random(7)
    letters = "aeiounrstlgkdmpvbhwz"
    ents = dict(PROJ.entities)
    for i in range(n):
        label = " ".join("".join(rnd.choice(letters) for _ in range(rnd.randint(4, 14))) for _ in range(3))
        ents[f"urn:g{i}"] = Entity(f"urn:g{i}", f"g{i}", "Nota", "document", label)
    return SearchIndex.of_entities(ents)


def test_a_query_word_touches_a_bounded_candidate_set() -> None:
    from beleidsgraaf.graph.search import MAX_FUZZY_CANDIDATES

    index = _large_index()
    assert len(index.vocabulary) > 50_000
    for qw in ("omgevingsvsie", "warmteprogrma", "hengleo", "overijsel"):
        candidates = index.fuzzy_candidates(qw)
        assert len(candidates) <= MAX_FUZZY_CANDIDATES < len(index.vocabulary) // 100
    # the candidates are enough: typos, prefixes and compounds are still found among 60,000 other names
    assert {h.entity for h in index.search("omgevingsvsie")[:2]} == {"urn:omgevingsvisie-hengelo",
                                                                      "urn:omgevingsvisie-hart"}
    assert index.search("warmteprogrma")[0].entity == "urn:warmte"
    assert index.search("Hart van Zuid")[0].entity == "urn:hart-van-zuid"
    assert "urn:warmte" in {h.entity for h in index.search("programma")}
    # compounds come from the trigram index: only words holding the query word are listed
    assert index.containing("programma") == [w for w in index.vocabulary if "programma" in w]
    assert index.prefixed("omgevings") == [w for w in index.vocabulary if w.startswith("omgevings")]
