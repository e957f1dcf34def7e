"""Validate compiled sources: SHACL, referential integrity, quotes, dates and cycles, every problem with its line.

:func:`check_project` runs everything and returns the problems in file order. Compilation already reports
unknown ids, quotes that are not in their source and impossible dates; this module adds cycle detection on
the acyclic relations of the ontology and SHACL validation of the compiled graph against the packaged shapes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef

from beleidsgraaf.errors import RecordError, SourceLocation
from beleidsgraaf.graph.compile import Compiled, compile_project
from beleidsgraaf.graph.records import Project, load_project
from beleidsgraaf.graph.shacl import validate_triples
from beleidsgraaf.graph.vocab import Vocabulary, vocabulary

logger = logging.getLogger(__name__)

@dataclass(slots=True)
class CheckResult:
    """The project as read, its compiled form and every problem found, sorted by file and line."""

    project: Project
    compiled: Compiled
    problems: list[RecordError]

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def find_cycles(compiled: Compiled, vocab: Vocabulary) -> list[RecordError]:
    """Report every cycle along an acyclic relation (isUitwerkingVan, maaktDeelUitVan, vervangt, ligtIn)."""
    problems: list[RecordError] = []
    for prop in sorted(vocab.acyclic):
        graph: nx.DiGraph[str] = nx.DiGraph()
        locs: dict[tuple[str, str], SourceLocation] = {}
        for s, p, o, loc in compiled.edges:
            if p == prop:
                graph.add_edge(s, o)
                locs[(s, o)] = loc
        for cycle in nx.simple_cycles(graph):
            ring = [*cycle, cycle[0]]
            pairs = list(pairwise(ring))
            first = min((locs[pair] for pair in pairs), key=lambda loc: (str(loc.path), loc.line))
            problems.append(RecordError(
                f"cycle along {prop}: {' → '.join(ring)}", first, "cycle"))
    return problems


def shacl_problems(compiled: Compiled, base: str) -> list[RecordError]:
    """Validate the compiled graph against the packaged SHACL shapes; map each violation to its record."""
    data = Graph()
    for s, p, o, _g in compiled.quads:
        data.add((s, p, o))
    by_iri = {str(iri): rid for rid, iri in compiled.entities.items()}
    problems: list[RecordError] = []
    for v in validate_triples(data):
        rid = _record_of(v.focus, by_iri, base, data)
        where = f" (property <{v.path}>)" if v.path else ""
        problems.append(RecordError(f"SHACL: <{v.focus}>{where}: {v.message}", compiled_loc(compiled, rid), "shacl"))
    return problems


def _record_of(iri: str, by_iri: dict[str, str], base: str, data: Graph) -> str | None:
    if iri in by_iri:
        return by_iri[iri]
    stem = iri.split("#", 1)[0]
    if stem in by_iri:
        return by_iri[stem]
    event_prefix = f"{base}/id/gebeurtenis/"
    if stem.startswith(event_prefix):
        for rid in sorted(by_iri.values(), key=len, reverse=True):
            if stem[len(event_prefix):].startswith(rid + "-"):
                return rid
    subject = data.value(URIRef(stem), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"))
    return by_iri.get(str(subject)) if subject is not None else None


def compiled_loc(compiled: Compiled, rid: str | None) -> SourceLocation | None:
    """The location of the record with id ``rid``, when it is known."""
    return compiled.locations.get(rid) if rid else None


def check_project(data_dir: Path, base: str, *, shacl: bool = True) -> CheckResult:
    """Read, compile and validate the sources in ``data_dir``; never raises for problems in the sources."""
    vocab = vocabulary()
    project = load_project(data_dir)
    compiled = compile_project(project, base, vocab)
    problems = list(compiled.problems)
    problems += find_cycles(compiled, vocab)
    if shacl and compiled.quads:
        problems += shacl_problems(compiled, base)
    problems.sort(key=lambda p: (str(p.location.path) if p.location else "", p.location.line if p.location else 0))
    logger.info("checked %d records from %d files: %d problems", len(project.records), len(project.record_files),
                len(problems))
    return CheckResult(project, compiled, problems)
