"""What the records may say, read from the ontology (the source of truth): classes, relations, statuses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from beleidsgraaf.ontology import BG, ontology_graph


@dataclass(frozen=True, slots=True)
class Term:
    """A class or property of the ontology with its Dutch and English labels."""

    iri: URIRef
    name: str
    label_nl: str
    label_en: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The parts of the ontology the compiler, validator, API and views need."""

    classes: dict[str, Term]
    segments: dict[str, str]
    superclasses: dict[str, frozenset[str]]
    relations: dict[str, Term]
    lineage: frozenset[str]
    acyclic: frozenset[str]
    statuses: dict[str, URIRef]

    def is_a(self, cls: str, ancestor: str) -> bool:
        """Whether class ``cls`` is ``ancestor`` or a subclass of it (local names)."""
        return ancestor in self.superclasses.get(cls, frozenset())


def _label(graph: Graph, iri: URIRef, lang: str) -> str:
    for obj in graph.objects(iri, RDFS.label):
        if isinstance(obj, Literal) and obj.language == lang:
            return str(obj)
    return str(iri).rsplit("#", 1)[-1]


def _local(iri: URIRef) -> str | None:
    text = str(iri)
    return text[len(str(BG)):] if text.startswith(str(BG)) else None


def build_vocabulary(graph: Graph) -> Vocabulary:
    """Extract the vocabulary from an ontology graph."""
    classes: dict[str, Term] = {}
    for cls in graph.subjects(RDF.type, OWL.Class):
        if not isinstance(cls, URIRef):
            continue
        name = _local(cls)
        if name and graph.value(cls, RDFS.subClassOf) != OWL.ObjectProperty:
            classes[name] = Term(cls, name, _label(graph, cls, "nl"), _label(graph, cls, "en"))
    superclasses: dict[str, frozenset[str]] = {}
    segments: dict[str, str] = {}
    for name, term in classes.items():
        ancestors = {name}
        for sup in graph.transitive_objects(term.iri, RDFS.subClassOf):
            local = _local(sup) if isinstance(sup, URIRef) else None
            if local:
                ancestors.add(local)
            segment = graph.value(sup, BG.iriSegment)
            if segment is not None and name not in segments:
                segments[name] = str(segment)
        superclasses[name] = frozenset(ancestors)
    relations: dict[str, Term] = {}
    for prop in graph.transitive_subjects(RDFS.subPropertyOf, BG.relatie):
        if not isinstance(prop, URIRef):
            continue
        name = _local(prop)
        if name and name != "relatie":
            relations[name] = Term(prop, name, _label(graph, prop, "nl"), _label(graph, prop, "en"))
    lineage = frozenset(n for n, t in relations.items() if (t.iri, RDF.type, BG.Afstammingsrelatie) in graph)
    acyclic = frozenset(n for n, t in relations.items() if (t.iri, RDF.type, BG.AcyclischeRelatie) in graph)
    statuses = {
        str(graph.value(s, SKOS.notation)): s
        for s in graph.subjects(RDF.type, BG.Status)
        if isinstance(s, URIRef) and graph.value(s, SKOS.notation) is not None
    }
    return Vocabulary(classes, segments, superclasses, relations, lineage, acyclic, statuses)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary of the packaged ontology (cached)."""
    return build_vocabulary(ontology_graph())
