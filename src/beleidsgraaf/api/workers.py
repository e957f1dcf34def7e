"""An app factory for several server processes on one store: ``uvicorn --factory --workers N``.

Each worker process calls :func:`create`. With a remote SPARQL store (``BELEIDSGRAAF_REMOTE_QUERY_URL``) every
worker talks to it; with the embedded store at ``BELEIDSGRAAF_STORE_PATH`` every worker starts its own store
engine process that opens the store **read-only** (an on-disk Oxigraph store admits one writer process but any
number of readers), so the query time limit still stops a runaway query (by killing that worker's engine).
Build first, then::

    BELEIDSGRAAF_STORE_PATH=var/store uvicorn beleidsgraaf.api.workers:create --factory --workers 2

A read-only worker sees the store as it was when its engine started; restart the workers after a build.
"""

from __future__ import annotations

from fastapi import FastAPI

from beleidsgraaf.api.app import create_app
from beleidsgraaf.graph.backends import is_remote, open_remote
from beleidsgraaf.settings import get_settings


def create() -> FastAPI:
    """Create the app of one worker process on a shared store (read-only when embedded).

    Raises:
        ConfigurationError: the remote settings are incomplete.
    """
    settings = get_settings()
    if is_remote(settings):
        return create_app(settings, store=open_remote(settings))  # type: ignore[arg-type]  # same interface
    # the store engine starts in the app's lifespan (a StoreError there stops the worker with its message)
    return create_app(settings.model_copy(update={"read_only": True}))
