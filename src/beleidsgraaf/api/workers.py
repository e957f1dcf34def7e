"""An app factory for several server processes on one store: ``uvicorn --factory --workers N``.

Each worker process calls :func:`create` and opens the store the settings name: a remote SPARQL store
(``BELEIDSGRAAF_REMOTE_QUERY_URL``), or the embedded store at ``BELEIDSGRAAF_STORE_PATH`` **read-only** (an
on-disk Oxigraph store admits one writer process but any number of read-only ones). Build first, then::

    BELEIDSGRAAF_STORE_PATH=var/store uvicorn beleidsgraaf.api.workers:create --factory --workers 2

A read-only worker sees the store as it was when the worker started; restart the workers after a build.
"""

from __future__ import annotations

from fastapi import FastAPI

from beleidsgraaf.api.app import create_app
from beleidsgraaf.graph.backends import open_backend
from beleidsgraaf.settings import get_settings


def create() -> FastAPI:
    """Create the app of one worker process on a shared store (read-only when embedded).

    Raises:
        StoreError: the embedded store cannot be opened (not built yet, or damaged).
        ConfigurationError: the remote settings are incomplete.
    """
    settings = get_settings()
    store = open_backend(settings, read_only=True)
    return create_app(settings, store=store)  # type: ignore[arg-type]  # either backend serves the app
