"""A remote SPARQL 1.1 store (Oxigraph server, Virtuoso, Fuseki, GraphDB, Neptune, ...) behind the store interface.

:class:`RemoteStore` offers what :class:`~beleidsgraaf.graph.store.EmbeddedStore` offers to the API and the views
(``select``, ``ask``, ``query``, ``update``, ``named_graphs``, ``version``, ``info``, ...) over the SPARQL 1.1
Protocol, and :func:`build_remote` loads a compiled graph into it, one named graph at a time.

Binding values. A remote store has no API to bind values to variables, so this module is **the one place where
values enter query text**: :func:`bind_values` serialises each :class:`~beleidsgraaf.graph.store.Binding` as an
escaped RDF term (:func:`sparql_term`, N-Triples escaping; IRIs, language tags and variable names are checked
against the grammar and rejected when they do not conform) into one ``VALUES`` block placed at the start of the
query's outermost ``WHERE`` group. Values are visible to every pattern and ``FILTER`` of that group (also in its
``OPTIONAL`` parts), as with the embedded store's substitutions; a ``FILTER`` inside a nested group, a ``UNION``
branch or a sub-query does not see them, so queries meant for both backends bind at the top level.

The remote store must use the union of all named graphs as its default graph, as the embedded store does:
``oxigraph serve --union-default-graph``; Virtuoso does so by default; Fuseki: ``tdb2:unionDefaultGraph true``;
GraphDB: the default.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pyoxigraph as ox

from beleidsgraaf.errors import InvalidParameter, NotFound, QueryError, QueryTimeout, StoreError
from beleidsgraaf.graph.store import Binding, QueryResult, Row, StoreInfo, Term, parse_error_position, to_term
from beleidsgraaf.ontology import DCTERMS, RDF, VOID, XSD

logger = logging.getLogger(__name__)

_XSD_STRING = str(XSD.string)
#: What SPARQL's IRIREF production forbids inside ``<...>`` (besides code points up to U+0020).
_IRI_FORBIDDEN = set('<>"{}|^`\\')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}

#: Triples per ``INSERT DATA`` operation (Virtuoso's SPARQL parser runs out of stack at about 5,000).
CHUNK_TRIPLES = 2000
#: Triples per update request (several operations; each request is one transaction in most stores).
REQUEST_TRIPLES = 10000


# --- values into query text: the one place -----------------------------------------------------------------


def _check_iri(value: str, name: str) -> str:
    """Return ``<value>`` if ``value`` is an absolute IRI that SPARQL can write between angle brackets.

    Raises:
        InvalidParameter: (naming ``name``) the IRI has no scheme or contains a character IRIREF forbids.

    """
    bad = next((ch for ch in value if ch in _IRI_FORBIDDEN or ord(ch) <= 0x20), None)
    if bad is not None:
        raise InvalidParameter(name, f"IRI contains the character {bad!r}, which an IRI may not contain: {value!r}")
    if not _SCHEME.match(value):
        raise InvalidParameter(name, f"not an absolute IRI (no scheme such as https:): {value!r}")
    return f"<{value}>"


def _escape_string(value: str) -> str:
    """Escape a string for a double-quoted SPARQL/N-Triples literal (ECHAR; other controls as UCHAR)."""
    out = []
    for ch in value:
        esc = _ECHAR.get(ch)
        if esc is not None:
            out.append(esc)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def sparql_term(binding: Binding, name: str = "value") -> str:
    """Serialise a binding as an RDF term in SPARQL syntax: ``<iri>``, ``"text"@lang`` or ``"text"^^<datatype>``.

    Strings are escaped as in N-Triples (backslash, quote, line breaks and other control characters), so the
    text can never end the literal early; IRIs, language tags and datatypes are checked, not escaped.

    Raises:
        InvalidParameter: (naming ``name``) a blank node (not allowed in VALUES), an IRI or datatype with a
            forbidden character or without a scheme, or a malformed language tag.

    """
    if binding.kind == "uri":
        return _check_iri(binding.value, name)
    if binding.kind != "literal":
        raise InvalidParameter(name, f"only IRIs and literals can be bound, not {binding.kind!r}")
    text = _escape_string(binding.value)
    if binding.lang:
        if not _LANG.fullmatch(binding.lang):
            raise InvalidParameter(name, f"malformed language tag {binding.lang!r}")
        return f"{text}@{binding.lang}"
    if binding.datatype and binding.datatype != _XSD_STRING:
        return f"{text}^^{_check_iri(binding.datatype, name)}"
    return text


@dataclass(frozen=True, slots=True)
class QueryShape:
    """What :func:`query_shape` found: the query form and where its outermost WHERE group opens."""

    form: str | None
    where_open: int | None
    subselect: bool


_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                   |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<brace>[{}])
      | (?P<var>[?$][A-Za-z0-9_]+)
      | (?P<word>[A-Za-z_:][A-Za-z0-9_\-.:]*)
      | (?P<other>.)""",
    re.X | re.S,
)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE",
          "ADD", "MOVE", "COPY", "WITH"}


def query_shape(sparql: str) -> QueryShape:
    """Find the query form and the offset of the ``{`` that opens the outermost WHERE group.

    A small lexer skips comments, strings and IRIs, so braces and keywords inside them do not count.
    """
    form: str | None = None
    saw_where = False
    depth = 0
    tokens = _TOKEN.finditer(sparql)
    for m in tokens:
        kind = m.lastgroup
        if kind == "word":
            word = m.group().upper()
            if form is None and word in _FORMS:
                form = word
            elif word == "WHERE" and depth == 0:
                saw_where = True
        elif kind == "brace":
            if m.group() == "}":
                depth -= 1
                continue
            if depth == 0 and form in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT") and (
                    form != "CONSTRUCT" or saw_where):
                following = next((t for t in tokens if t.lastgroup != "comment" and not t.group().isspace()), None)
                sub = following is not None and following.group().upper() == "SELECT"
                return QueryShape(form, m.start(), sub)
            depth += 1
    return QueryShape(form, None, False)


def _matching_brace(sparql: str, open_at: int) -> int:
    """Offset of the ``}`` that closes the ``{`` at ``open_at`` (or -1)."""
    depth = 0
    for m in _TOKEN.finditer(sparql, open_at):
        if m.lastgroup == "brace":
            depth += 1 if m.group() == "{" else -1
            if depth == 0:
                return m.start()
    return -1


def bind_values(sparql: str, bindings: Mapping[str, Binding] | None) -> str:
    """Return ``sparql`` with ``bindings`` as one ``VALUES`` block at the start of its outermost WHERE group.

    This is the only function that puts values into query text; every value goes through :func:`sparql_term`
    and every variable name is checked, so a value can never change the structure of the query.

    Raises:
        InvalidParameter: a variable name or value cannot be written safely (see :func:`sparql_term`).
        QueryError: the query has no WHERE group to bind values in.

    """
    if not bindings:
        return sparql
    names = []
    for name in bindings:
        if not _VARNAME.fullmatch(name):
            raise InvalidParameter(name, "a bound variable name has only letters, digits and underscores")
        names.append(name)
    terms = [sparql_term(bindings[n], n) for n in names]
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms)}) }} "
    shape = query_shape(sparql)
    if shape.where_open is None:
        raise QueryError("cannot bind values: the query has no WHERE group")
    at = shape.where_open + 1
    if shape.subselect:
        close = _matching_brace(sparql, shape.where_open)
        if close < 0:
            raise QueryError("cannot bind values: the WHERE group is not closed")
        return f"{sparql[:at]}{block}{{{sparql[at:close]}}}{sparql[close:]}"
    return f"{sparql[:at]}{block}{sparql[at:]}"


# --- credentials -------------------------------------------------------------------------------------------


class _Credentials(httpx.Auth):
    """HTTP Basic or Digest authentication, whichever the server asks for (Virtuoso's /sparql-auth: Digest)."""

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Send the request, answering the server's challenge with the scheme it names."""
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        self._scheme = "digest" if challenge.startswith("digest") else "basic"
        yield from self.auth_flow(request)


# --- the store ---------------------------------------------------------------------------------------------


def meta_graph_iri(base: str) -> str:
    """The named graph where :func:`build_remote` records the build (id, time, graphs)."""
    return f"{base.rstrip('/')}/graph/beleidsgraaf-meta"


class RemoteStore:
    """A SPARQL 1.1 store reached over HTTP (query endpoint, optional update endpoint and credentials).

    Nothing is contacted on construction; an unreachable store shows as :class:`StoreError` on first use.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        base_iri: str = "https://data.beleidsgraaf.nl",
        timeout: float = 30.0,
        version_ttl: float = 1.0,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.base_iri = base_iri.rstrip("/")
        self.timeout = timeout
        self.read_only = update_url is None
        self.generation = 0
        self._version_ttl = version_ttl
        self._version: tuple[float, str] | None = None
        auth = _Credentials(user, password or "") if user else None
        self._client = httpx.Client(auth=auth, timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                                    limits=httpx.Limits(max_connections=32, max_keepalive_connections=16))

    # --- protocol ----------------------------------------------------------------------------------------

    def _post(self, url: str, data: dict[str, Any] | None = None, *, content: bytes | None = None,
              headers: dict[str, str] | None = None, what: str = "query") -> httpx.Response:
        """POST to the store and map transport and HTTP errors onto the exception tree.

        Raises:
            QueryTimeout: the store did not answer within the timeout.
            QueryError: the store rejected the request as malformed (HTTP 400).
            StoreError: the store could not be reached or failed (other HTTP errors).

        """
        try:
            response = self._client.post(url, data=data, content=content, headers=headers)
        except httpx.TimeoutException as exc:
            raise QueryTimeout(f"the remote store at {url} did not answer within {self.timeout} s") from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the remote store at {url}: {exc}") from exc
        if response.status_code == 400:
            message = response.text.strip()[:2000]
            raise QueryError(f"the remote store rejected the {what}: {message}", parse_error_position(message))
        if response.status_code >= 300:
            raise StoreError(f"the remote store at {url} answered HTTP {response.status_code} to a {what}: "
                             f"{response.text.strip()[:500]}")
        return response

    def request(
        self,
        sparql: str,
        accept: str,
        *,
        default_graph: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
    ) -> httpx.Response:
        """Send a query as given (no bindings) and return the store's response in the ``accept`` format.

        Raises:
            QueryTimeout: the store did not answer in time.
            QueryError: the store rejected the query.
            StoreError: the store could not be reached or failed.

        """
        data: dict[str, Any] = {"query": sparql}
        if default_graph is not None:
            data["default-graph-uri"] = list(default_graph)
        if named_graphs is not None:
            data["named-graph-uri"] = list(named_graphs)
        return self._post(self.query_url, data, headers={"Accept": accept})

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
        """Evaluate a query remotely; same signature and result types as ``EmbeddedStore.query``.

        ``substitutions`` are bound with :func:`bind_values`. Without ``default_graph`` the store's default
        graph is used (which must be the union of all graphs, see the module documentation).

        Raises:
            InvalidParameter: a substituted value cannot be written safely.
            QueryTimeout: the store did not answer in time.
            QueryError: the query is malformed.
            StoreError: the store could not be reached, failed, or sent a result that cannot be read.

        """
        bindings = {k: Binding.of(v) for k, v in substitutions.items()} if substitutions else None
        text = bind_values(sparql, bindings)
        if prefixes:
            for prefix in prefixes:
                if not (prefix == "" or _VARNAME.fullmatch(prefix)):
                    raise InvalidParameter("prefixes", f"not a prefix name: {prefix!r}")
            declared = "".join(f"PREFIX {k}: {_check_iri(v, 'prefixes')}\n" for k, v in prefixes.items())
            text = declared + text
        if base_iri:
            text = f"BASE {_check_iri(base_iri, 'base_iri')}\n{text}"
        form = query_shape(text).form
        graphs = {"default_graph": [g.value for g in default_graph] if default_graph is not None else None,
                  "named_graphs": [g.value for g in named_graphs] if named_graphs is not None else None}
        try:
            if form in ("CONSTRUCT", "DESCRIBE"):
                response = self.request(text, "application/n-triples", **graphs)
                return _as_query_triples(response.content)
            response = self.request(text, "application/sparql-results+json", **graphs)
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"the remote store sent a result that cannot be read: {exc}") from exc

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        """Run a SELECT query; return the solutions as plain :class:`Binding` rows.

        Raises:
            InvalidParameter: a bound value cannot be written safely.
            QueryTimeout: the store did not answer in time.
            QueryError: the query is malformed or is not a SELECT query.
            StoreError: the store could not be reached or failed.

        """
        if query_shape(sparql).form != "SELECT":
            raise QueryError("not a SELECT query")
        response = self.request(bind_values(sparql, bindings), "application/sparql-results+json")
        return _rows_from_json(response.content)

    def ask(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> bool:
        """Run an ASK query.

        Raises:
            InvalidParameter: a bound value cannot be written safely.
            QueryTimeout: the store did not answer in time.
            QueryError: the query is malformed or is not an ASK query.
            StoreError: the store could not be reached or failed.

        """
        if query_shape(sparql).form != "ASK":
            raise QueryError("not an ASK query")
        response = self.request(bind_values(sparql, bindings), "application/sparql-results+json")
        try:
            value = json.loads(response.content)["boolean"]
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"the remote store sent an ASK result that cannot be read: {exc}") from exc
        return bool(value)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Send a SPARQL update to the update endpoint (one request; atomic where the store makes it so).

        Raises:
            QueryTimeout: the store did not answer in time.
            QueryError: the update is malformed.
            StoreError: no update endpoint is configured, or the store could not be reached or failed.

        """
        if self.update_url is None:
            raise StoreError("the remote store is read-only: no update endpoint (BELEIDSGRAAF_REMOTE_UPDATE_URL)")
        text = f"BASE {_check_iri(base_iri, 'base_iri')}\n{sparql}" if base_iri else sparql
        self._post(self.update_url, content=text.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"}, what="update")
        self.generation += 1
        self._version = None

    # --- what the rest of the package reads ----------------------------------------------------------------

    @property
    def version(self) -> str:
        """The build id recorded in the store plus the updates sent through this object (re-read every second).

        Raises:
            StoreError: the store could not be reached.

        """
        now = time.monotonic()
        if self._version is None or now - self._version[0] > self._version_ttl:
            info = self.info()
            self._version = (now, info.build_id if info else "remote")
        return f"{self._version[1]}.{self.generation}"

    def info(self) -> StoreInfo | None:
        """The build recorded by :func:`build_remote`, or None when the store holds none.

        Raises:
            StoreError: the store could not be reached.

        """
        meta = meta_graph_iri(self.base_iri)
        rows = self.select(
            f"SELECT ?id ?at ?n ?g WHERE {{ GRAPH <{meta}> {{ <{meta}> <{DCTERMS.identifier}> ?id ; "
            f"<{DCTERMS.modified}> ?at ; <{VOID.triples}> ?n . OPTIONAL {{ <{meta}> <{DCTERMS.hasPart}> ?g }} }} }}"
        )
        if not rows:
            return None
        graphs = sorted({r["g"].value for r in rows if "g" in r})
        first = rows[0]
        return StoreInfo(first["id"].value, first["at"].value, int(first["n"].value), graphs)

    def named_graphs(self) -> list[str]:
        """The IRIs of this project's named graphs (``{base}/graph/...``, not the store's own), sorted.

        Raises:
            StoreError: the store could not be reached.

        """
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        prefix = f"{self.base_iri}/graph/"
        meta = meta_graph_iri(self.base_iri)
        return sorted(g for g in (r["g"].value for r in rows if "g" in r) if g.startswith(prefix) and g != meta)

    def __len__(self) -> int:
        rows = self.select(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), \"{self.base_iri}/graph/\") && ?g != <{meta_graph_iri(self.base_iri)}>) }}"
        )
        return int(rows[0]["n"].value) if rows and "n" in rows[0] else 0

    def dump_nquads(self) -> bytes:
        """All quads of this project's named graphs as N-Quads (sorted).

        Raises:
            StoreError: the store could not be reached.

        """
        lines: list[str] = []
        for g in self.named_graphs():
            response = self.request(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
                                    "application/n-triples")
            for t in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES):
                lines.append(f"{t.subject} {t.predicate} {t.object} <{g}> .\n")
        return "".join(sorted(lines)).encode("utf-8")

    def load_nquads(self, data: bytes) -> None:
        """Add N-Quads to the store with ``INSERT DATA`` requests of :data:`CHUNK_TRIPLES` triples each.

        Raises:
            StoreError: the data is not valid N-Quads, or the store could not be written.

        """
        for graph, triples, bnode_triples in _by_graph(data):
            for request in _requests(_insert_ops(graph, triples, bnode_triples)):
                self.update(request)

    def call(self, request: object, timeout: float | None = None) -> object:
        """Evaluate a request of the SPARQL endpoint's engine (:mod:`beleidsgraaf.graph.engine`) remotely.

        This makes the SPARQL endpoint and the Graph Store routes work unchanged on a remote store. ``timeout``
        is not used: the HTTP timeout (``query_timeout``) bounds every request. Updates are sent as they are
        (no SHACL pre-check as on the embedded store; the remote store decides), and report no quad counts.

        Raises:
            NotFound: a graph that is not in the store was read or deleted.
            InvalidParameter: a graph write's body is not valid RDF, or a value cannot be written safely.
            QueryTimeout: the store did not answer in time.
            QueryError: the store rejected the query or update.
            StoreError: the store could not be reached or failed, or the request is of an unknown kind.

        """
        from beleidsgraaf.graph import engine as eng

        if isinstance(request, eng.QueryRequest):
            result = self.query(
                request.sparql,
                substitutions={k: to_term(v) for k, v in request.bindings} or None,
                default_graph=[ox.NamedNode(g) for g in request.default_graph or ()]
                if request.default_graph is not None or request.named_graphs is not None else None,
                named_graphs=[ox.NamedNode(g) for g in request.named_graphs]
                if request.named_graphs is not None else None,
                base_iri=request.base_iri,
            )
            return eng.Engine(ox.Store(), check_shapes=False)._read(result, request)
        if isinstance(request, eng.UpdateRequest):
            self.update(request.sparql, base_iri=request.base_iri)
            return eng.WriteAnswer(True, 0, 0)
        if isinstance(request, eng.ListGraphs):
            return self.named_graphs()
        if isinstance(request, eng.GraphRead):
            return self._read_graph(request.graph, request.fmt)
        if isinstance(request, eng.GraphWrite):
            return self._write_graph(request.mode, request.graph, request.data, request.fmt)
        raise StoreError(f"unknown request {type(request).__name__}")

    def _read_graph(self, graph: str | None, fmt: str) -> bytes:
        from beleidsgraaf.graph.results import write_triples
        from beleidsgraaf.ontology import PREFIXES

        if graph is None:  # the default graph of this store is the union; its own default graph is not kept
            return write_triples(fmt, [], PREFIXES)
        if graph not in self.named_graphs():
            raise NotFound(f"graph <{graph}> is not in the store / staat niet in de store")
        g = _check_iri(graph, "graph")
        response = self.request(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}",
                                "application/n-triples")
        return write_triples(fmt, list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)), PREFIXES)

    def _write_graph(self, mode: str, graph: str | None, data: bytes, fmt: str) -> object:
        from beleidsgraaf.graph import engine as eng
        from beleidsgraaf.graph.results import ox_rdf_format

        if graph is None:
            raise InvalidParameter("graph", "a remote store takes writes to named graphs only")
        g = _check_iri(graph, "graph")
        existed = graph in self.named_graphs()
        if mode == "delete":
            if not existed:
                raise NotFound(f"graph <{graph}> is not in the store / staat niet in de store")
            self.update(f"DROP SILENT GRAPH {g}")  # existence checked above; Virtuoso fails DROP of implicit graphs
            return eng.WriteAnswer(True, 0, 0)
        try:
            parsed = list(ox.parse(data, format=ox_rdf_format(fmt), base_iri=graph))
        except (SyntaxError, ValueError, OSError) as exc:
            raise InvalidParameter("body", f"not valid {fmt}: {exc}") from exc
        plain: list[str] = []
        with_bnodes: list[str] = []
        for item in parsed:
            t = item.triple if isinstance(item, ox.Quad) else item
            line = f"{t.subject} {t.predicate} {t.object} ."
            is_bnode = isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
            (with_bnodes if is_bnode else plain).append(line)
        ops = _insert_ops(graph, plain, with_bnodes)
        if mode == "put":
            ops = [f"DROP SILENT GRAPH {g}", *(ops or [f"CREATE SILENT GRAPH {g}"])]
        if ops:
            self.update(" ;\n".join(ops))
        return eng.WriteAnswer(existed, len(parsed), 0)

    def flush(self) -> None:
        """Nothing to do: the remote store makes its own writes durable."""

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()


def _rows_from_json(content: bytes) -> list[Row]:
    """Convert SPARQL JSON results into rows of :class:`Binding` (plain literals get the xsd:string datatype).

    Raises:
        StoreError: the content is not SPARQL JSON results.

    """
    try:
        doc = json.loads(content)
        solutions = doc["results"]["bindings"]
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"the remote store sent a SELECT result that cannot be read: {exc}") from exc
    rows: list[Row] = []
    for sol in solutions:
        row: Row = {}
        for name, term in sol.items():
            kind = term.get("type")
            value = str(term.get("value", ""))
            if kind == "uri":
                row[name] = Binding("uri", value)
            elif kind == "bnode":
                row[name] = Binding("bnode", value)
            else:
                lang = term.get("xml:lang")
                row[name] = Binding("literal", value, lang, None if lang else term.get("datatype", _XSD_STRING))
        rows.append(row)
    return rows


def _as_query_triples(ntriples: bytes) -> ox.QueryTriples:
    """Turn an N-Triples response into a pyoxigraph ``QueryTriples``, so callers see the embedded result type.

    Raises:
        SyntaxError: the content is not N-Triples.

    """
    mem = ox.Store()
    mem.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    result = mem.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples)  # noqa: S101 - a CONSTRUCT query always gives triples
    return result


def _by_graph(data: bytes) -> list[tuple[str, list[str], list[str]]]:
    """Split N-Quads into (graph, triples without blank nodes, triples with blank nodes), graphs in order.

    Raises:
        StoreError: the data is not valid N-Quads or has triples in the default graph.

    """
    graphs: dict[str, tuple[list[str], list[str]]] = {}
    try:
        for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            if not isinstance(q.graph_name, ox.NamedNode):
                raise StoreError(f"a quad is not in a named graph: {q}")
            plain, with_bnodes = graphs.setdefault(q.graph_name.value, ([], []))
            line = f"{q.subject} {q.predicate} {q.object} ."
            is_bnode = isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
            (with_bnodes if is_bnode else plain).append(line)
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"cannot read N-Quads: {exc}") from exc
    return [(g, plain, bn) for g, (plain, bn) in graphs.items()]


def _insert_ops(graph: str, triples: list[str], bnode_triples: list[str]) -> list[str]:
    """``INSERT DATA`` operations for one graph; triples sharing blank nodes stay together in one operation."""
    ops = [f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(triples[i:i + CHUNK_TRIPLES]) + "\n} }"
           for i in range(0, len(triples), CHUNK_TRIPLES)]
    if bnode_triples:  # a template (not INSERT DATA, where Virtuoso refuses blank nodes): one fresh node per label
        ops.append(f"INSERT {{ GRAPH <{graph}> {{\n" + "\n".join(bnode_triples) + "\n} } WHERE {}")
    return ops


def _requests(ops: list[str]) -> list[str]:
    """Join operations into update requests of about :data:`REQUEST_TRIPLES` triples each."""
    per = max(1, REQUEST_TRIPLES // CHUNK_TRIPLES)
    return [" ;\n".join(ops[i:i + per]) for i in range(0, len(ops), per)]


def build_remote(
    store: RemoteStore,
    quads_nquads: bytes,
    *,
    build_id: str,
    graphs: Iterable[str],
    progress: Callable[[str], None] | None = None,
) -> StoreInfo:
    """Replace the project's graphs in a remote store by the compiled ones, one named graph at a time.

    A graph that fits in one request (:data:`REQUEST_TRIPLES`) is replaced by one update (``DROP`` + ``INSERT
    DATA``), atomic in stores that run each request as one transaction (Oxigraph, Virtuoso). A larger graph is
    loaded into a staging graph and moved into place with ``MOVE``: readers see the old graph until the move (and,
    through the union default graph, the staging copy while it loads). Graphs of an earlier build that are no
    longer produced are dropped; the build is recorded last in :func:`meta_graph_iri`.

    Raises:
        StoreError: the data is not valid N-Quads, or the store is read-only, unreachable or failed.
        QueryError: the store rejected an update.

    """
    say = progress or (lambda _msg: None)
    wanted = sorted(set(graphs))
    parts = _by_graph(quads_nquads)
    count = 0
    for n, (graph, triples, bnode_triples) in enumerate(parts, 1):
        count += len(triples) + len(bnode_triples)
        g = _check_iri(graph, "graph")
        if len(triples) + len(bnode_triples) <= REQUEST_TRIPLES:
            store.update(" ;\n".join([f"DROP SILENT GRAPH {g}", *_insert_ops(graph, triples, bnode_triples)]))
        else:
            staging = _check_iri(f"{graph}-staging-{build_id}", "graph")
            store.update(f"DROP SILENT GRAPH {staging}")
            for request in _requests(_insert_ops(staging[1:-1], triples, bnode_triples)):
                store.update(request)
            store.update(f"MOVE SILENT GRAPH {staging} TO {g}")
        if n % 100 == 0 or n == len(parts):
            say(f"remote: {n}/{len(parts)} grafen / graphs, {count} triples")
    for old in sorted(set(store.named_graphs()) - set(wanted)):
        say(f"remote: verouderde graaf verwijderd / dropped stale graph {old}")
        store.update(f"DROP SILENT GRAPH {_check_iri(old, 'graph')}")
    info = StoreInfo(build_id, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), count, wanted)
    meta = _check_iri(meta_graph_iri(store.base_iri), "base_iri")
    has_parts = "".join(f" ; <{DCTERMS.hasPart}> {_check_iri(g, 'graph')}" for g in wanted)
    store.update(
        f"DROP SILENT GRAPH {meta} ;\nINSERT DATA {{ GRAPH {meta} {{ {meta} <{RDF.type}> <{VOID.Dataset}> ; "
        f"<{DCTERMS.identifier}> {_escape_string(build_id)} ; "
        f"<{DCTERMS.modified}> {_escape_string(info.built_at)}^^<{XSD.dateTime}> ; "
        f"<{VOID.triples}> {count}{has_parts} }} }}"
    )
    say(f"klaar / done: {count} triples in {len(wanted)} grafen / graphs op / at {store.query_url}")
    return info
