"""The named SPARQL queries of the REST API and the entity pages, and small helpers to run them.

Every value that comes from a user reaches a query only as a bound variable (``bindings`` of
:meth:`GraphStore.select`, SEP-0007 substitution): the query texts here are constants and never formatted.
With Oxigraph a bound variable must appear in the SELECT projection, so each query projects the variables it
expects to be bound (``?e``, ``?theme``, ``?area``, ``?org``, ``?from``, ``?to``).

:data:`NAMED_QUERIES` lists every query with the variables it binds, for the benchmark
(``benchmarks/api_latency.py``) and for the "ready SPARQL query" links of the entity pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from beleidsgraaf.graph.store import Binding, GraphStore, Row

PROLOGUE = """PREFIX bg: <https://w3id.org/beleidsgraaf/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

#: Every entity with its slug id and its type(s) in the bg: namespace.
CATALOGUE = PROLOGUE + """SELECT ?e ?id ?type WHERE {
  ?e dcterms:identifier ?id ; a ?type .
  FILTER(STRSTARTS(STR(?type), "https://w3id.org/beleidsgraaf/def#"))
}"""

#: Labels, alternative labels and descriptions of every entity (the search index is built from these).
NAMES = PROLOGUE + """SELECT ?e ?prop ?name WHERE {
  VALUES ?prop { rdfs:label skos:altLabel bg:omschrijving }
  ?e dcterms:identifier ?id ; ?prop ?name .
}"""

#: Every relation triple between entities (the claims come from :data:`CLAIMS`).
RELATIONS = PROLOGUE + """SELECT ?s ?p ?o WHERE {
  ?p rdfs:subPropertyOf+ bg:relatie .
  ?s ?p ?o .
}"""

#: Every claim with its quote, source document and section.
CLAIMS = PROLOGUE + """SELECT ?c ?s ?p ?o ?citaat ?bron ?sectie WHERE {
  ?c a bg:Bewering ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; bg:citaat ?citaat ; bg:bron ?bron ;
     bg:sectie ?sectie .
}"""

#: Every dated thing: adoptions, fundings, milestones (?ev an event node) and the own date of a document
#: (?ev the entity itself, ?link bg:datumTekst), with amounts, the body involved and the claim's quote.
EVENTS = PROLOGUE + """SELECT ?e ?link ?ev ?type ?tekst ?precisie ?vroegst ?laatst ?soort ?oms ?evlabel ?door
       ?value ?min ?max ?currency ?citaat ?bron ?sectie WHERE {
  {
    VALUES ?link { bg:vaststelling bg:financiering bg:mijlpaal }
    ?e ?link ?ev . ?ev a ?type .
    BIND(?ev AS ?cobj)
  } UNION {
    ?e dcterms:identifier ?eid ; bg:datumTekst ?cobj .
    BIND(?e AS ?ev) BIND(bg:datumTekst AS ?link)
  }
  ?ev bg:vroegst ?vroegst ; bg:laatst ?laatst ; bg:datumTekst ?tekst ; bg:precisie ?precisie .
  OPTIONAL { ?ev bg:soortMijlpaal ?soort }
  OPTIONAL { ?ev bg:omschrijving ?oms }
  OPTIONAL { ?ev rdfs:label ?evlabel . FILTER(LANG(?evlabel) = "nl") }
  OPTIONAL { ?ev bg:door ?door }
  OPTIONAL { ?ev bg:bedrag ?m . OPTIONAL { ?m schema:value ?value } OPTIONAL { ?m schema:minValue ?min }
             OPTIONAL { ?m schema:maxValue ?max } OPTIONAL { ?m schema:currency ?currency } }
  OPTIONAL { ?c rdf:subject ?e ; rdf:predicate ?link ; rdf:object ?cobj ; bg:citaat ?citaat ; bg:bron ?bron ;
                bg:sectie ?sectie . }
}"""

#: The dated things (event nodes, or entities with a date of their own) whose interval overlaps
#: [?from, ?to]; both bound as xsd:date. Details come from :data:`EVENTS` (loaded once per version).
TIMELINE = PROLOGUE + """SELECT ?from ?to ?ev WHERE {
  ?ev bg:vroegst ?vroegst ; bg:laatst ?laatst .
  FILTER(?laatst >= ?from && ?vroegst <= ?to)
}"""

#: Every triple with the resource as subject (?e bound): the description of an entity, event or claim.
DESCRIBE = PROLOGUE + """SELECT ?e ?p ?o WHERE { ?e ?p ?o . }"""

#: Every triple of the claims about a resource, as subject or as object (?e bound): the provenance of
#: its relations (source, section, quote, selectors).
RESOURCE_CLAIMS = PROLOGUE + """SELECT ?e ?s ?p ?o WHERE {
  { ?s rdf:subject ?e } UNION { ?s rdf:object ?e }
  ?s ?p ?o .
}"""

#: Size of the dataset, for the DCAT/VoID description.
DATASET_COUNTS = PROLOGUE + """SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) WHERE { ?s ?p ?o }"""

#: The source documents and their named graphs.
SOURCES = PROLOGUE + """SELECT ?doc ?graph ?title ?file WHERE {
  ?doc bg:bronGraaf ?graph .
  OPTIONAL { ?graph dcterms:title ?title }
  OPTIONAL { ?doc bg:bronbestand ?file }
}"""


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query of the API with the variables a caller binds (and an example value for the benchmark)."""

    name: str
    sparql: str
    binds: tuple[str, ...] = ()


NAMED_QUERIES: dict[str, NamedQuery] = {
    q.name: q
    for q in (
        NamedQuery("catalogue", CATALOGUE),
        NamedQuery("names", NAMES),
        NamedQuery("relations", RELATIONS),
        NamedQuery("claims", CLAIMS),
        NamedQuery("events", EVENTS),
        NamedQuery("timeline", TIMELINE, ("from", "to")),
        NamedQuery("describe", DESCRIBE, ("e",)),
        NamedQuery("resource_claims", RESOURCE_CLAIMS, ("e",)),
        NamedQuery("dataset_counts", DATASET_COUNTS),
        NamedQuery("sources", SOURCES),
    )
}


def run(store: GraphStore, name: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
    """Run the named query ``name`` with ``bindings`` bound to its variables.

    Raises:
        KeyError: ``name`` is not a named query (a programming error).
        QueryError: the store rejected the query.
        StoreError: the store could not be read.
    """
    query = NAMED_QUERIES[name]
    missing = set(query.binds) - set(bindings or {})
    if missing:
        raise KeyError(f"query {name!r} needs bindings for {sorted(missing)}")
    return store.select(query.sparql, bindings)


def value(row: Row, name: str) -> str | None:
    """The lexical value of variable ``name`` in ``row``, or None when it is unbound."""
    b = row.get(name)
    return b.value if b is not None else None


def to_rdflib(binding: Binding) -> Node:
    """Convert a result :class:`Binding` into an rdflib term (for building RDF representations)."""
    if binding.kind == "uri":
        return URIRef(binding.value)
    if binding.kind == "bnode":
        return BNode(binding.value)
    if binding.lang:
        return Literal(binding.value, lang=binding.lang)
    if binding.datatype and binding.datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(binding.value, datatype=URIRef(binding.datatype))
    return Literal(binding.value)


def entity_sparql(entity_iri: str) -> str:
    """A ready, readable SPARQL query listing an entity's relations with their quotes (for /sparql links).

    The IRI is one the server resolved from its own catalogue, never raw user input; it is still checked to
    contain no character that could end an IRI reference.

    Raises:
        ValueError: ``entity_iri`` contains a character that is not allowed in an IRI reference.
    """
    if any(ch in entity_iri for ch in '<>"{}|^`\\ \n\r\t'):
        raise ValueError(f"not an IRI: {entity_iri!r}")
    e = f"<{entity_iri}>"
    return (
        PROLOGUE
        + "SELECT ?richting ?relatie ?ander ?naam ?citaat WHERE {\n"
        + f"  {{ {e} ?relatie ?ander . BIND(\"uit\" AS ?richting)\n"
        + f"    OPTIONAL {{ ?c rdf:subject {e} ; rdf:predicate ?relatie ; rdf:object ?ander ; bg:citaat ?citaat }} }}\n"
        + f"  UNION {{ ?ander ?relatie {e} . BIND(\"in\" AS ?richting)\n"
        + f"    OPTIONAL {{ ?c rdf:subject ?ander ; rdf:predicate ?relatie ; rdf:object {e} ; bg:citaat ?citaat }} }}\n"
        + "  ?relatie rdfs:subPropertyOf+ bg:relatie .\n"
        + "  OPTIONAL { ?ander rdfs:label ?naam . FILTER(LANG(?naam) = \"nl\") }\n"
        + "}\nORDER BY ?richting ?relatie ?naam\n"
    )
