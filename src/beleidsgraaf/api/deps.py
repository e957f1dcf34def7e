"""FastAPI dependencies: the settings and the store of the running app (override them in tests)."""

from __future__ import annotations

from fastapi import Request

from beleidsgraaf.graph.store import GraphStore
from beleidsgraaf.settings import Settings


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> GraphStore:
    """The store the app serves (the engine process under ``serve``; anything with the GraphStore contract)."""
    store: GraphStore = request.app.state.store
    return store
