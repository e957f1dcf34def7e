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
