"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store`` (``?graph=<iri>`` or ``?default``).

GET/HEAD read a graph in the negotiated RDF format (404 when a named graph is not in the store); PUT replaces,
POST adds to and DELETE removes a graph. Writes need the write token, are atomic, are checked against the SHACL
shapes, and refuse RDF/XML with DOCTYPE/ENTITY declarations and JSON-LD with a remote ``@context``. POST
without ``graph``/``default`` creates a new graph with a fresh IRI (201 with ``Location``).
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from beleidsgraaf.api.conneg import negotiate
from beleidsgraaf.api.security import (
    HTTPProblem,
    check_upload,
    content_type,
    cors_read_headers,
    preflight,
    read_body,
    require_write,
    settings_of,
)
from beleidsgraaf.api.sparql import RDF_ALIASES, call_engine
from beleidsgraaf.errors import QueryError
from beleidsgraaf.graph.engine import GraphRead, GraphWrite, WriteAnswer
from beleidsgraaf.graph.results import RDF_FORMATS
from beleidsgraaf.graph.sparql_guard import check_iri

router = APIRouter(tags=["Graph Store"])

_BY_TYPE = {f.media_type: name for name, f in RDF_FORMATS.items()}
_UPLOAD_ALIASES = {"application/x-turtle": "turtle", "text/plain": "ntriples", "application/json": "jsonld",
                   "application/xml": "rdfxml", "text/xml": "rdfxml", "text/n3": "turtle"}


def _target(request: Request) -> str | None:
    """The graph a request is about: an IRI, or None for the default graph.

    Raises:
        HTTPProblem: 400 when neither or both of ``graph`` and ``default`` are given, or ``graph`` is repeated or
            not an absolute IRI.

    """
    params = request.query_params
    graphs = params.getlist("graph")
    has_default = "default" in params
    if has_default and graphs:
        raise HTTPProblem(400, "conflicting_parameters", "give either ?graph=<iri> or ?default, not both / "
                          "niet allebei")
    if len(graphs) > 1:
        raise HTTPProblem(400, "repeated_parameter", "graph: give it once / graph mag maar één keer voorkomen",
                          parameter="graph")
    if has_default:
        return None
    if not graphs:
        raise HTTPProblem(400, "missing_parameter", "name the graph with ?graph=<iri> or ?default / noem de graaf",
                          parameter="graph")
    try:
        return check_iri(graphs[0], "graph")
    except QueryError as exc:
        raise HTTPProblem(400, "invalid_parameter", exc.message, parameter="graph") from exc


def _upload_format(request: Request) -> str:
    media, _params = content_type(request)
    fmt = _BY_TYPE.get(media) or _UPLOAD_ALIASES.get(media)
    if fmt is None:
        raise HTTPProblem(415, "unsupported_media_type", f"Content-Type {media or 'none'} is not an RDF format "
                          f"this store reads; use one of {', '.join(_BY_TYPE)} / niet ondersteund",
                          headers={"Accept-Put": ", ".join(_BY_TYPE)})
    return fmt


@router.get("/store", summary="Graaf lezen / read a graph")
@router.head("/store", include_in_schema=False)
async def store_get(request: Request) -> Response:
    """Return one graph in the negotiated RDF format (Turtle by default)."""
    settings = settings_of(request)
    try:
        graph = _target(request)
        chosen = negotiate(request.headers.get("accept"), list(_BY_TYPE), RDF_ALIASES)
        if chosen is None:
            raise HTTPProblem(406, "not_acceptable", f"graphs are available as {', '.join(_BY_TYPE)}",
                              available=list(_BY_TYPE))
        body = await call_engine(request, GraphRead(graph, _BY_TYPE[chosen]))
        if not isinstance(body, bytes):
            raise HTTPProblem(500, "internal", "unexpected answer from the store engine")
        headers = cors_read_headers(request, settings)
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(body))
            return Response(b"", media_type=chosen, headers=headers)
        return Response(body, media_type=chosen, headers=headers)
    except HTTPProblem as problem:
        return problem.response()


async def _write(request: Request, mode: str) -> Response:
    settings = settings_of(request)
    try:
        require_write(request, settings)
        if mode == "post" and "graph" not in request.query_params and "default" not in request.query_params:
            graph: str | None = f"{settings.base_iri}/graph/upload-{uuid.uuid4().hex[:12]}"
            created_here = True
        else:
            graph = _target(request)
            created_here = False
        data, fmt = b"", "turtle"
        if mode != "delete":
            fmt = _upload_format(request)
            data = await read_body(request, settings)
            check_upload(data, fmt)
        answer = await call_engine(request, GraphWrite(mode, graph, data, fmt))
        if not isinstance(answer, WriteAnswer):
            raise HTTPProblem(500, "internal", "unexpected answer from the store engine")
        if created_here:
            return JSONResponse({"ok": True, "graph": graph, "added": answer.added}, status_code=201,
                                headers={"Location": f"/store?graph={graph}"})
        if mode in ("put", "post") and not answer.existed:
            return JSONResponse({"ok": True, "graph": graph, "added": answer.added}, status_code=201)
        return Response(status_code=204)
    except HTTPProblem as problem:
        return problem.response()


@router.put("/store", summary="Graaf vervangen / replace a graph")
async def store_put(request: Request) -> Response:
    """Replace a graph with the body (atomically)."""
    return await _write(request, "put")


@router.post("/store", summary="Aan graaf toevoegen / add to a graph")
async def store_post(request: Request) -> Response:
    """Add the body's triples to a graph (or to a new graph when none is named)."""
    return await _write(request, "post")


@router.delete("/store", summary="Graaf verwijderen / delete a graph")
async def store_delete(request: Request) -> Response:
    """Delete a graph (the default graph is emptied)."""
    return await _write(request, "delete")


@router.options("/store", include_in_schema=False)
async def store_options(request: Request) -> Response:
    """CORS pre-flight: reads only."""
    return preflight(request, settings_of(request), "GET, HEAD")
