"""The store: the embedded on-disk Oxigraph store (default) behind one small interface.

Why Oxigraph: on a 1.1 M-triple policy graph rdflib's in-memory SPARQL engine needed 5.5 s for a label search
and more than 120 s for a count per type, pyoxigraph 80 ms and 283 ms (see ``docs/store.md``). rdflib stays
the RDF model for compiling, parsing, serialising and SHACL; queries and updates go to Oxigraph as strings,
with user values bound through ``substitutions`` (never formatted into the query text).

The default graph of a query is the union of all named graphs unless the query or the request names a
dataset; every source document lives in its own named graph, the ontology in ``{base}/graph/ontologie``.

Builds are atomic: :func:`build_store` writes a complete new store next to the old one and swaps the two
folders only when it is finished; :func:`recover_interrupted_swap` repairs a swap that a crash interrupted.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Literal as RdflibLiteral
from rdflib import URIRef
from rdflib.term import Node as RdflibNode

from beleidsgraaf.errors import QueryError, StoreError
from beleidsgraaf.graph.bulkload import load_nquads

logger = logging.getLogger(__name__)

META_FILE = "beleidsgraaf-meta.json"

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True, slots=True)
class Binding:
    """One value of a SELECT solution, as plain data (picklable, independent of the engine).

    ``kind`` is ``uri``, ``literal`` or ``bnode`` (as in SPARQL JSON results); ``lang`` and ``datatype``
    are set for literals.
    """

    kind: str
    value: str
    lang: str | None = None
    datatype: str | None = None

    @classmethod
    def of(cls, term: object) -> Binding:
        """Convert a pyoxigraph term."""
        if isinstance(term, ox.NamedNode):
            return cls("uri", term.value)
        if isinstance(term, ox.BlankNode):
            return cls("bnode", term.value)
        if isinstance(term, ox.Literal):
            return cls("literal", term.value, term.language, term.datatype.value if not term.language else None)
        return cls("literal", str(term))


Row = dict[str, Binding]


class GraphStore(Protocol):
    """What the API, the views and the analysis need from a store (embedded, process-backed or remote).

    ``bindings`` are bound to the query's variables by the engine (never formatted into the text). With the
    embedded Oxigraph engine a bound variable must appear in the SELECT projection (SEP-0007 semantics):
    write ``SELECT ?x ?q WHERE { ... FILTER(CONTAINS(?label, ?q)) }`` to bind ``q``.
    """

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        """Run a SELECT query and return its solutions (unbound variables are absent from a row)."""
        ...

    def ask(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> bool:
        """Run an ASK query."""
        ...

    @property
    def version(self) -> str:
        """Changes whenever the data changes (build id + update generation); for caches."""
        ...


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """What a store holds, as recorded by the build that made it."""

    build_id: str
    built_at: str
    quads: int
    graphs: list[str]


def parse_error_position(message: str) -> tuple[int, int] | None:
    """Extract the (line, column) that Oxigraph's parser names in an error message, when it does.

    Oxigraph 0.5 reports ``error at L:C: ...``; ``line L column C`` is recognised as well.
    """
    m = re.search(r"\bat (\d+):(\d+)", message) or re.search(r"line (\d+)\D+?(?:column )?(\d+)", message)
    return (int(m.group(1)), int(m.group(2))) if m else None


def syntax_error(exc: SyntaxError) -> QueryError:
    """Turn Oxigraph's SyntaxError into a QueryError whose text names the line and column."""
    raw = str(exc)
    position = parse_error_position(raw)
    detail = re.sub(r"^error at \d+:\d+:\s*", "", raw)
    where = f" at line {position[0]}, column {position[1]}" if position else ""
    return QueryError(f"SPARQL syntax error{where}: {detail}", position)


class EmbeddedStore:
    """An Oxigraph store on disk (or in memory when ``path`` is None).

    Raises:
        StoreError: on construction, when the folder cannot be opened as a store (locked by another
            process, damaged, or not a store).

    """

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.generation = 0
        try:
            if path is None:
                self._store = ox.Store()
            else:
                if not read_only:
                    recover_interrupted_swap(path)
                    path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    @property
    def version(self) -> str:
        """Build id of the store plus the number of updates applied through this object."""
        info = self.info()
        return f"{info.build_id if info else 'mem'}.{self.generation}"

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        """Run a SELECT query; return the solutions as plain :class:`Binding` rows.

        Raises:
            QueryError: the query is malformed or is not a SELECT query.
            StoreError: the store could not be read.

        """
        result = self.query(sparql, substitutions=_to_terms(bindings))
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        names = [v.value for v in result.variables]
        rows: list[Row] = []
        for solution in result:
            row: Row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = Binding.of(term)
            rows.append(row)
        return rows

    def ask(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> bool:
        """Run an ASK query.

        Raises:
            QueryError: the query is malformed or is not an ASK query.
            StoreError: the store could not be read.

        """
        result = self.query(sparql, substitutions=_to_terms(bindings))
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(result)

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph store (for bulk operations inside the graph package)."""
        return self._store

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Term] | None = None,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
        base_iri: str | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> QueryResult:
        """Evaluate a SPARQL query; values in ``substitutions`` are bound to the variables of that name.

        Without ``default_graph`` the default graph is the union of all graphs.

        Raises:
            QueryError: the query is malformed (with the parser's position when it gives one).
            StoreError: the store could not be read.

        """
        kwargs: dict[str, Any] = {}
        if substitutions:
            kwargs["substitutions"] = {ox.Variable(k): v for k, v in substitutions.items()}
        if default_graph is not None:
            kwargs["default_graph"] = default_graph
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = named_graphs
        if prefixes:
            kwargs["prefixes"] = dict(prefixes)
        try:
            return self._store.query(sparql, base_iri=base_iri, **kwargs)
        except SyntaxError as exc:
            raise syntax_error(exc) from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Apply a SPARQL update atomically and durably (Oxigraph's write-ahead log).

        Raises:
            QueryError: the update is malformed.
            StoreError: the store is read-only or could not be written.

        """
        if self.read_only:
            raise StoreError("the store is open read-only")
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise syntax_error(exc) from exc
        except OSError as exc:
            raise StoreError(f"cannot write the store: {exc}") from exc
        self.generation += 1

    def load_nquads(self, data: bytes) -> None:
        """Add N-Quads to the store in one atomic step.

        Raises:
            StoreError: the data is not valid N-Quads or the store could not be written.

        """
        try:
            self._store.load(data, format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, ValueError, OSError) as exc:
            raise StoreError(f"cannot load N-Quads: {exc}") from exc
        self.generation += 1

    def dump_nquads(self) -> bytes:
        """All quads of the store as N-Quads (in the store's order).

        Raises:
            StoreError: the store could not be read.

        """
        try:
            out = self._store.dump(format=ox.RdfFormat.N_QUADS)
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc
        return out if isinstance(out, bytes) else b""

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs in the store, sorted."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def info(self) -> StoreInfo | None:
        """The build metadata stored next to the data, or None for a store not made by :func:`build_store`."""
        if self.path is None:
            return None
        meta = self.path / META_FILE
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return StoreInfo(str(data.get("build_id", "")), str(data.get("built_at", "")), int(data.get("quads", 0)),
                         list(data.get("graphs", [])))

    def flush(self) -> None:
        """Write memory buffers to disk."""
        if not self.read_only and self.path is not None:
            self._store.flush()

    def close(self) -> None:
        """Release the store (Oxigraph closes when the object is dropped)."""
        self.flush()
        del self._store


def to_ox(term: RdflibNode) -> Term:
    """Convert an rdflib term to a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, RdflibLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.BlankNode(str(term))


def to_term(binding: Binding) -> Term:
    """Convert a :class:`Binding` into a pyoxigraph term (for substitutions)."""
    if binding.kind == "uri":
        return ox.NamedNode(binding.value)
    if binding.kind == "bnode":
        return ox.BlankNode(binding.value)
    if binding.lang:
        return ox.Literal(binding.value, language=binding.lang)
    if binding.datatype:
        return ox.Literal(binding.value, datatype=ox.NamedNode(binding.datatype))
    return ox.Literal(binding.value)


def _to_terms(bindings: Mapping[str, Binding] | None) -> dict[str, Term] | None:
    return {k: to_term(v) for k, v in bindings.items()} if bindings else None


def iri(value: str) -> Binding:
    """A binding for an IRI."""
    return Binding("uri", value)


def literal(value: str, lang: str | None = None, datatype: str | None = None) -> Binding:
    """A binding for a literal (plain string unless ``lang`` or ``datatype`` is given)."""
    return Binding("literal", value, lang, datatype)


def _side(path: Path, tag: str) -> Path:
    return path.with_name(f".{path.name}.{tag}")


def recover_interrupted_swap(path: Path) -> None:
    """Repair a store folder swap that a crash interrupted, and remove half-built stores.

    If ``path`` is missing but the previous store was moved aside (``.NAME.old``), it is moved back; a
    finished new store (``.NAME.new``, with its metadata file) is moved into place instead.
    """
    old, new = _side(path, "old"), _side(path, "new")
    if not path.exists():
        if new.exists() and (new / META_FILE).exists():
            new.rename(path)
        elif old.exists():
            old.rename(path)
    for leftover in (old, new, *path.parent.glob(f".{path.name}.building-*")):
        if leftover.exists() and leftover != path:
            shutil.rmtree(leftover, ignore_errors=True)


def build_store(
    path: Path,
    quads_nquads: bytes | Path,
    *,
    build_id: str,
    graphs: Iterable[str] | None,
    progress: Callable[[str], None] | None = None,
    threads: int | None = None,
) -> StoreInfo:
    """Build a complete new store at ``path`` from N-Quads (bytes or a file); the old one stays until it is done.

    The N-Quads are bulk-loaded on several threads (:func:`beleidsgraaf.graph.bulkload.load_nquads`); ``graphs``
    None records the named graphs found in the data. The loaded store is then compacted (RocksDB writes one file
    per loaded piece and index; a lookup has to try every one of them until they are merged: at 1 M quads a label
    scan takes 60 ms before and 33 ms after, for 1.3 s of compaction).

    The new store is written in a side folder, flushed, given its metadata, then swapped in with two renames;
    an interruption at any moment leaves either the old or the new store (see
    :func:`recover_interrupted_swap`).

    Raises:
        StoreError: the data could not be loaded or the folders could not be written or swapped.

    """
    say = progress or (lambda _msg: None)
    path.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted_swap(path)
    building = _side(path, f"building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    try:
        store = ox.Store(str(building))
        load_nquads(store, quads_nquads, threads=threads, progress=say)
        store.flush()
        say("compacteren / compacting")
        store.optimize()  # merge the files each loaded piece left per index: a lookup reads fewer files
        count = len(store)
        names = sorted(graphs) if graphs is not None else sorted(
            g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
        del store
    except StoreError:
        shutil.rmtree(building, ignore_errors=True)
        raise
    except (OSError, ValueError) as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise StoreError(f"cannot build the store: {exc}") from exc
    info = StoreInfo(build_id, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), count, names)
    (building / META_FILE).write_text(json.dumps(asdict(info), indent=2), encoding="utf-8")
    new, old = _side(path, "new"), _side(path, "old")
    try:
        building.rename(new)
        if path.exists():
            path.rename(old)
        new.rename(path)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise StoreError(f"cannot swap the new store into {path}: {exc}") from exc
    say(f"klaar / done: {count} quads in {path}")
    return info


def copy_to_memory(source: ox.Store) -> ox.Store:
    """Copy every quad of ``source`` into a new in-memory store, blank nodes keeping their identity.

    An in-memory Oxigraph store answers lookups several times faster than RocksDB on disk (no block decoding),
    at about 450 MB per million quads; the copy of 1 M quads takes about 8 s. (Not through a dump and a load:
    the parser would give blank nodes new labels, and per graph it would split one shared across graphs.)

    Raises:
        OSError: the source could not be read.

    """
    target = ox.Store()
    target.extend(source.quads_for_pattern(None, None, None, None))
    return target


def open_store(path: Path, *, read_only: bool = False) -> EmbeddedStore:
    """Open the embedded store at ``path``.

    Raises:
        StoreError: the store cannot be opened.

    """
    if read_only and not (path / "CURRENT").exists():
        raise StoreError(f"there is no store at {path}; run `beleidsgraaf build` first")
    return EmbeddedStore(path, read_only=read_only)
