"""From sources to store and back: build, export and the ontology graph, used by the CLI and the web app."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from beleidsgraaf.errors import InvalidParameter, ValidationFailed
from beleidsgraaf.graph.compile import Quad, ontology_graph_iri
from beleidsgraaf.graph.store import EmbeddedStore, StoreInfo, build_store
from beleidsgraaf.graph.validate import CheckResult, check_project
from beleidsgraaf.ontology import PREFIXES, ontology_graph

logger = logging.getLogger(__name__)

EXPORT_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
}


def ontology_quads(base: str) -> list[Quad]:
    """The ontology's triples placed in the named graph ``{base}/graph/ontologie``."""
    g = ontology_graph_iri(base)
    return [(s, p, o, g) for s, p, o in ontology_graph()]


def to_nquads(quads: list[Quad]) -> bytes:
    """Serialise quads as N-Quads, one line each, sorted (so equal inputs give equal bytes)."""
    lines = sorted({f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} .\n" for s, p, o, g in quads})
    return "".join(lines).encode("utf-8")


def build(
    data_dir: Path, store_path: Path, base: str, *, progress: Callable[[str], None] | None = None
) -> tuple[CheckResult, StoreInfo]:
    """Validate the sources and, only when they pass, build a new store from them (atomically).

    Raises:
        ValidationFailed: the sources have problems; the existing store is left exactly as it was.
        StoreError: the store could not be written.
    """
    say = progress or (lambda _msg: None)
    say(f"lezen en valideren / reading and validating {data_dir}")
    result = check_project(data_dir, base)
    if not result.ok:
        raise ValidationFailed(result.problems)
    quads = [*result.compiled.quads, *ontology_quads(base)]
    data = to_nquads(quads)
    build_id = hashlib.sha256(data).hexdigest()[:16]
    graphs = sorted({str(q[3]) for q in quads})
    info = build_store(store_path, data, build_id=build_id, graphs=graphs, progress=say)
    return result, info


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted({line for line in data.decode("utf-8").splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def export(store: EmbeddedStore, fmt: str) -> bytes:
    """Serialise the whole store (provenance included); equal store contents give byte-identical output.

    Raises:
        InvalidParameter: ``fmt`` is not one of :data:`EXPORT_FORMATS`.
    """
    if fmt not in EXPORT_FORMATS:
        raise InvalidParameter("format", f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    nquads = _sorted_lines(store.dump_nquads())
    if fmt == "nquads":
        return nquads
    ds = Dataset()
    ds.parse(data=nquads.decode("utf-8"), format="nquads")
    if fmt == "ntriples":
        lines = {f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o, _g in ds.quads((None, None, None, None))}
        return "".join(sorted(lines)).encode("utf-8")
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri)
    if fmt == "turtle":
        union = Graph()
        for prefix, iri in PREFIXES.items():
            union.bind(prefix, iri)
        for s, p, o, _g in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        return _serialise(union, "turtle")
    return _serialise(ds, EXPORT_FORMATS[fmt])


def _serialise(graph: Graph, rdflib_format: str) -> bytes:
    buf = io.BytesIO()
    graph.serialize(buf, format=rdflib_format, encoding="utf-8")
    return buf.getvalue()


def graph_iris(store: EmbeddedStore) -> list[URIRef]:
    """The named graphs of the store as rdflib IRIs."""
    return [URIRef(g) for g in store.named_graphs()]
