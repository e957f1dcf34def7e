"""The SPARQL 1.1 endpoint at ``/sparql``: Protocol, Update, Service Description and a query page.

- Queries by GET (``?query=``), POST form (``query=``) and POST ``application/sparql-query``; SELECT, ASK,
  CONSTRUCT and DESCRIBE; results in SPARQL JSON/XML/CSV/TSV and graphs in Turtle, N-Triples, N-Quads, TriG,
  JSON-LD and RDF/XML, chosen by content negotiation (``?format=`` overrides it, for download links).
- ``default-graph-uri`` / ``named-graph-uri`` select graphs of the store (protocol parameters win over
  ``FROM``); without either the default graph is the union of all graphs.
- Updates (POST form ``update=`` or ``application/sparql-update``, with ``using-graph-uri`` /
  ``using-named-graph-uri``) only with the write token; they are checked against the SHACL shapes first.
- Errors: malformed → 400 with the parser's line and column, forbidden outbound IRI → 403, wrong content type
  → 415, nothing acceptable → 406, repeated/conflicting parameters → 400, time limit → 503, body → 413.
- ``GET /sparql`` without a query: the query page for people (``text/html``) or the Service Description.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from beleidsgraaf.api.conneg import negotiate
from beleidsgraaf.api.security import (
    HTTPProblem,
    content_type,
    cors_read_headers,
    preflight,
    read_body,
    require_write,
    settings_of,
)
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
from beleidsgraaf.graph.engine import ListGraphs, QueryAnswer, QueryRequest, UpdateRequest
from beleidsgraaf.graph.engine import Request as EngineRequest
from beleidsgraaf.graph.engine_process import Call, ProcessEngine
from beleidsgraaf.graph.result_cache import ResultCache
from beleidsgraaf.graph.results import RDF_FORMATS, RESULT_FORMATS, forms_formats
from beleidsgraaf.graph.sparql_guard import Inspection, add_using, check_iri, check_outbound, inspect
from beleidsgraaf.settings import Settings

logger = logging.getLogger(__name__)

router = APIRouter(tags=["SPARQL"])

HTML = "text/html"
#: Most rows the query page shows (the downloads have the full result up to ``max_rows``).
PAGE_ROWS = 1000
#: Media types accepted as names of a result format although they are not the registered ones.
RESULT_ALIASES = {"application/json": "application/sparql-results+json",
                  "application/xml": "application/sparql-results+xml",
                  "text/xml": "application/sparql-results+xml"}
RDF_ALIASES = {"text/plain": "application/n-triples", "application/x-turtle": "text/turtle",
               "application/json": "application/ld+json", "application/xml": "application/rdf+xml"}


# -- the engine behind the app --------------------------------------------------------------------------------


def engine_of(request: Request) -> Any:
    """The engine that evaluates requests: the app's process engine, or a local engine around its store."""
    state = request.app.state
    engine = getattr(state, "sparql_engine", None)
    if engine is not None:
        return engine
    store = state.store
    if hasattr(store, "call"):
        state.sparql_engine = store
        return store
    from beleidsgraaf.graph.engine_process import LocalEngine
    from beleidsgraaf.graph.store import EmbeddedStore

    if not isinstance(store, EmbeddedStore):
        raise HTTPProblem(503, "no_endpoint", "the SPARQL endpoint serves the embedded store only; query the remote "
                          "store directly / het endpoint werkt alleen op de ingebouwde store")
    settings: Settings = state.settings
    state.sparql_engine = LocalEngine(store, ontology_graph=f"{settings.base_iri}/graph/ontologie")
    return state.sparql_engine


async def call_engine(request: Request, op: EngineRequest) -> object:
    """Run one engine request and wait for it without holding a worker thread (a local engine runs in one).

    Raises:
        HTTPProblem: the status and message for the error the engine reported.

    """
    engine = engine_of(request)  # raises HTTPProblem for a store the endpoint cannot serve
    try:
        if isinstance(engine, ProcessEngine):
            return await asyncio.wrap_future(engine.submit(op).future)
        return await run_in_threadpool(engine.call, op)
    except BeleidsgraafError as exc:
        raise problem_of(exc) from exc


def result_cache(request: Request) -> ResultCache:
    """The app's cache of query answers (``BELEIDSGRAAF_RESULT_CACHE_MB``)."""
    state = request.app.state
    cache = getattr(state, "result_cache", None)
    if cache is None:
        cache = state.result_cache = ResultCache(settings_of(request).result_cache_mb * 1024 * 1024)
    return cache


async def query_engine(request: Request, op: QueryRequest) -> QueryAnswer | tuple[AsyncIterator[bytes], str]:
    """Evaluate a query: a cached or complete answer, or, for a large result, its pieces as they are read.

    Only the process engine streams and caches (its version changes with every write); the pieces of a streamed
    answer are passed on one at a time, so the engine is never more than a few pieces ahead of the client.

    Raises:
        HTTPProblem: the status and message for the error the engine reported before the first piece.

    """
    engine = engine_of(request)
    if not isinstance(engine, ProcessEngine):
        answer = await call_engine(request, op)
    else:
        cache, version = result_cache(request), engine.version
        cached = cache.get(version, op)
        if cached is not None:
            return cached
        loop = asyncio.get_running_loop()
        pieces: asyncio.Queue[bytes | None] = asyncio.Queue()

        def arrived(piece: bytes | None) -> None:  # from the engine's reader thread
            loop.call_soon_threadsafe(pieces.put_nowait, piece)

        try:
            call = engine.submit(op, on_chunk=arrived)
        except BeleidsgraafError as exc:
            raise problem_of(exc) from exc
        call.future.add_done_callback(lambda _f: arrived(None))
        try:
            first = await pieces.get()
        except asyncio.CancelledError:
            engine.cancel(call)
            raise
        if first is not None:
            return _stream(engine, call, first, pieces), version
        try:
            answer = call.future.result()
        except BeleidsgraafError as exc:
            raise problem_of(exc) from exc
        if isinstance(answer, QueryAnswer):
            cache.put(version, op, answer)
    if not isinstance(answer, QueryAnswer):
        raise HTTPProblem(500, "internal", "unexpected answer from the store engine")
    return answer


async def _stream(engine: ProcessEngine, call: Call, first: bytes,
                  pieces: asyncio.Queue[bytes | None]) -> AsyncIterator[bytes]:
    """The pieces of a streamed answer, each acknowledged to the engine once passed on.

    An error after the first piece ends the response early (the client sees an incomplete body); a client that
    goes away stops the engine reading the result. A CSV or TSV result cut short by ``max_rows`` also ends without
    its final chunk, after the last row: the format has no place to say so and the headers have been sent, and a
    silently shorter file would lose rows unnoticed (JSON and XML say it in the body).

    Raises:
        BeleidsgraafError: the engine failed after the first piece, or a CSV/TSV result was truncated.

    """
    piece: bytes | None = first
    try:
        while piece is not None:
            yield piece
            engine.credit(call)
            piece = await pieces.get()
        answer = call.future.result()
        if isinstance(answer, QueryAnswer) and answer.body:
            yield answer.body
        if isinstance(answer, QueryAnswer) and answer.truncated and isinstance(call.request, QueryRequest) \
                and call.request.fmt in ("csv", "tsv"):
            raise StoreError(f"streamed {call.request.fmt} result truncated at {call.request.max_rows} rows "
                             "(BELEIDSGRAAF_MAX_ROWS); the transfer ends without its final chunk so the client notices")
    except BeleidsgraafError as exc:
        logger.warning("a streamed answer was cut short: %s", exc)
        raise
    finally:
        if not call.future.done():
            engine.cancel(call)


def problem_of(exc: BeleidsgraafError) -> HTTPProblem:
    """The HTTP problem for an error of the engine."""
    if isinstance(exc, QueryForbidden):
        return HTTPProblem(403, "forbidden", exc.message)
    if isinstance(exc, QueryError):
        where = f" (line {exc.position[0]}, column {exc.position[1]})" if exc.position else ""
        return HTTPProblem(400, "malformed_query", exc.message + where,
                           position={"line": exc.position[0], "column": exc.position[1]} if exc.position else None)
    if isinstance(exc, QueryTimeout):
        return HTTPProblem(503, "query_timeout", str(exc), headers={"Retry-After": "1"})
    if isinstance(exc, ShapesViolation):
        return HTTPProblem(422, "shapes_violation", "the change would break the SHACL shapes; nothing was applied "
                           "/ de wijziging schendt de vormregels; er is niets toegepast", violations=exc.violations)
    if isinstance(exc, NotFound):
        return HTTPProblem(404, "not_found", str(exc))
    if isinstance(exc, InvalidParameter):
        return HTTPProblem(400, "invalid_parameter", str(exc), parameter=exc.parameter)
    if isinstance(exc, StoreError):
        return HTTPProblem(503, "store_unavailable", str(exc))
    return HTTPProblem(400, "bad_request", str(exc))


def endpoint_url(request: Request, settings: Settings) -> str:
    """The public URL of the endpoint (also the base IRI of queries and updates)."""
    if settings.public_url:
        return settings.public_url.rstrip("/") + "/sparql"
    scope = request.scope
    key = (scope.get("scheme"), request.headers.get("host"), scope.get("root_path"), scope.get("app_root_path"),
           str(scope.get("server")))
    known = _ENDPOINT_URLS.get(key)
    if known is None:  # building the URL is a noticeable part of a fast query; clients use one or a few hosts
        if len(_ENDPOINT_URLS) >= 64:  # the Host header is the client's: keep the table small
            _ENDPOINT_URLS.clear()
        known = _ENDPOINT_URLS[key] = str(request.base_url).rstrip("/") + "/sparql"
    return known


_ENDPOINT_URLS: dict[tuple[object, ...], str] = {}


# -- parameters -----------------------------------------------------------------------------------------------


class Params:
    """Protocol parameters from the URL and a form body, with the protocol's rules about repetition."""

    def __init__(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.values: dict[str, list[str]] = {}
        for key, value in pairs:
            self.values.setdefault(key, []).append(value)

    def one(self, name: str) -> str | None:
        """The single value of ``name``, or None.

        Raises:
            HTTPProblem: 400 when the parameter is given more than once.

        """
        values = self.values.get(name, [])
        if len(values) > 1:
            raise HTTPProblem(400, "repeated_parameter", f"{name}: given {len(values)} times; give it once / "
                              f"{name} mag maar één keer voorkomen", parameter=name)
        return values[0] if values else None

    def many(self, name: str) -> list[str]:
        """Every value of ``name``, each checked to be an absolute IRI.

        Raises:
            HTTPProblem: 400 when a value is not an absolute IRI.

        """
        try:
            return [check_iri(v, name) for v in self.values.get(name, [])]
        except QueryError as exc:
            raise HTTPProblem(400, "invalid_parameter", exc.message, parameter=name) from exc


def _url_pairs(request: Request) -> list[tuple[str, str]]:
    return list(request.query_params.multi_items())


def _form_pairs(body: bytes) -> list[tuple[str, str]]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPProblem(400, "invalid_encoding", "the form body is not UTF-8 / de body is geen UTF-8") from exc
    return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")


def _utf8(body: bytes, params: Mapping[str, str], what: str) -> str:
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise HTTPProblem(415, "unsupported_charset", f"{what} must be UTF-8, not {charset} / moet UTF-8 zijn")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPProblem(400, "invalid_encoding", f"{what} is not valid UTF-8 (byte {exc.start}) / geen geldige "
                          "UTF-8") from exc


# -- routes ---------------------------------------------------------------------------------------------------


@router.get("/sparql", summary="SPARQL-query (GET), queryscherm of service description")
@router.get("/sparql/", include_in_schema=False)
async def sparql_get(request: Request) -> Response:
    """Evaluate ``?query=``; without a query: the query page (HTML) or the SPARQL Service Description."""
    try:
        params = Params(_url_pairs(request))
        if "update" in params.values:
            raise HTTPProblem(400, "update_by_get", "an update must be sent with POST / een update gaat met POST")
        query = params.one("query")
        if query is None:
            return await _describe_service(request, params)
        return await _run_query(request, query, params)
    except HTTPProblem as problem:
        if _wants_html(request) and problem.status != 406:
            from beleidsgraaf.api.sparql_page import render_page

            page = render_page(request, settings_of(request), query=request.query_params.get("query"),
                               error=problem.message)
            return HTMLResponse(page, status_code=problem.status)
        return problem.response()


def _wants_html(request: Request) -> bool:
    """Whether a GET comes from the query page or a browser (``format=html`` or HTML preferred)."""
    fmt = request.query_params.get("format")
    if fmt is not None:
        return fmt == "html"
    return negotiate(request.headers.get("accept"), ["application/sparql-results+json", HTML]) == HTML


@router.post("/sparql", summary="SPARQL-query of -update (POST)")
@router.post("/sparql/", include_in_schema=False)
async def sparql_post(request: Request) -> Response:
    """Evaluate a query or an update sent by POST (form or direct)."""
    settings = settings_of(request)
    try:
        media, ct_params = content_type(request)
        url_pairs = _url_pairs(request)
        if media == "application/x-www-form-urlencoded":
            body = await read_body(request, settings)
            params = Params([*url_pairs, *_form_pairs(body)])
            query, update = params.one("query"), params.one("update")
            if query is not None and update is not None:
                raise HTTPProblem(400, "conflicting_parameters", "give either query or update, not both / "
                                  "geef query of update, niet allebei")
            if update is not None:
                return await _run_update(request, update, params)
            if query is None:
                raise HTTPProblem(400, "missing_parameter", "the form has no query or update parameter / "
                                  "het formulier heeft geen query of update", parameter="query")
            return await _run_query(request, query, params)
        if media == "application/sparql-query":
            body = await read_body(request, settings)
            params = Params(url_pairs)
            if "query" in params.values or "update" in params.values:
                raise HTTPProblem(400, "conflicting_parameters", "the query is in the body; do not also give a "
                                  "query or update parameter / de query staat al in de body")
            return await _run_query(request, _utf8(body, ct_params, "the query"), params)
        if media == "application/sparql-update":
            body = await read_body(request, settings)
            params = Params(url_pairs)
            if "query" in params.values or "update" in params.values:
                raise HTTPProblem(400, "conflicting_parameters", "the update is in the body; do not also give a "
                                  "query or update parameter / de update staat al in de body")
            return await _run_update(request, _utf8(body, ct_params, "the update"), params)
        shown = media or "none"
        raise HTTPProblem(415, "unsupported_media_type",
                          f"Content-Type {shown} is not supported: use application/x-www-form-urlencoded, "
                          "application/sparql-query or application/sparql-update / niet ondersteund",
                          headers={"Accept-Post": "application/x-www-form-urlencoded, application/sparql-query, "
                                                  "application/sparql-update"})
    except HTTPProblem as problem:
        return problem.response()


@router.options("/sparql", include_in_schema=False)
@router.options("/sparql/", include_in_schema=False)
async def sparql_options(request: Request) -> Response:
    """CORS pre-flight: reads only."""
    return preflight(request, settings_of(request), "GET, POST")


# -- queries --------------------------------------------------------------------------------------------------


def _choose_format(request: Request, params: Params, form: str) -> str:
    """The format name for the answer (``html`` for the page).

    Raises:
        HTTPProblem: 400 for an unknown ``format`` parameter, 406 when the client accepts no offered type.

    """
    formats = forms_formats(form)
    explicit = params.one("format")
    if explicit is not None:
        if explicit == "html" or explicit in formats:
            return explicit
        raise HTTPProblem(400, "invalid_parameter", f"format: {explicit!r} is not available for {form}; choose "
                          f"one of {', '.join(formats)}", parameter="format")
    chosen = _negotiated(request.headers.get("accept"), form)
    if chosen is None:
        offers = [*(f.media_type for f in formats.values()), HTML]
        raise HTTPProblem(406, "not_acceptable", f"none of the accepted types is available for {form}; available: "
                          f"{', '.join(offers)} / geen van de gevraagde formaten is beschikbaar",
                          available=offers)
    return chosen


@lru_cache(maxsize=256)
def _negotiated(accept: str | None, form: str) -> str | None:
    """The format name for an ``Accept`` header and query form (``html`` for the page; None: none accepted).

    Remembered: clients repeat their header.
    """
    by_type = {f.media_type: name for name, f in forms_formats(form).items()}
    aliases = RDF_ALIASES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_ALIASES
    chosen = negotiate(accept, [*by_type, HTML], {a: t for a, t in aliases.items() if t in by_type})
    return None if chosen is None else "html" if chosen == HTML else by_type[chosen]


async def _store_graphs(request: Request) -> set[str]:
    graphs = await call_engine(request, ListGraphs())
    return set(graphs) if isinstance(graphs, list) else set()


@lru_cache(maxsize=1024)
def _inspect_query(query: str, base: str) -> Inspection:
    """:func:`inspect` for queries, remembered for repeated query texts (the result is never changed)."""
    return inspect(query, base=base)


async def _run_query(request: Request, query: str, params: Params) -> Response:
    """Answer a query; its errors are reads too, so a page on an allowed origin can read them (CORS).

    Raises:
        HTTPProblem: the query is malformed, forbidden, not answerable in an accepted format, or failed.

    """
    try:
        return await _answer_query(request, query, params)
    except HTTPProblem as problem:
        problem.headers.update(cors_read_headers(request, settings_of(request)))
        raise


async def _answer_query(request: Request, query: str, params: Params) -> Response:
    settings = settings_of(request)
    base = endpoint_url(request, settings)
    try:
        info = _inspect_query(query, base)
    except QueryError as exc:
        raise problem_of(exc) from exc
    form = info.form or "SELECT"
    fmt = _choose_format(request, params, form)
    default, named = params.many("default-graph-uri"), params.many("named-graph-uri")
    graphs = await _store_graphs(request) if info.has_dataset else set()
    try:
        check_outbound(info, settings.outbound_allowlist, graphs)
    except QueryForbidden as exc:
        raise problem_of(exc) from exc
    if default or named:
        dataset: tuple[tuple[str, ...] | None, tuple[str, ...] | None] = (tuple(default), tuple(named))
    elif info.has_dataset:
        dataset = (tuple(info.from_graphs), tuple(info.from_named))
    else:
        dataset = (None, None)
    # the page shows at most PAGE_ROWS rows (a browser table of 100,000 rows helps nobody; download instead)
    limit = min(settings.max_rows, PAGE_ROWS) if fmt == "html" else settings.max_rows
    op = QueryRequest(query, "rows" if fmt == "html" else fmt, dataset[0], dataset[1], base, limit)
    answer = await query_engine(request, op)
    headers = cors_read_headers(request, settings)
    if isinstance(answer, tuple):  # a large SELECT result, sent while it is read
        formats = RESULT_FORMATS
        media = formats[fmt].media_type
        charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else ""
        headers.update({"X-Result-Streamed": "true", "X-Result-Limit": str(limit)})
        return StreamingResponse(answer[0], media_type=media + charset, headers=headers)
    if answer.truncated:
        headers.update({
            "X-Result-Truncated": "true",
            "X-Result-Limit": str(limit),
            "Warning": f'199 beleidsgraaf "result truncated to {limit} rows (BELEIDSGRAAF_MAX_ROWS)"',
        })
    if fmt == "html":
        from beleidsgraaf.api.sparql_page import render_page

        return HTMLResponse(render_page(request, settings, query=query, answer=answer, form=form, limit=limit),
                            headers=headers)
    formats = RDF_FORMATS if answer.kind == "graph" else RESULT_FORMATS
    media = formats[fmt].media_type
    charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else ""
    return Response(answer.body, media_type=media + charset, headers=headers)


# -- updates --------------------------------------------------------------------------------------------------


async def _run_update(request: Request, update: str, params: Params) -> Response:
    settings = settings_of(request)
    require_write(request, settings)
    base = endpoint_url(request, settings)
    try:
        info = inspect(update, base=base, update=True)
        check_outbound(info, settings.outbound_allowlist,
                       await _store_graphs(request) if info.using_graphs else set())
        text = add_using(update, info, params.many("using-graph-uri"), params.many("using-named-graph-uri"))
    except QueryError as exc:
        raise problem_of(exc) from exc
    answer = await call_engine(request, UpdateRequest(text, base))
    added = getattr(answer, "added", 0)
    removed = getattr(answer, "removed", 0)
    logger.info("update applied: %d quads added, %d removed", added, removed)
    return JSONResponse({"ok": True, "added": added, "removed": removed,
                         "message": f"{added} toegevoegd, {removed} verwijderd / {added} added, {removed} removed"})


# -- service description ----------------------------------------------------------------------------------------

_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "nquads": "N-Quads",
    "trig": "TriG", "jsonld": "JSON-LD", "rdfxml": "RDF_XML",
}


async def _describe_service(request: Request, params: Params) -> Response:
    settings = settings_of(request)
    explicit = params.one("format")
    offers = [f.media_type for f in RDF_FORMATS.values()]
    if explicit == "html" or (explicit is None and negotiate(request.headers.get("accept"), [*offers, HTML],
                                                              RDF_ALIASES) == HTML):
        from beleidsgraaf.api.sparql_page import render_page

        return HTMLResponse(render_page(request, settings))
    if explicit is not None and explicit not in RDF_FORMATS:
        raise HTTPProblem(400, "invalid_parameter", f"format: {explicit!r}; choose one of "
                          f"{', '.join(RDF_FORMATS)}", parameter="format")
    chosen = RDF_FORMATS[explicit].media_type if explicit else negotiate(request.headers.get("accept"), offers,
                                                                         RDF_ALIASES)
    if chosen is None:
        raise HTTPProblem(406, "not_acceptable", f"the service description is available as {', '.join(offers)}",
                          available=offers)
    fmt = next(name for name, f in RDF_FORMATS.items() if f.media_type == chosen)
    graphs = sorted(await _store_graphs(request))
    body = service_description(endpoint_url(request, settings), settings, graphs, fmt)
    return Response(body, media_type=chosen, headers=cors_read_headers(request, settings))


def service_description(endpoint: str, settings: Settings, graphs: list[str], fmt: str) -> bytes:
    """The SPARQL 1.1 Service Description of the endpoint, in an RDF format."""
    import pyoxigraph as ox

    from beleidsgraaf.graph.results import write_triples

    sd = "http://www.w3.org/ns/sparql-service-description#"
    formats = "http://www.w3.org/ns/formats/"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service = ox.NamedNode(endpoint + "#service")
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()

    def n(local: str) -> ox.NamedNode:
        return ox.NamedNode(sd + local)

    triples = [
        ox.Triple(service, rdf_type, n("Service")),
        ox.Triple(service, n("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, n("supportedLanguage"), n("SPARQL11Query")),
        ox.Triple(service, n("feature"), n("UnionDefaultGraph")),
        ox.Triple(service, n("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, n("Dataset")),
        ox.Triple(dataset, n("defaultGraph"), default_graph),
        ox.Triple(default_graph, rdf_type, n("Graph")),
        ox.Triple(service, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                  ox.Literal("beleidsgraaf SPARQL-endpoint", language="nl")),
        ox.Triple(service, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                  ox.Literal("beleidsgraaf SPARQL endpoint", language="en")),
    ]
    if settings.write_token is not None:
        triples.append(ox.Triple(service, n("supportedLanguage"), n("SPARQL11Update")))
    if settings.outbound_allowlist:
        triples.append(ox.Triple(service, n("feature"), n("BasicFederatedQuery")))
    for name in _FORMAT_IRIS.values():
        triples.append(ox.Triple(service, n("resultFormat"), ox.NamedNode(formats + name)))
    for graph in graphs:
        node = ox.BlankNode()
        triples += [ox.Triple(dataset, n("namedGraph"), node), ox.Triple(node, rdf_type, n("NamedGraph")),
                    ox.Triple(node, n("name"), ox.NamedNode(graph))]
    prefixes = {"sd": sd, "formats": formats}
    return write_triples(fmt, triples, prefixes)
