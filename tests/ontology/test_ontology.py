"""The ontology (beleidsgraaf.ttl): it parses, every term is labelled and defined in Dutch and English, every
class maps to a standard or to a bg superclass, and ELI is only ever a skos:closeMatch."""

from __future__ import annotations

from importlib import resources

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from beleidsgraaf.ontology import BG, ELI, ONTOLOGY_IRI, ontology_graph, ontology_turtle

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
#: Meta-classes whose instances are properties (bg:bouwtVoortOp a bg:Afstammingsrelatie).
META_CLASSES = {BG.Afstammingsrelatie, BG.AcyclischeRelatie}


@pytest.fixture(scope="module")
def ont() -> Graph:
    return ontology_graph()


def _in_bg(node: object) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(BG))


def _terms(g: Graph, *types: URIRef) -> list[URIRef]:
    found = {s for t in types for s in g.subjects(RDF.type, t) if _in_bg(s)}
    return sorted(found)  # type: ignore[arg-type]


def _classes(g: Graph) -> list[URIRef]:
    return _terms(g, OWL.Class)


def _properties(g: Graph) -> list[URIRef]:
    return _terms(g, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def _langs(g: Graph, s: URIRef, p: URIRef) -> list[str | None]:
    return sorted((o.language or "") for o in g.objects(s, p) if isinstance(o, Literal))  # type: ignore[misc]


# ----- parsing -------------------------------------------------------------------------------------------


def test_packaged_ontology_parses_and_declares_itself() -> None:
    text = resources.files("beleidsgraaf.ontology").joinpath("beleidsgraaf.ttl").read_text(encoding="utf-8")
    assert text == ontology_turtle()
    g = Graph().parse(data=text, format="turtle")
    assert len(g) > 500
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in g


def test_ontology_graph_is_cached_and_has_terms(ont: Graph) -> None:
    assert ontology_graph() is ont
    assert len(_classes(ont)) >= 40
    assert len(_properties(ont)) >= 40


def test_every_bg_term_used_is_defined(ont: Graph) -> None:
    """A typo such as bg:Organisaties in a range would otherwise go unnoticed."""
    defined = {s for s in ont.subjects(RDF.type, None) if _in_bg(s)}
    used = {n for t in ont for n in t if _in_bg(n)}
    assert sorted(used - defined) == []


# ----- labels and definitions ------------------------------------------------------------------------------

ALL_TERMS = _classes(ontology_graph()) + _properties(ontology_graph())
DESCRIBED = ALL_TERMS + _terms(ontology_graph(), SKOS.ConceptScheme, BG.Status)


@pytest.mark.parametrize("term", DESCRIBED, ids=lambda t: t.fragment)
def test_term_has_one_label_per_language(ont: Graph, term: URIRef) -> None:
    assert _langs(ont, term, RDFS.label) == ["en", "nl"]


@pytest.mark.parametrize("term", DESCRIBED, ids=lambda t: t.fragment)
def test_term_has_one_definition_per_language(ont: Graph, term: URIRef) -> None:
    assert _langs(ont, term, SKOS.definition) == ["en", "nl"]
    for d in ont.objects(term, SKOS.definition):
        assert str(d).strip(), f"empty definition on {term}"


def test_statuses_are_a_closed_consistent_scheme(ont: Graph) -> None:
    statuses = _terms(ont, BG.Status)
    assert len(statuses) >= 5
    notations = []
    for s in statuses:
        (notation,) = ont.objects(s, SKOS.notation)
        notations.append(str(notation))
        assert str(s) == f"{BG}status-{notation}"
        assert (s, SKOS.inScheme, BG.Statussen) in ont
        assert _langs(ont, s, SKOS.prefLabel) == ["en", "nl"]
    assert len(set(notations)) == len(notations)


# ----- mappings to the standards -------------------------------------------------------------------------


@pytest.mark.parametrize("cls", _classes(ontology_graph()), ids=lambda c: c.fragment)
def test_class_maps_to_a_standard_or_bg_superclass(ont: Graph, cls: URIRef) -> None:
    supers = set(ont.objects(cls, RDFS.subClassOf))
    matches = set(ont.objects(cls, SKOS.exactMatch)) | set(ont.objects(cls, SKOS.closeMatch))
    assert supers or matches, f"{cls} has no rdfs:subClassOf and no skos:exactMatch/closeMatch"
    for sup in supers:
        if _in_bg(sup):
            assert (sup, RDF.type, OWL.Class) in ont, f"{cls} rdfs:subClassOf undefined {sup}"


def test_every_bg_subproperty_chain_ends_in_a_defined_property(ont: Graph) -> None:
    for p in _properties(ont):
        for sup in ont.objects(p, RDFS.subPropertyOf):
            if _in_bg(sup):
                assert sup in _properties(ont), f"{p} rdfs:subPropertyOf undefined {sup}"


def test_eli_is_only_a_close_match(ont: Graph) -> None:
    """ELI terms have a legal meaning (eli:based_on is empowerment by an enabling act): never subclass,
    subproperty, equivalence or exactMatch, only skos:closeMatch."""
    eli_links = [(s, p, o) for s, p, o in ont if isinstance(o, URIRef) and str(o).startswith(str(ELI))]
    assert eli_links, "expected some skos:closeMatch links to ELI"
    assert [(s, p, o) for s, p, o in eli_links if p != SKOS.closeMatch] == []
    for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty, SKOS.exactMatch):
        assert [o for o in ont.objects(None, p) if str(o).startswith(str(ELI))] == []
    assert not any(str(n) == f"{ELI}based_on" for t in ont for n in t)


def test_eli_not_used_as_subject(ont: Graph) -> None:
    assert [s for s in ont.subjects() if str(s).startswith(str(ELI))] == []


# ----- structure the shapes and the build rely on ----------------------------------------------------------


def test_relations_are_object_properties_under_bg_relatie(ont: Graph) -> None:
    for meta in META_CLASSES:
        members = list(ont.subjects(RDF.type, meta))
        assert members, meta
        for p in members:
            assert (p, RDF.type, OWL.ObjectProperty) in ont
            assert (p, RDFS.subPropertyOf * "*", BG.relatie) in ont  # type: ignore[operator]


def test_meta_classes_specialise_object_property(ont: Graph) -> None:
    for meta in META_CLASSES:
        assert (meta, RDFS.subClassOf, OWL.ObjectProperty) in ont


def test_iri_segments_are_on_top_classes_only(ont: Graph) -> None:
    segments = {c: str(s) for c, s in ont.subject_objects(BG.iriSegment)}
    assert set(segments.values()) == {
        "document",
        "project",
        "instrument",
        "organisatie",
        "gebied",
        "opgave",
        "onderwerp",
    }
    for cls in segments:
        assert (cls, RDFS.subClassOf, BG.Entiteit) in ont, f"{cls} has a segment but is not directly under bg:Entiteit"


def test_every_entity_class_has_an_iri_segment_via_its_ancestors(ont: Graph) -> None:
    """The build puts the coarse type in the IRI: every entity class must inherit exactly one segment."""
    for cls in _classes(ont):
        ancestors = set(ont.transitive_objects(cls, RDFS.subClassOf))
        if BG.Entiteit not in ancestors or cls == BG.Entiteit:
            continue
        segs = {str(s) for a in ancestors for s in ont.objects(a, BG.iriSegment)}
        assert len(segs) == 1, f"{cls} inherits segments {segs}"
