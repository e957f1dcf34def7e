"""From sources to store and back: build, export and the ontology graph, used by the CLI and the web app."""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from beleidsgraaf.errors import InvalidParameter, ValidationFailed
from beleidsgraaf.graph.compile import Quad, ontology_graph_iri
from beleidsgraaf.graph.store import EmbeddedStore, StoreInfo, build_store, to_ox
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
    """Serialise quads as N-Quads (escaped by Oxigraph), one line each, sorted: equal inputs give equal bytes."""
    lines = sorted({
        str(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g)))) + " .\n"  # type: ignore[arg-type]
        for s, p, o, g in quads
    })
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
    graphs: dict[str, Graph] = {}
    for s_, p_, o_, g_ in ds.quads((None, None, None, None)):
        key = str(g_) if g_ is not None else ""
        graphs.setdefault(key, _bound_graph()).add((s_, p_, o_))
    if fmt == "turtle":
        union = _bound_graph()
        for graph in graphs.values():
            union += graph
        return _serialise(union, "turtle")
    if fmt == "trig":
        return _stable_trig(graphs)
    return _stable_jsonld(ds)


def _bound_graph() -> Graph:
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


def _stable_trig(graphs: dict[str, Graph]) -> bytes:
    """TriG with graphs in IRI order, each body as rdflib's (deterministic) Turtle."""
    prefixes: set[str] = set()
    blocks: list[str] = []
    for name in sorted(graphs):
        lines = _serialise(graphs[name], "turtle").decode("utf-8").splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        body = "\n".join(f"    {line}" if line else "" for line in lines if not line.startswith("@prefix"))
        blocks.append(f"<{name}> {{\n{body.strip(chr(10))}\n}}\n" if name else body.strip() + "\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def _canonical_json(value: object) -> object:
    if isinstance(value, dict):
        return {k: _canonical_json(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _stable_jsonld(ds: Dataset) -> bytes:
    """JSON-LD with every object's keys and every array sorted, so the bytes do not depend on set order."""
    data = json.loads(_serialise(ds, "json-ld"))
    return (json.dumps(_canonical_json(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _serialise(graph: Graph, rdflib_format: str) -> bytes:
    buf = io.BytesIO()
    graph.serialize(buf, format=rdflib_format, encoding="utf-8")
    return buf.getvalue()


def graph_iris(store: EmbeddedStore) -> list[URIRef]:
    """The named graphs of the store as rdflib IRIs."""
    return [URIRef(g) for g in store.named_graphs()]
