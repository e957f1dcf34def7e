"""The beleidsgraaf ontology and SHACL shapes (Turtle, the source of truth) and namespace constants.

Depends on rdflib only. The Turtle files are package data, read with :mod:`importlib.resources`.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from beleidsgraaf.errors import OntologyError

__all__ = [
    "BG",
    "DCAT",
    "DCTERMS",
    "GEO",
    "OA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "TOOI_ID",
    "TOOI_ONT",
    "VOID",
    "XSD",
    "ontology_graph",
    "ontology_turtle",
    "shapes_graph",
    "shapes_turtle",
]

BG = Namespace("https://w3id.org/beleidsgraaf/def#")
ONTOLOGY_IRI = "https://w3id.org/beleidsgraaf/def"
ORG = Namespace("http://www.w3.org/ns/org#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
TOOI_ONT = Namespace("https://identifier.overheid.nl/tooi/def/ont/")
TOOI_ID = "https://identifier.overheid.nl/tooi/id/"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")

#: Prefixes used in serialisations and offered to SPARQL queries.
PREFIXES: dict[str, str] = {
    "bg": str(BG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "geo": str(GEO),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "eli": str(ELI),
    "tooiont": str(TOOI_ONT),
    "dcat": str(DCAT),
    "void": str(VOID),
}

_ONTOLOGY_FILE = "beleidsgraaf.ttl"
_SHAPES_FILE = "shapes.ttl"


def _read(name: str) -> str:
    """Return the text of a packaged Turtle file.

    Raises:
        OntologyError: the file is missing from the installed package.

    """
    try:
        return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:  # pragma: no cover - packaging bug
        raise OntologyError(f"packaged file {name} is missing: {exc}") from exc


def ontology_turtle() -> str:
    """Return the ontology as Turtle text."""
    return _read(_ONTOLOGY_FILE)


def shapes_turtle() -> str:
    """Return the SHACL shapes as Turtle text."""
    return _read(_SHAPES_FILE)


def _parse(name: str) -> Graph:
    """Parse a packaged Turtle file.

    Raises:
        OntologyError: the file is missing or is not valid Turtle.

    """
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    text = _read(name)
    try:
        graph.parse(data=text, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        raise OntologyError(f"packaged file {name} is not valid Turtle: {exc}") from exc
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """Return the parsed ontology (cached; treat it as read-only).

    Raises:
        OntologyError: the packaged ontology cannot be read or parsed.

    """
    return _parse(_ONTOLOGY_FILE)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """Return the parsed SHACL shapes (cached; treat it as read-only).

    Raises:
        OntologyError: the packaged shapes cannot be read or parsed.

    """
    return _parse(_SHAPES_FILE)
