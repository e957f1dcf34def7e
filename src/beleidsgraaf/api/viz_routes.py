"""The network view on the server: ``/viz`` (the whole graph) and ``/viz/{id}`` (an entity's neighbourhood).

The page is the same as ``beleidsgraaf viz`` writes; it is sent with the Content-Security-Policy it was made
for, so the browser refuses any request the page might make. Routes are sync: building the view is CPU work
(run in the thread pool), and its data and layout are cached per store version.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from beleidsgraaf.api.deps import get_store
from beleidsgraaf.graph.store import GraphStore
from beleidsgraaf.viz.network import MAX_DEPTH, ViewOptions, render_view

router = APIRouter(tags=["netwerk / network view"])

Lang = Annotated[str, Query(pattern="^(nl|en)$", description="taal / language of names")]
Theme = Annotated[str | None, Query(description="alleen deze opgave (id) / only this strategic theme")]
Types = Annotated[list[str] | None, Query(alias="type", description="alleen deze soorten / only these types")]


def _respond(store: GraphStore, opts: ViewOptions) -> HTMLResponse:
    page = render_view(store, opts)
    return HTMLResponse(page.html, headers={
        "Content-Security-Policy": page.csp, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    })


@router.get("/viz", response_class=HTMLResponse, summary="Netwerkweergave / network view")
def viz_all(
    store: Annotated[GraphStore, Depends(get_store)],
    theme: Theme = None,
    types: Types = None,
    lang: Lang = "nl",
    physics: bool = False,
) -> HTMLResponse:
    """The whole graph (optionally one theme or some types); ``#knoop=ID`` in the URL selects an entity.

    Raises:
        NotFound: ``theme`` is not the id of a strategic theme (404).
        InvalidParameter: a ``type`` is not an entity type (422).
    """
    return _respond(store, ViewOptions(theme=theme, types=tuple(types or ()), lang=lang, physics=physics))


@router.get("/viz/{entity_id}", response_class=HTMLResponse, summary="Omgeving van een entiteit / neighbourhood")
def viz_entity(
    entity_id: str,
    store: Annotated[GraphStore, Depends(get_store)],
    depth: Annotated[int, Query(ge=0, le=MAX_DEPTH, description="stappen / steps")] = 2,
    theme: Theme = None,
    types: Types = None,
    lang: Lang = "nl",
    physics: bool = False,
) -> HTMLResponse:
    """The neighbourhood of one entity (by slug id), opened with that entity selected.

    Raises:
        NotFound: no entity has this id (404, with the closest ids as suggestions).
        InvalidParameter: a ``type`` is not an entity type (422).
    """
    return _respond(store, ViewOptions(focus=entity_id, depth=depth, theme=theme, types=tuple(types or ()),
                                       lang=lang, physics=physics))
