"""The FastAPI application factory and its lifespan (opening and closing the store)."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from beleidsgraaf import __version__
from beleidsgraaf.api.limits import RequestLimits
from beleidsgraaf.errors import (
    BeleidsgraafError,
    InvalidParameter,
    NotFound,
    NotReady,
    QueryError,
    QueryTimeout,
    StoreError,
)
from beleidsgraaf.graph.analysis import settle_heap
from beleidsgraaf.graph.store import EmbeddedStore
from beleidsgraaf.settings import Settings, get_settings

logger = logging.getLogger(__name__)

DESCRIPTION = """
**beleidsgraaf** — kennisgraaf van beleidsdocumenten en hun relaties, met de bron van elke bewering.

*Knowledge graph of Dutch policy documents and how they relate, with the source of every statement.*
"""


def create_app(settings: Settings | None = None, store: EmbeddedStore | None = None) -> FastAPI:
    """Create the app. Without ``store`` the lifespan starts the store engine process on ``settings.store_path``.

    Raises:
        StoreError: (at startup) the store cannot be opened.

    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        if store is not None:
            app.state.store = store
        elif settings.remote_query_url:  # a remote SPARQL store (beleidsgraaf.graph.remote)
            from beleidsgraaf.graph.backends import open_remote

            app.state.store = open_remote(settings)
        else:  # the store lives in an engine process, so a query past its time limit can be stopped
            from beleidsgraaf.graph.engine_process import open_engine

            app.state.store = open_engine(settings, read_only=settings.read_only)
        settle_heap()  # the app's own long-lived objects (modules, routes, settings) out of full collections
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="beleidsgraaf",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        # Swagger UI and ReDoc load their scripts from a CDN and stay blank offline; the app serves its own
        # offline reference at /api and the schema at /openapi.json instead.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    if store is not None:
        app.state.store = store
    _install_error_handlers(app)
    app.add_middleware(RequestLimits, max_body_bytes=settings.max_body_bytes,
                       max_header_bytes=settings.max_header_bytes)
    for router in _routers():
        app.include_router(router)
    return app


#: Modules with an ``APIRouter`` named ``router``, included in this order.
ROUTER_MODULES = (
    "beleidsgraaf.api.sparql",
    "beleidsgraaf.api.graph_store",
    "beleidsgraaf.api.rest",
    "beleidsgraaf.api.pages",
    "beleidsgraaf.api.viz_routes",
    "beleidsgraaf.api.review",
)


def _routers() -> list[APIRouter]:
    """The routers of the app, one module each, in :data:`ROUTER_MODULES` order."""
    return [importlib.import_module(name).router for name in ROUTER_MODULES]


def error_body(status: int, error: str, message: str, **extra: object) -> JSONResponse:
    """A JSON error response: ``{"error": ..., "message": ..., ...}``."""
    return JSONResponse({"error": error, "message": message, **extra}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def _not_found(_request: Request, exc: NotFound) -> JSONResponse:
        return error_body(404, "not_found", str(exc), suggestions=exc.suggestions)

    @app.exception_handler(InvalidParameter)
    async def _invalid(_request: Request, exc: InvalidParameter) -> JSONResponse:
        return error_body(422, "invalid_parameter", str(exc), parameter=exc.parameter)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own checks (types, ranges, lengths): same shape as InvalidParameter, FastAPI's list kept.
        errors = list(exc.errors())
        names = [str(e["loc"][-1]) for e in errors if e.get("loc")]
        message = "; ".join(f"{str(e['loc'][-1]) if e.get('loc') else 'request'}: {e.get('msg', '')}" for e in errors)
        return error_body(422, "invalid_parameter", message, parameter=names[0] if names else None,
                          detail=jsonable_encoder(errors))

    @app.exception_handler(QueryError)
    async def _query(_request: Request, exc: QueryError) -> JSONResponse:
        return error_body(400, "malformed_query", exc.message, position=exc.position)

    @app.exception_handler(QueryTimeout)
    async def _timeout(_request: Request, exc: QueryTimeout) -> JSONResponse:
        return error_body(503, "query_timeout", str(exc))

    @app.exception_handler(NotReady)
    async def _not_ready(_request: Request, exc: NotReady) -> JSONResponse:
        response = error_body(503, "not_ready", str(exc), retry_after=exc.retry_after)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(StoreError)
    async def _store(_request: Request, exc: StoreError) -> JSONResponse:
        logger.error("store error: %s", exc)
        return error_body(503, "store_unavailable", str(exc))

    @app.exception_handler(BeleidsgraafError)
    async def _other(_request: Request, exc: BeleidsgraafError) -> JSONResponse:
        return error_body(400, "bad_request", str(exc))
