"""The SPARQL engine: queries, updates and graph-store operations on one Oxigraph store.

:class:`Engine` does the work wherever the store lives: inside the web process for tests (around an
:class:`~beleidsgraaf.graph.store.EmbeddedStore`), or inside the engine child process of
:mod:`beleidsgraaf.graph.engine_process` (the default for ``beleidsgraaf serve``, because only a process can be
stopped in the middle of a query). Requests and answers are plain, picklable dataclasses.

Writes are serialised by one lock. Before a write is applied it is tried on an in-memory copy of the store; when
the SHACL shapes are enabled the nodes it changes are validated there, and the write is refused with the
violations if it would add any. Only then is the same update applied to the store, in one Oxigraph transaction
(atomic, and durable through the write-ahead log once acknowledged).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from beleidsgraaf.errors import (
    BeleidsgraafError,
    InvalidParameter,
    NotFound,
    QueryError,
    QueryForbidden,
    QueryTimeout,
    ShapesViolation,
    StoreError,
)
from beleidsgraaf.graph.results import (
    SolutionWriter,
    ox_rdf_format,
    write_boolean,
    write_triples,
)
from beleidsgraaf.graph.store import Binding, Row, parse_error_position, syntax_error, to_term

logger = logging.getLogger(__name__)

#: A serialised SELECT result is sent on in pieces of about this size when the caller streams it.
CHUNK_BYTES = 256 * 1024
#: Rows serialised at a time.
ROWS_PER_PIECE = 2000

#: Receives the pieces of a streamed answer; returns False when the receiver is gone (stop reading).
Emit = Callable[[bytes], bool]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """A query to evaluate.

    ``default_graph`` None means the union of all graphs; ``named_graphs`` None means every named graph.
    ``fmt`` is a result/RDF format name, or ``"rows"`` for plain :class:`Binding` rows (for the HTML page and
    :meth:`select`).
    """

    sparql: str
    fmt: str = "rows"
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None
    max_rows: int = 100_000
    bindings: tuple[tuple[str, Binding], ...] = ()


@dataclass(slots=True)
class QueryAnswer:
    """The answer to a query: serialised bytes (``body``) or rows, and whether ``max_rows`` cut it short."""

    kind: str  # "solutions", "boolean" or "graph"
    body: bytes = b""
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    count: int = 0
    truncated: bool = False
    #: The earlier part of ``body`` was handed to the ``emit`` callback; ``body`` holds only the rest.
    streamed: bool = False


@dataclass(frozen=True, slots=True)
class UpdateRequest:
    """A SPARQL update to apply."""

    sparql: str
    base_iri: str | None = None


@dataclass(frozen=True, slots=True)
class GraphRead:
    """Read one graph (``graph`` None = the default graph) in an RDF format."""

    graph: str | None
    fmt: str


@dataclass(frozen=True, slots=True)
class GraphWrite:
    """Replace (``put``), add to (``post``) or delete (``delete``) one graph (``graph`` None = default graph)."""

    mode: str
    graph: str | None
    data: bytes = b""
    fmt: str = "turtle"


@dataclass(frozen=True, slots=True)
class ListGraphs:
    """Ask for the IRIs of the named graphs."""


@dataclass(frozen=True, slots=True)
class WriteAnswer:
    """What a write did: whether the graph existed before, and how many quads were added and removed."""

    existed: bool = True
    added: int = 0
    removed: int = 0


Request = QueryRequest | UpdateRequest | GraphRead | GraphWrite | ListGraphs

#: Error classes that travel between processes by name.
_ERRORS: dict[str, type[BeleidsgraafError]] = {
    cls.__name__: cls
    for cls in (QueryError, QueryForbidden, QueryTimeout, NotFound, StoreError, InvalidParameter, ShapesViolation,
                BeleidsgraafError)
}


def error_payload(exc: BaseException) -> dict[str, Any]:
    """A picklable description of an error (exceptions with extra fields do not survive pickling)."""
    name = type(exc).__name__ if type(exc).__name__ in _ERRORS else "StoreError"
    payload: dict[str, Any] = {"type": name, "message": getattr(exc, "message", None) or str(exc)}
    if isinstance(exc, QueryError):
        payload["position"] = exc.position
    if isinstance(exc, ShapesViolation):
        payload["violations"] = exc.violations
    if isinstance(exc, InvalidParameter):
        payload["parameter"] = exc.parameter
        payload["message"] = str(exc).split(": ", 1)[-1]
    if not isinstance(exc, BeleidsgraafError):
        payload["message"] = f"{type(exc).__name__}: {exc}"
    return payload


def error_from_payload(payload: dict[str, Any]) -> BeleidsgraafError:
    """Rebuild the error described by :func:`error_payload`."""
    cls = _ERRORS.get(str(payload.get("type")), StoreError)
    message = str(payload.get("message", ""))
    if issubclass(cls, QueryError):
        position = payload.get("position")
        return cls(message, (int(position[0]), int(position[1])) if position else None)
    if cls is ShapesViolation:
        return ShapesViolation(list(payload.get("violations") or []))
    if cls is InvalidParameter:
        return InvalidParameter(str(payload.get("parameter", "")), message)
    return cls(message)


def _query_error(exc: Exception) -> QueryError:
    if isinstance(exc, SyntaxError):
        return syntax_error(exc)
    return QueryError(str(exc), parse_error_position(str(exc)))


def _nodes(names: Iterable[str]) -> list[ox.NamedNode]:
    return [ox.NamedNode(n) for n in names]


def _graph_term(graph: str | None) -> str:
    return f"GRAPH <{graph}>" if graph else "DEFAULT"


class Engine:
    """Evaluates requests on one pyoxigraph store (thread-safe: reads run in parallel, writes one at a time)."""

    def __init__(self, store: ox.Store, *, check_shapes: bool = True, ontology_graph: str | None = None) -> None:
        self.store = store
        self.check_shapes = check_shapes
        self.ontology_graph = ontology_graph
        self._write_lock = threading.Lock()
        self._shacl: _ShapeChecker | None = None

    def handle(self, request: Request, emit: Emit | None = None) -> object:
        """Evaluate any request; a SELECT result may be streamed through ``emit`` (see :meth:`query`).

        Raises:
            BeleidsgraafError: the subclass that describes the problem (syntax, not found, shapes, store).

        """
        if isinstance(request, QueryRequest):
            return self.query(request, emit)
        if isinstance(request, UpdateRequest):
            return self.update(request.sparql, request.base_iri)
        if isinstance(request, GraphRead):
            return self.read_graph(request)
        if isinstance(request, GraphWrite):
            return self.write_graph(request)
        if isinstance(request, ListGraphs):
            return self.graphs()
        raise StoreError(f"unknown request {type(request).__name__}")

    # -- reading ------------------------------------------------------------------------------------------

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def query(self, req: QueryRequest, emit: Emit | None = None) -> QueryAnswer:
        """Evaluate a query and read at most ``max_rows`` solutions or triples.

        With ``emit``, a serialised SELECT result larger than :data:`CHUNK_BYTES` is handed over in pieces while
        it is read (the answer is then marked ``streamed`` and its ``body`` is the last piece); when ``emit``
        returns False the reading stops.

        Raises:
            QueryError: the query is malformed (with the parser's line and column).
            StoreError: the store could not be read, or a SERVICE call failed.

        """
        kwargs: dict[str, Any] = {"base_iri": req.base_iri}
        if req.default_graph is None and req.named_graphs is None:
            kwargs["use_default_graph_as_union"] = True
        else:
            kwargs["default_graph"] = _nodes(req.default_graph or ())
            if req.named_graphs is not None:
                kwargs["named_graphs"] = _nodes(req.named_graphs)
        if req.bindings:
            kwargs["substitutions"] = {ox.Variable(k): to_term(v) for k, v in req.bindings}
        try:
            result = self.store.query(req.sparql, **kwargs)
            return self._read(result, req, emit)
        except SyntaxError as exc:
            raise _query_error(exc) from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"query failed / query mislukt: {exc}") from exc

    def _read(self, result: object, req: QueryRequest, emit: Emit | None = None) -> QueryAnswer:
        limit = req.max_rows
        if isinstance(result, ox.QueryBoolean):
            value = bool(result)
            body = b"" if req.fmt == "rows" else write_boolean(req.fmt, value)
            return QueryAnswer("boolean", body=body, boolean=value, count=1)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            if req.fmt != "rows":
                return self._write_solutions(result, variables, req, emit)
            solutions: list[list[object | None]] = []
            truncated = False
            for solution in result:
                if len(solutions) >= limit:
                    truncated = True
                    break
                solutions.append([solution[v] for v in variables])
            answer = QueryAnswer("solutions", variables=variables, count=len(solutions), truncated=truncated)
            answer.rows = [{v: Binding.of(t) for v, t in zip(variables, row, strict=True) if t is not None}
                           for row in solutions]
            return answer
        if isinstance(result, ox.QueryTriples):
            triples: list[ox.Triple] = []
            truncated = False
            for triple in result:
                if len(triples) >= limit:
                    truncated = True
                    break
                triples.append(triple)
            answer = QueryAnswer("graph", variables=["subject", "predicate", "object"], count=len(triples),
                                 truncated=truncated)
            if req.fmt == "rows":
                answer.rows = [{"subject": Binding.of(t.subject), "predicate": Binding.of(t.predicate),
                                "object": Binding.of(t.object)} for t in triples]
            else:
                from beleidsgraaf.ontology import PREFIXES

                answer.body = write_triples(req.fmt, triples, PREFIXES)
            return answer
        raise StoreError(f"unexpected query result {type(result).__name__}")

    @staticmethod
    def _write_solutions(result: ox.QuerySolutions, variables: list[str], req: QueryRequest,
                         emit: Emit | None) -> QueryAnswer:
        """Serialise at most ``max_rows`` solutions, handing full pieces to ``emit`` as they are ready."""
        writer = SolutionWriter(req.fmt, variables)
        pending = [writer.head()]
        size, count, streamed, truncated = len(pending[0]), 0, False, False
        batch: list[list[object | None]] = []
        for solution in result:
            if count >= req.max_rows:
                truncated = True
                break
            batch.append(list(solution))  # the terms in the order of ``variables``, None where unbound
            count += 1
            if len(batch) >= ROWS_PER_PIECE:
                piece = writer.rows(batch)
                batch = []
                pending.append(piece)
                size += len(piece)
                if emit is not None and size >= CHUNK_BYTES:
                    streamed = True
                    if not emit(b"".join(pending)):
                        return QueryAnswer("solutions", variables=variables, count=count, streamed=True)
                    pending, size = [], 0
        pending += [writer.rows(batch), writer.tail(req.max_rows if truncated else None)]
        return QueryAnswer("solutions", body=b"".join(pending), variables=variables, count=count,
                           truncated=truncated, streamed=streamed)

    def read_graph(self, req: GraphRead) -> bytes:
        """Serialise one graph.

        Raises:
            NotFound: the named graph is not in the store.
            StoreError: the store could not be read.

        """
        if req.graph is not None and not self.store.contains_named_graph(ox.NamedNode(req.graph)):
            raise NotFound(f"graph <{req.graph}> is not in the store / staat niet in de store")
        source: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(req.graph) if req.graph else ox.DefaultGraph()
        triples = [q.triple for q in self.store.quads_for_pattern(None, None, None, source)]
        from beleidsgraaf.ontology import PREFIXES

        try:
            return write_triples(req.fmt, triples, PREFIXES)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot serialise the graph: {exc}") from exc

    # -- writing ------------------------------------------------------------------------------------------

    def update(self, sparql: str, base_iri: str | None = None) -> WriteAnswer:
        """Apply an update after trying it on a copy (and checking the shapes there).

        Raises:
            QueryError: the update is malformed or cannot be executed (e.g. DROP of a missing graph).
            ShapesViolation: the update would add SHACL violations; nothing was applied.
            StoreError: the store could not be written.

        """
        with self._write_lock:
            trial = ox.Store()
            before = set(self.store.quads_for_pattern(None, None, None))
            trial.extend(before)
            try:
                trial.update(sparql, base_iri=base_iri)
            except SyntaxError as exc:
                raise _query_error(exc) from exc
            except (OSError, RuntimeError, ValueError) as exc:
                raise QueryError(f"the update cannot be executed / de update kan niet worden uitgevoerd: {exc}",
                                 parse_error_position(str(exc))) from exc
            after = set(trial.quads_for_pattern(None, None, None))
            added, removed = after - before, before - after
            if self.check_shapes and (added or removed):
                self._checker().check(self.store, trial, added | removed)
            try:
                self.store.update(sparql, base_iri=base_iri)
            except (SyntaxError, RuntimeError, ValueError) as exc:  # pragma: no cover - the trial passed
                raise QueryError(str(exc), parse_error_position(str(exc))) from exc
            except OSError as exc:
                raise StoreError(f"cannot write the store / kan de store niet schrijven: {exc}") from exc
            return WriteAnswer(True, len(added), len(removed))

    def write_graph(self, req: GraphWrite) -> WriteAnswer:
        """Replace, extend or delete one graph, atomically, as one SPARQL update.

        Raises:
            NotFound: ``delete`` of a named graph that is not in the store.
            InvalidParameter: the body is not valid RDF in the given format (``body``).
            ShapesViolation: the write would add SHACL violations; nothing was applied.
            StoreError: the store could not be written.

        """
        existed = req.graph is None or self.store.contains_named_graph(ox.NamedNode(req.graph))
        target = _graph_term(req.graph)
        if req.mode == "delete":
            if not existed:
                raise NotFound(f"graph <{req.graph}> is not in the store / staat niet in de store")
            answer = self.update(f"DROP {target}" if req.graph else "CLEAR DEFAULT")
            return WriteAnswer(True, answer.added, answer.removed)
        try:
            triples = list(ox.parse(req.data, format=ox_rdf_format(req.fmt), base_iri=req.graph or None))
        except (SyntaxError, ValueError, OSError) as exc:
            raise InvalidParameter("body", f"not valid {req.fmt}: {exc}") from exc
        lines = []
        for item in triples:
            t = item.triple if isinstance(item, ox.Quad) else item
            lines.append(f"{t.subject} {t.predicate} {t.object} .")
        body = "\n".join(lines)
        insert = (f"INSERT DATA {{ GRAPH <{req.graph}> {{ {body} }} }}" if req.graph
                  else f"INSERT DATA {{ {body} }}")
        parts = []
        if req.mode == "put":
            parts.append(f"DROP SILENT {target}" if req.graph else "CLEAR SILENT DEFAULT")
        if lines or (req.mode == "put" and req.graph):
            parts.append(insert if lines else f"CREATE SILENT {target}")
        if not parts:
            return WriteAnswer(existed, 0, 0)
        answer = self.update(" ;\n".join(parts))
        return WriteAnswer(existed, answer.added, answer.removed)

    def _checker(self) -> _ShapeChecker:
        if self._shacl is None:
            self._shacl = _ShapeChecker(self.ontology_graph)
        return self._shacl


class _ShapeChecker:
    """SHACL validation of the nodes a write changes, on their neighbourhood plus the ontology.

    Validating the whole graph takes minutes with pySHACL; a write is checked on the nodes it touches: the
    subjects and objects of the changed triples (and, for blank nodes, the IRIs that point at them), with
    their incoming and outgoing triples and the description of their neighbours. Only violations that the
    write adds are reported. Rules that need the whole graph (a cycle through many documents) are left to
    ``beleidsgraaf validate``.
    """

    def __init__(self, ontology_graph_iri: str | None) -> None:
        from beleidsgraaf.ontology import ontology_graph, shapes_graph

        self.ontology_graph_iri = ontology_graph_iri
        self.shapes = shapes_graph()
        self.ontology = ontology_graph()
        vocabulary = {str(t) for triple in self.shapes for t in triple if t.__class__.__name__ == "URIRef"}
        vocabulary |= {str(s) for s in self.ontology.subjects() if s.__class__.__name__ == "URIRef"}
        vocabulary.discard(RDF_TYPE)
        self.vocabulary = frozenset(vocabulary)

    def _types(self, store: ox.Store, node: object) -> set[str]:
        if not isinstance(node, ox.NamedNode | ox.BlankNode):
            return set()
        return {q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(RDF_TYPE), None)
                if isinstance(q.object, ox.NamedNode)}

    def _relevant(self, quad: ox.Quad, stores: tuple[ox.Store, ox.Store]) -> bool:
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value == self.ontology_graph_iri:
            return False
        vocab = self.vocabulary
        if quad.predicate.value in vocab:
            return True
        if isinstance(quad.object, ox.NamedNode) and quad.object.value in vocab:
            return True
        return any(self._types(store, node) & vocab for store in stores for node in (quad.subject, quad.object))

    def _focus(self, changed: Iterable[ox.Quad], stores: tuple[ox.Store, ox.Store]) -> set[ox.NamedNode]:
        focus: set[ox.NamedNode] = set()
        for quad in changed:
            if not self._relevant(quad, stores):
                continue
            for node in (quad.subject, quad.object):
                if isinstance(node, ox.NamedNode):
                    focus.add(node)
                elif isinstance(node, ox.BlankNode):
                    for store in stores:
                        focus |= {q.subject for q in store.quads_for_pattern(None, None, node)
                                  if isinstance(q.subject, ox.NamedNode)}
        return focus

    def _violations(self, store: ox.Store, focus: set[ox.NamedNode]) -> dict[tuple[str, ...], dict[str, str]]:
        from pyshacl import validate
        from rdflib import Graph, Literal, URIRef
        from rdflib.namespace import RDF, SH

        triples: set[ox.Triple] = set()
        neighbours: set[object] = set()
        for node in focus:
            for q in store.quads_for_pattern(node, None, None):
                triples.add(q.triple)
                neighbours.add(q.object)
            for q in store.quads_for_pattern(None, None, node):
                triples.add(q.triple)
                neighbours.add(q.subject)
        for neighbour in neighbours:
            if isinstance(neighbour, ox.NamedNode | ox.BlankNode):
                triples.update(q.triple for q in store.quads_for_pattern(neighbour, None, None))
        data = Graph()
        text = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
        data.parse(data=text, format="nt")
        data += self.ontology
        conforms, report, _ = validate(
            data, shacl_graph=Graph() + self.shapes, ont_graph=self.ontology, inference="none", advanced=True,
            allow_warnings=True, focus_nodes=[URIRef(n.value) for n in focus],
        )
        found: dict[tuple[str, ...], dict[str, str]] = {}
        if conforms:
            return found
        for result in report.subjects(RDF.type, SH.ValidationResult):
            severity = str(report.value(result, SH.resultSeverity) or "")
            if not severity.endswith("Violation"):
                continue
            messages = list(report.objects(result, SH.resultMessage))
            by_lang = {m.language: str(m) for m in messages if isinstance(m, Literal)}
            violation = {
                "focus": str(report.value(result, SH.focusNode) or ""),
                "path": str(report.value(result, SH.resultPath) or ""),
                "shape": str(report.value(result, SH.sourceShape) or ""),
                "value": str(report.value(result, SH.value) or ""),
                "message_nl": by_lang.get("nl") or by_lang.get(None) or "",
                "message_en": by_lang.get("en") or by_lang.get(None) or "",
            }
            key = (violation["focus"], violation["path"], violation["shape"], violation["value"])
            found[key] = violation
        return found

    def check(self, current: ox.Store, trial: ox.Store, changed: set[ox.Quad]) -> None:
        """Refuse the write when the trial store has violations the current store has not.

        Raises:
            ShapesViolation: with every added violation.

        """
        focus = self._focus(changed, (current, trial))
        if not focus:
            return
        after = self._violations(trial, focus)
        if not after:
            return
        before = self._violations(current, focus)
        new = [v for k, v in sorted(after.items()) if k not in before]
        if new:
            raise ShapesViolation(new)
