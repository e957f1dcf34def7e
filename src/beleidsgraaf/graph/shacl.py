"""SHACL validation: pySHACL for the core constraints, Oxigraph for the SPARQL-based ones.

pySHACL evaluates every ``sh:SPARQLConstraint`` once per focus node with rdflib's SPARQL engine; on the
Hengelo graph (18 k triples, 2,000 claims) that alone ran for many minutes. A SPARQL constraint is a SELECT
over ``$this``, so it can be evaluated *once for all focus nodes*: ``$this`` becomes a variable, joined with
the shape's targets (``sh:targetClass`` with ``rdfs:subClassOf*``, ``sh:targetSubjectsOf``, ``sh:targetNode``,
SHACL-AF ``sh:SPARQLTarget`` queries, or the targets of the node shapes that use a property shape through
``sh:property``), and ``$PATH`` the shape's
path. This module does exactly that in an in-memory Oxigraph store and hands pySHACL the shapes without their
``sh:sparql`` constraints. The results are the same violations SHACL defines, reported per focus node.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from beleidsgraaf.errors import OntologyError
from beleidsgraaf.graph.store import to_ox
from beleidsgraaf.ontology import RDF, ontology_graph, shapes_graph

logger = logging.getLogger(__name__)

SH = "http://www.w3.org/ns/shacl#"
Triple = tuple[Node, Node, Node]


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL violation: the focus node, the path (when known), the shape and its English message."""

    focus: str
    path: str | None
    shape: str
    message: str


@dataclass(frozen=True, slots=True)
class _SparqlConstraint:
    shape: str
    query: str
    message: str


def _sh(name: str) -> URIRef:
    return URIRef(SH + name)


def _message(shapes: Graph, *nodes: Node) -> str:
    for node in nodes:
        messages = [m for m in shapes.objects(node, _sh("message")) if isinstance(m, Literal)]
        english = [str(m) for m in messages if m.language == "en"]
        if english or messages:
            return english[0] if english else str(messages[0])
    return "violates a SPARQL constraint"


def _prefixes(shapes: Graph) -> str:
    lines = []
    for decl in shapes.objects(None, _sh("declare")):
        prefix, namespace = shapes.value(decl, _sh("prefix")), shapes.value(decl, _sh("namespace"))
        if prefix is not None and namespace is not None:
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def _target_patterns(shapes: Graph, shape: Node) -> list[str]:
    """SPARQL patterns binding ?this to the focus nodes of ``shape`` (following sh:property upwards)."""
    patterns = [f"{{ ?this rdf:type/rdfs:subClassOf* <{c}> }}" for c in shapes.objects(shape, _sh("targetClass"))]
    patterns += [f"{{ ?this <{p}> ?_any }}" for p in shapes.objects(shape, _sh("targetSubjectsOf"))]
    patterns += [f"{{ ?_any <{p}> ?this }}" for p in shapes.objects(shape, _sh("targetObjectsOf"))]
    patterns += [f"{{ VALUES ?this {{ <{n}> }} }}" for n in shapes.objects(shape, _sh("targetNode"))]
    for target in shapes.objects(shape, _sh("target")):  # SHACL-AF SPARQL-based targets
        select = shapes.value(target, _sh("select"))
        if select is not None:
            patterns.append(f"{{ {select} }}")
    for parent in shapes.subjects(_sh("property"), shape):
        patterns += _target_patterns(shapes, parent)
    return patterns


_SELECT = re.compile(r"^\s*SELECT\s+(?P<vars>.*?)\s+WHERE\s*(?P<body>\{.*\})\s*$", re.S | re.I)


def _constraints(shapes: Graph) -> list[_SparqlConstraint]:
    """Rewrite every sh:SPARQLConstraint into one graph-wide query.

    Raises:
        OntologyError: a constraint's query is not of the supported form ``SELECT ... WHERE { ... }``, or its
            shape has no target and no parent node shape.
    """
    prologue = _prefixes(shapes)
    out = []
    for shape, constraint in shapes.subject_objects(_sh("sparql")):
        select = str(shapes.value(constraint, _sh("select")) or "")
        m = _SELECT.match(select)
        if m is None:
            raise OntologyError(f"SPARQL constraint of {shape} is not 'SELECT ... WHERE {{ ... }}'")
        targets = _target_patterns(shapes, shape)
        if not targets:
            raise OntologyError(f"SPARQL constraint of {shape} has no targets")
        body = m.group("body").replace("$this", "?this")
        path = shapes.value(shape, _sh("path"))
        if "$PATH" in body:
            if not isinstance(path, URIRef):
                raise OntologyError(f"SPARQL constraint of {shape} uses $PATH without a simple sh:path")
            body = body.replace("$PATH", f"<{path}>")
        has_path = "?path" in m.group("vars")
        has_value = "?value" in m.group("vars")
        inner = f"SELECT DISTINCT ?this{' ?path' if has_path else ''}{' ?value' if has_value else ''} WHERE {body}"
        query = (f"{prologue}\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                 f"SELECT DISTINCT ?this{' ?path' if has_path else ''} WHERE {{\n"
                 f"  {{ {' UNION '.join(targets)} }}\n  {{ {inner} }}\n}}")
        if not has_path and isinstance(path, URIRef):
            query = query.replace("SELECT DISTINCT ?this WHERE", f"SELECT DISTINCT ?this (<{path}> AS ?path) WHERE", 1)
        out.append(_SparqlConstraint(str(shape), query, _message(shapes, constraint, shape)))
    return out


@lru_cache(maxsize=1)
def _split_shapes() -> tuple[Graph, tuple[_SparqlConstraint, ...]]:
    """The packaged shapes without sh:sparql and SPARQL targets (for pySHACL), and the rewritten constraints.

    The SPARQL targets are dropped from pySHACL's copy too: it would evaluate them with rdflib's engine, and
    the shapes that use them have nothing but SPARQL constraints (which this module evaluates).
    """
    shapes = shapes_graph()
    core = Graph()
    for triple in shapes:
        if triple[1] not in (_sh("sparql"), _sh("target")):
            core.add(triple)
    return core, tuple(_constraints(shapes))


_SKOLEM = "urn:beleidsgraaf:blank:"


def _to_ox(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """Convert a term; blank nodes become skolem IRIs so that STR() works on them as in rdflib's engine."""
    if isinstance(term, (URIRef, Literal)):
        return to_ox(term)
    return ox.NamedNode(_SKOLEM + str(term))


def _from_ox(term: object) -> str:
    value = str(getattr(term, "value", term))
    return value.removeprefix(_SKOLEM)


def sparql_violations(triples: Iterable[Triple]) -> list[Violation]:
    """Evaluate the SPARQL-based constraints of the packaged shapes over ``triples``."""
    _core, constraints = _split_shapes()
    store = ox.Store()
    store.extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in triples)  # type: ignore[arg-type]
    out: list[Violation] = []
    for constraint in constraints:
        result = store.query(constraint.query)
        assert isinstance(result, ox.QuerySolutions)  # noqa: S101 - the rewrite always yields a SELECT
        for row in result:
            focus, path = row["this"], row["path"]
            out.append(Violation(_from_ox(focus), _from_ox(path) if path is not None else None,
                                 constraint.shape, constraint.message))
    return out


def core_violations(data: Graph) -> list[Violation]:
    """Run pySHACL with the packaged shapes minus their SPARQL constraints (``data`` includes the ontology)."""
    from pyshacl import validate as shacl_validate

    core, _constraints_unused = _split_shapes()
    conforms, report, _text = shacl_validate(
        data, shacl_graph=core, inference="none", advanced=True, allow_warnings=True,
    )
    if conforms:
        return []
    out = []
    for result in report.subjects(RDF.type, _sh("ValidationResult")):
        if not str(report.value(result, _sh("resultSeverity")) or "").endswith("Violation"):
            continue
        messages = [m for m in report.objects(result, _sh("resultMessage")) if isinstance(m, Literal)]
        english = [str(m) for m in messages if m.language == "en"]
        message = english[0] if english else (str(messages[0]) if messages else "violates a shape")
        path = report.value(result, _sh("resultPath"))
        out.append(Violation(str(report.value(result, _sh("focusNode"))),
                             str(path) if isinstance(path, URIRef) else None,
                             str(report.value(result, _sh("sourceShape"))), message))
    return out


def validate_triples(triples: Iterable[Triple]) -> list[Violation]:
    """All SHACL violations of ``triples`` (validated together with the ontology), in a stable order."""
    data = Graph()
    for triple in triples:
        data.add(triple)
    data += ontology_graph()
    found = core_violations(data) + sparql_violations(data)
    return sorted(set(found), key=lambda v: (v.focus, v.path or "", v.shape, v.message))
