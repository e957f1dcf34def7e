"""Linked-data pages: the landing page, an HTML page per entity, Cool-URI dereferencing and the dataset.

- ``/`` explains the dataset and links the entry points; ``/zoeken`` is the search page.
- ``/id/{segment}/{slug}`` is the entity's IRI (``{base}/id/...``) on this server: a browser (``text/html``) is
  sent with 303 See Other to ``/doc/{segment}/{slug}``; ``text/turtle``, ``application/ld+json`` and
  ``application/n-triples`` get the entity's description directly (with ``Vary: Accept``), including the
  claims (source, section, quote) of its relations. Events and claims (``/id/gebeurtenis/...``,
  ``/id/bewering/...``) dereference the same way.
- ``/doc/{segment}/{slug}`` is the HTML page; ``/doc/{segment}/{slug}.ttl|.jsonld|.nt`` the RDF documents.
- ``/dataset`` is the DCAT/VoID description of the dataset as RDF.

Templates are Jinja2 with autoescaping on; the pages need no script and load nothing from elsewhere.
"""

from __future__ import annotations

import logging
import math
import re
from typing import Annotated, Any
from urllib.parse import quote as urlquote

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from rdflib.term import Node

from beleidsgraaf.api import rest
from beleidsgraaf.api.deps import get_settings, get_store
from beleidsgraaf.errors import NotFound
from beleidsgraaf.graph import analysis, queries
from beleidsgraaf.graph.analysis import Entity, Projection
from beleidsgraaf.graph.search import index_for_store
from beleidsgraaf.graph.store import Binding, GraphStore, to_term
from beleidsgraaf.graph.store import iri as iri_binding
from beleidsgraaf.ontology import BG, DCAT, PREFIXES, VOID
from beleidsgraaf.settings import Settings

logger = logging.getLogger(__name__)

router = APIRouter(tags=["pagina's / pages"])

StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

#: RDF formats: file extension → (media type, serialiser format, name shown).
RDF_FORMATS = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE, "Turtle"),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD, "JSON-LD"),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES, "N-Triples"),
}
_MEDIA = {media: ext for ext, (media, _f, _n) in RDF_FORMATS.items()}
_HTML = ("text/html", "application/xhtml+xml")

_ENV = Environment(
    loader=PackageLoader("beleidsgraaf.api", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _quote_html(c: dict[str, Any]) -> Markup:
    """A quote block with its source and section (every value escaped)."""
    src = c.get("bron") or {}
    link = (Markup('<a href="{}">{}</a>').format(src["page"], src.get("label"))
            if src.get("page") else escape(src.get("label") or ""))
    return Markup('<blockquote>{}</blockquote><div class="src">{} — {}</div>').format(
        c.get("citaat", ""), link, c.get("sectie", ""))


def _money(b: dict[str, Any]) -> str:
    """An amount as Dutch text: ``minimaal € 4.000.000``."""
    prefix = {"minimum": "minimaal / at least ", "maximum": "maximaal / at most "}.get(b.get("soort", ""), "")
    amount = f"{b.get('bedrag', 0):,.0f}".replace(",", ".")
    symbol = "€" if b.get("valuta", "EUR") == "EUR" else str(b.get("valuta"))
    return f"{prefix}{symbol} {amount}"


_ENV.globals.update(quote=_quote_html, money=_money)


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template as an HTML response."""
    return HTMLResponse(_ENV.get_template(name).render(**context), status_code=status)


# --- content negotiation ------------------------------------------------------------------------------------


def negotiate(accept: str | None, *, default: str = "html") -> str | None:
    """Pick ``html`` or an RDF extension (``ttl``, ``jsonld``, ``nt``) for an Accept header; None if nothing fits.

    Quality values are honoured; among equal ones the order of the header decides. ``*/*`` (or no header)
    gives ``default``.
    """
    if not accept or not accept.strip():
        return default
    offers: list[tuple[float, int, str]] = []
    for pos, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in _HTML:
            choice: str | None = "html"
        elif media in _MEDIA:
            choice = _MEDIA[media]
        elif media in ("*/*", "text/*", "application/*"):
            choice = default if media == "*/*" else ("html" if media == "text/*" else "jsonld")
            q -= 0.001  # a wildcard loses against an explicit type of the same quality
        else:
            choice = None
        if choice is not None:
            offers.append((q, -pos, choice))
    return max(offers)[2] if offers else None


def _public(request: Request, settings: Settings) -> str:
    """The URL this server is reached at (the ``public_url`` setting, else the request's base URL)."""
    return (settings.public_url or str(request.base_url)).rstrip("/")


def _alternates(path: str) -> list[dict[str, str]]:
    return [{"type": media, "href": f"{path}.{ext}", "name": name} for ext, (media, _f, name) in RDF_FORMATS.items()]


# --- RDF descriptions -----------------------------------------------------------------------------------------


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


Triples = set[ox.Triple]


def _describe_into(out: Triples, store: GraphStore, iri: str) -> list[tuple[str, Binding]]:
    """Add every triple with ``iri`` as subject to ``out``; return (predicate, object binding) pairs."""
    rows = queries.run(store, "describe", {"e": iri_binding(iri)})
    s = ox.NamedNode(iri)
    pairs = []
    for row in rows:
        out.add(ox.Triple(s, ox.NamedNode(row["p"].value), to_term(row["o"])))
        pairs.append((row["p"].value, row["o"]))
    return pairs


def entity_graph(store: GraphStore, proj: Projection, ent: Entity) -> Triples:
    """The entity's description, with the provenance of its relations.

    Its own triples, incoming relations, the claims (source, section, quote) of both, its events with their
    amounts, and the labels of the entities it is related to. Built as pyoxigraph triples straight from the
    query rows (no rdflib graph on this path: it costs more than the queries).
    """
    out: Triples = set()
    own = _describe_into(out, store, ent.iri)
    me = ox.NamedNode(ent.iri)
    for edge in proj.in_edges(ent.iri):
        out.add(ox.Triple(ox.NamedNode(edge.source), ox.NamedNode(str(proj.vocab.relations[edge.relation].iri)), me))
    for row in queries.run(store, "resource_claims", {"e": iri_binding(ent.iri)}):
        out.add(ox.Triple(ox.NamedNode(row["s"].value), ox.NamedNode(row["p"].value), to_term(row["o"])))
    for p, o in own:
        if o.kind == "uri" and analysis.local(p) in ("vaststelling", "financiering", "mijlpaal"):
            for p2, o2 in _describe_into(out, store, o.value):
                if p2 == f"{BG}bedrag" and o2.kind == "uri":
                    _describe_into(out, store, o2.value)
    neighbours = {e.target for e in proj.out_edges(ent.iri)} | {e.source for e in proj.in_edges(ent.iri)}
    label, ident = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(DCTERMS.identifier))
    for n in neighbours:
        other = proj.entities[n]
        out.add(ox.Triple(ox.NamedNode(n), label, ox.Literal(other.label_nl, language="nl")))
        out.add(ox.Triple(ox.NamedNode(n), ident, ox.Literal(other.id)))
    return out


def resource_graph(store: GraphStore, iri: str) -> Triples:
    """The description of a non-entity resource (an event, a claim, an amount), with its own ``#`` parts."""
    out: Triples = set()
    for _p, o in _describe_into(out, store, iri):
        if o.kind == "uri" and o.value.startswith(iri + "#"):
            _describe_into(out, store, o.value)
    return out


def _ox(node: Node) -> Any:
    """An rdflib term as a pyoxigraph term (for pyoxigraph's fast serialisers)."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def to_triples(g: Graph) -> Triples:
    """The triples of an rdflib graph as pyoxigraph triples."""
    return {ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in g}


def serialise(triples: Triples, ext: str) -> bytes:
    """Serialise ``triples`` in the format of extension ``ext``, sorted (equal input gives equal bytes).

    pyoxigraph's serialisers are much faster than rdflib's; the Turtle groups the triples of each subject.
    """
    _media, fmt, _name = RDF_FORMATS[ext]
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = dict(PREFIXES) if fmt != ox.RdfFormat.N_TRIPLES else None
    out = ox.serialize(ordered, format=fmt, prefixes=prefixes)
    return out if isinstance(out, bytes) else b""


def rdf_response(g: Triples, ext: str, *, vary: bool = False) -> Response:
    """Serialise ``g`` in the format of extension ``ext``."""
    media, _fmt, _name = RDF_FORMATS[ext]
    body = serialise(g, ext)
    headers = {"Vary": "Accept"} if vary else {}
    return Response(body, media_type=f"{media}; charset=utf-8" if media.startswith("text/") else media,
                    headers=headers)


# --- neighbourhood picture ----------------------------------------------------------------------------------

_COLOURS = {"document": "#0b5cad", "project": "#2e7d32", "instrument": "#8e24aa", "organisatie": "#c62828",
            "gebied": "#ef6c00", "opgave": "#00838f", "onderwerp": "#6d4c41"}
MAX_NEIGHBOURS = 24
_SEGMENT_NAMES = {"document": "document", "project": "project / initiatief", "instrument": "instrument",
                  "organisatie": "organisatie / organisation", "gebied": "gebied / area",
                  "opgave": "opgave / theme", "onderwerp": "onderwerp / topic"}


def neighbourhood_svg(proj: Projection, ent: Entity) -> Markup:
    """A small static picture of the entity and its direct neighbours (links to their pages); no script."""
    edges = [(e, e.target) for e in proj.out_edges(ent.iri)] + [(e, e.source) for e in proj.in_edges(ent.iri)]
    others: dict[str, list[str]] = {}
    for edge, other in edges:
        term = proj.vocab.relations.get(edge.relation)
        others.setdefault(other, []).append(term.label_nl if term else edge.relation)
    shown = sorted(others, key=lambda i: proj.entities[i].label_nl.casefold())[:MAX_NEIGHBOURS]
    w, h, cx, cy, r = 720, 480, 360, 240, 185
    parts = [Markup('<svg class="hood" viewBox="0 0 {} {}" role="img" aria-label="{}">').format(
        w, h, f"Netwerk rond {ent.label_nl} / neighbourhood of {ent.label_nl}")]
    points = []
    for k, other in enumerate(shown):
        angle = 2 * math.pi * k / max(1, len(shown)) - math.pi / 2
        points.append((other, cx + r * math.cos(angle), cy + r * 0.92 * math.sin(angle)))
    for other, x, y in points:
        title = ", ".join(sorted(set(others[other])))
        parts.append(Markup('<line x1="{}" y1="{}" x2="{:.1f}" y2="{:.1f}" stroke="#9aa5b1"><title>{}</title></line>')
                     .format(cx, cy, x, y, title))
    for other, x, y in points:
        o = proj.entities[other]
        colour = _COLOURS.get(o.segment, "#555")
        anchor = "start" if x > cx + 5 else ("end" if x < cx - 5 else "middle")
        dx = 9 if anchor == "start" else (-9 if anchor == "end" else 0)
        ty = y + 4 if anchor != "middle" else (y - 11 if y < cy else y + 19)
        label = o.label_nl if len(o.label_nl) <= 34 else o.label_nl[:33] + "…"
        parts.append(Markup('<a href="{}"><circle cx="{:.1f}" cy="{:.1f}" r="7" fill="{}"><title>{} ({})</title>'
                            '</circle><text x="{:.1f}" y="{:.1f}" text-anchor="{}">{}</text></a>').format(
            o.page, x, y, colour, o.label_nl, o.type, x + dx, ty, anchor, label))
    parts.append(Markup('<circle cx="{}" cy="{}" r="11" fill="{}"/><text x="{}" y="{}" text-anchor="middle" '
                        'font-weight="bold">{}</text>').format(
        cx, cy, _COLOURS.get(ent.segment, "#555"), cx, cy - 16, ent.label_nl))
    parts.append(Markup("</svg>"))
    segments = sorted({proj.entities[o].segment for o in shown} | {ent.segment})
    parts.append(Markup('<p class="muted">') + Markup(" · ").join(
        Markup('<span style="color:{}">●</span> {}').format(_COLOURS.get(seg, "#555"), _SEGMENT_NAMES.get(seg, seg))
        for seg in segments) + Markup("</p>"))
    more = len(others) - len(shown)
    if more > 0:
        parts.append(Markup('<p class="muted">en nog {} / and {} more</p>').format(more, more))
    return Markup("").join(parts)


# --- routes -------------------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse, summary="Startpagina / landing page")
def landing(store: StoreDep) -> HTMLResponse:
    """The landing page: what the dataset is and where to start."""
    proj = rest.projection(store)
    st = analysis.stats(proj)
    themes = sorted((e for e in proj.entities.values() if proj.vocab.is_a(e.type, "Opgave")),
                    key=lambda e: e.id)
    docs = [i for i in proj.entities if analysis.is_document(proj, i)]
    central = sorted(docs, key=lambda i: -st.pagerank.get(i, 0.0))[:8]
    examples = [
        {"href": "/api/search?q=omgevingsvisie", "nl": "Welke omgevingsvisies zijn er?",
         "en": "which environmental visions are there?"},
        {"href": "/api/timeline?from=2025&to=2025", "nl": "Wat wordt er in 2025 verwacht?",
         "en": "what is expected in 2025?"},
        {"href": "/api/stats", "nl": "Welke documenten zijn het meest centraal?", "en": "which documents are central?"},
    ]
    for ident, nl, en in (("ros-twente", "Waarop bouwt de ROS Twente voort?", "what does ROS Twente build on?"),
                          ("hart-van-zuid", "Wat speelt er in Hart van Zuid?", "what concerns Hart van Zuid?"),
                          ("duurzame-inrichting", "Wat valt onder Duurzame inrichting?",
                           "what falls under Duurzame inrichting?")):
        iri = proj.by_id.get(ident)
        if iri:
            ent = proj.entities[iri]
            api = {"gebied": f"/api/areas/{ident}", "opgave": f"/api/themes/{ident}"}.get(
                ent.segment, f"/api/entities/{ident}/lineage")
            examples.append({"href": api, "nl": nl, "en": en})
    counts = {"entiteiten": len(proj.entities), "relaties": len(proj.edges),
              "gebeurtenissen": len({ev.iri for ev in proj.events.values() if ev.kind != "datum"})}
    return render("index.html", counts=counts, examples=examples,
                  themes=[e.summary(proj.vocab) for e in themes],
                  central=[proj.entities[i].summary(proj.vocab) for i in central])


#: An example call per API path, shown on the /api page.
API_EXAMPLES = {
    "/api/search": "/api/search?q=omgevingsvisie",
    "/api/entities/{id}": "/api/entities/ros-twente",
    "/api/entities/{id}/lineage": "/api/entities/ros-twente/lineage",
    "/api/entities/{id}/impact": "/api/entities/rsia/impact",
    "/api/path": "/api/path?from=koers-2040&to=kms-locatie",
    "/api/themes/{id}": "/api/themes/duurzame-inrichting",
    "/api/areas/{id}": "/api/areas/hart-van-zuid",
    "/api/organisations/{id}": "/api/organisations/gemeente-enschede",
    "/api/timeline": "/api/timeline?from=2025&to=2025",
    "/api/stats": "/api/stats",
}


@router.get("/api", response_class=HTMLResponse, summary="Beschrijving van de REST-API / REST API reference")
def api_page(request: Request) -> HTMLResponse:
    """The REST API described as a plain page (from the OpenAPI schema; no script, works offline)."""
    schema = request.app.openapi()
    operations = []
    for path, item in schema.get("paths", {}).items():
        op = item.get("get")
        if not path.startswith("/api/") or op is None:
            continue
        params = []
        for prm in op.get("parameters", []):
            sch = prm.get("schema", {})
            kinds = [a.get("type", "") for a in sch.get("anyOf", [])] or [sch.get("type", "")]
            params.append({"name": prm["name"], "in": prm.get("in"), "required": prm.get("required", False),
                           "type": " | ".join(k for k in kinds if k), "description": prm.get("description", "")})
        operations.append({
            "path": path, "anchor": path.strip("/").replace("/", "-").replace("{", "").replace("}", ""),
            "summary": op.get("summary", ""), "paragraphs": [p for p in op.get("description", "").split("\n\n") if p],
            "parameters": params, "example": API_EXAMPLES.get(path),
        })
    return render("api.html", operations=operations)


@router.get("/zoeken", response_class=HTMLResponse, summary="Zoekpagina / search page")
def search_page(
    store: StoreDep,
    q: Annotated[str, Query(max_length=200, description="Zoektekst / search text")] = "",
) -> HTMLResponse:
    """Search by name, as an HTML page (from the search index alone, as ``/api/search``)."""
    index = index_for_store(store, analysis.REQUEST_WAIT)
    hits = index.search(q)[:100] if q.strip() else []
    results = [{**index.entities[h.entity].summary(index.vocab), "gevonden_in": h.name} for h in hits]
    return render("search.html", q=q, total=len(hits), results=results)


def _not_found_page(proj: Projection, message: str, suggestions: list[str]) -> HTMLResponse:
    sugg = [proj.entities[proj.by_id[s]].summary(proj.vocab) for s in suggestions if s in proj.by_id]
    return render("error.html", status=404, title_nl="Niet gevonden", title_en="not found", message=message,
                  suggestions=sugg)


MAX_DATASET_VARIANTS = 12
_SEGMENT = re.compile(r"[a-z]{1,40}")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")


def _lookup(store: GraphStore, proj: Projection, settings: Settings, segment: str, slug: str
            ) -> tuple[Entity | None, str | None]:
    """The entity at /id/{segment}/{slug}, or else the IRI of another described resource there.

    Raises:
        NotFound: nothing is described at this address (the closest entity ids are suggested).
    """
    if not _SEGMENT.fullmatch(segment) or not _SLUG.fullmatch(slug):
        hint = rest.suggestions(proj, slug[: rest.MAX_ID]) if len(slug) <= rest.MAX_ID else []
        raise NotFound("geen resource met dit adres / no resource at this address", hint)
    iri = proj.by_id.get(slug)
    if iri is not None and proj.entities[iri].segment == segment:
        return proj.entities[iri], None
    candidate = f"{settings.base_iri.rstrip('/')}/id/{segment}/{slug}"
    if candidate not in proj.entities and queries.run(store, "describe", {"e": iri_binding(candidate)}):
        return None, candidate
    hint = [proj.entities[iri].id] if iri is not None else rest.suggestions(proj, slug)
    raise NotFound(f"geen resource /id/{segment}/{slug} / no resource at /id/{segment}/{slug}", hint)


def _wants_html(request: Request) -> bool:
    return negotiate(request.headers.get("accept")) == "html"


@router.get("/id/{segment}/{slug}", summary="Entiteit-IRI (content negotiation) / entity IRI",
            responses={303: {"description": "naar de HTML-pagina / to the HTML page"},
                       406: {"description": "geen passend formaat / no acceptable format"}})
def dereference(request: Request, store: StoreDep, settings: SettingsDep, segment: str, slug: str) -> Response:
    """Cool URI: HTML → 303 to /doc/...; Turtle, JSON-LD or N-Triples → the description itself."""
    proj = rest.projection(store)
    choice = negotiate(request.headers.get("accept"))
    try:
        ent, other = _lookup(store, proj, settings, segment, slug)
    except NotFound as exc:
        if choice == "html":
            return _not_found_page(proj, str(exc), exc.suggestions)
        raise
    if choice is None:
        return Response("text/html, text/turtle, application/ld+json, application/n-triples\n", status_code=406,
                        media_type="text/plain", headers={"Vary": "Accept"})
    if choice == "html":
        return RedirectResponse(f"/doc/{segment}/{slug}", status_code=303, headers={"Vary": "Accept"})
    g = entity_graph(store, proj, ent) if ent is not None else resource_graph(store, other or "")
    response = rdf_response(g, choice, vary=True)
    response.headers["Content-Location"] = f"/doc/{segment}/{slug}.{choice}"
    return response


@router.get("/doc/{segment}/{slug}", response_class=HTMLResponse,
            summary="HTML-pagina of RDF-document van een entiteit / page or RDF document of an entity")
def document(request: Request, store: StoreDep, settings: SettingsDep, segment: str, slug: str) -> Response:
    """The entity's page (or, with .ttl/.jsonld/.nt, its RDF document)."""
    proj = rest.projection(store)
    base, dot, ext = slug.rpartition(".")
    if dot and ext in RDF_FORMATS:
        slug = base
    else:
        ext = ""
    try:
        ent, other = _lookup(store, proj, settings, segment, slug)
    except NotFound as exc:
        if not ext:
            return _not_found_page(proj, str(exc), exc.suggestions)
        raise
    path = f"/doc/{segment}/{slug}"
    if ext:
        g = entity_graph(store, proj, ent) if ent is not None else resource_graph(store, other or "")
        return rdf_response(g, ext)
    if ent is None:
        return _resource_page(store, proj, settings, other or "", path)
    data = rest.entity_json(store, proj, ent)
    sparql = queries.entity_sparql(ent.iri)
    return render("entity.html", e=data, hood=neighbourhood_svg(proj, ent), alternates=_alternates(path),
                  sparql_href="/sparql?query=" + urlquote(sparql, safe=""), overviews=overviews(store, proj, ent))


def _row(other: dict[str, Any], rel: dict[str, Any] | None, via: dict[str, Any] | None,
         quotes: list[dict[str, Any]], level: int | None = None) -> dict[str, Any]:
    return {"entiteit": other, "relatie_nl": rel.get("relatie_nl") if rel else None,
            "relatie_en": rel.get("relatie_en") if rel else None, "via": via, "citaat": quotes[0] if quotes else None,
            "niveau": level}


def overviews(store: GraphStore, proj: Projection, ent: Entity) -> list[dict[str, Any]]:
    """The overview answers that fit this entity, each with its JSON address.

    Lineage and impact, what falls under a theme, what concerns an area, an organisation's roles.
    """
    out: list[dict[str, Any]] = []
    v = proj.vocab
    for upstream, nl, en, api in ((True, "Bouwt voort op (herkomst)", "builds on (lineage)", "lineage"),
                                  (False, "Hierop bouwt voort (impact)", "builds on this (impact)", "impact")):
        walk = rest.walk_json(proj, ent, 10, upstream)
        rows = [_row(n, None, None, [], n["niveau"]) for n in walk["knopen"][1:]]
        if rows:
            out.append({"nl": nl, "en": en, "api": f"/api/entities/{ent.id}/{api}", "rows": rows})
    if v.is_a(ent.type, "Opgave") or v.is_a(ent.type, "Onderwerp"):
        items = rest.theme(store, ent.id, 1000, 0)["items"]
        rows = [_row(i, i, i["via"], i["citaten"]) for i in items]
        out.append({"nl": "Valt hieronder (ook via onderdelen en uitwerkingen)",
                    "en": "falls under it (also through parts and elaborations)", "api": f"/api/themes/{ent.id}",
                    "rows": rows})
    if v.is_a(ent.type, "Gebied"):
        items = rest.area(store, ent.id, 1000, 0)["items"]
        rows = [_row(i["van"], i, i["gebied"] if i["gebied"]["id"] != ent.id else None, i["citaten"]) for i in items]
        out.append({"nl": "Wat speelt er (ook in deelgebieden)", "en": "what concerns it (also areas within)",
                    "api": f"/api/areas/{ent.id}", "rows": rows})
    if v.is_a(ent.type, "Organisatie"):
        roles = rest.organisation(store, ent.id)["rollen"]
        rows = [_row(r["ander"], r, r["via"], r["citaten"]) for rels in roles.values() for r in rels]
        if rows:
            out.append({"nl": "Rollen van deze organisatie (ook via onderdelen)",
                        "en": "roles of this organisation (also through its units)",
                        "api": f"/api/organisations/{ent.id}", "rows": rows})
    return out


def _resource_page(store: GraphStore, proj: Projection, settings: Settings, iri: str, path: str) -> HTMLResponse:
    base = settings.base_iri.rstrip("/") + "/id/"
    rows = []
    title = iri.rsplit("/", 1)[-1]
    for row in queries.run(store, "describe", {"e": iri_binding(iri)}):
        p, o = row["p"].value, row["o"]
        href = None
        text = o.value
        if o.kind == "uri":
            ent_iri = proj.entities.get(o.value)
            if ent_iri is not None:
                href, text = ent_iri.page, ent_iri.label_nl
            elif o.value.startswith(base):
                href = "/doc/" + o.value[len(base):].split("#", 1)[0]
        if p == str(RDFS.label) and (o.lang in (None, "nl")):
            title = o.value
        rows.append({"p": _prefixed(p), "text": text, "href": href, "quote": p == f"{BG}citaat"})
    rows.sort(key=lambda r: (r["p"], r["text"]))
    return render("resource.html", title=title, iri=iri, rows=rows, alternates=_alternates(path))


def _prefixed(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@router.get("/dataset", summary="Beschrijving van de dataset (DCAT/VoID) / dataset description",
            responses={200: {"content": {"text/turtle": {}, "application/ld+json": {}, "application/n-triples": {}}}})
def dataset(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """The DCAT/VoID description of the dataset (size, classes, relations, sources, endpoints), kept per version."""
    proj = rest.projection(store)
    choice = negotiate(request.headers.get("accept"), default="ttl")
    ext = choice if choice in RDF_FORMATS else "ttl"
    public = _public(request, settings)
    key = f"dataset:{public}:{ext}"

    def make() -> bytes:
        return serialise(to_triples(dataset_graph(store, proj, settings, public)), ext)

    # kept per version; the public URL comes from the Host header, so only a few variants are kept
    body = proj.lazy(key, make) if proj.cached("dataset:") < MAX_DATASET_VARIANTS or proj.cached(key) else make()
    media = RDF_FORMATS[ext][0]
    return Response(body, media_type=f"{media}; charset=utf-8" if media.startswith("text/") else media,
                    headers={"Vary": "Accept"})


def dataset_graph(store: GraphStore, proj: Projection, settings: Settings, public: str) -> Graph:
    """The DCAT/VoID description of the dataset at one graph version, served from ``public``."""
    base = settings.base_iri.rstrip("/")
    ds = URIRef(f"{base}/dataset")
    g = _graph()
    counts = proj.lazy("dataset-counts", lambda: queries.run(store, "dataset_counts"))
    st = analysis.stats(proj)
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("beleidsgraaf: kennisgraaf van beleidsdocumenten", lang="nl")))
    g.add((ds, DCTERMS.title, Literal("beleidsgraaf: knowledge graph of policy documents", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Beleidsdocumenten, programma's, projecten, organisaties, gebieden en opgaven en hun relaties, elk met "
        "bron, sectie en letterlijk citaat.", lang="nl")))
    g.add((ds, DCTERMS.description, Literal(
        "Policy documents, programmes, projects, organisations, areas and themes and their relations, each with "
        "source, section and verbatim quote.", lang="en")))
    g.add((ds, DCTERMS.license, URIRef("https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12")))
    g.add((ds, DCAT.landingPage, URIRef(f"{public}/")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(f"{public}/sparql")))
    g.add((ds, VOID.uriSpace, Literal(f"{base}/id/")))
    g.add((ds, VOID.uriLookupEndpoint, URIRef(f"{public}/api/search")))
    for ns in ("bg", "dcterms", "skos", "prov", "org", "geo", "schema", "oa"):
        g.add((ds, VOID.vocabulary, URIRef(PREFIXES[ns])))
    if counts:
        g.add((ds, VOID.triples, Literal(int(counts[0]["triples"].value), datatype=XSD.integer)))
        g.add((ds, VOID.distinctSubjects, Literal(int(counts[0]["subjects"].value), datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(len(proj.entities), datatype=XSD.integer)))
    for ident in ("ros-twente", "rsia"):
        if ident in proj.by_id:
            g.add((ds, VOID.exampleResource, URIRef(proj.by_id[ident])))
    for name, n in st.types.items():
        part = URIRef(f"{base}/dataset#klasse-{name}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], BG[name]))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for name, n in st.relations.items():
        part = URIRef(f"{base}/dataset#relatie-{name}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, BG[name]))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
    for row in proj.lazy("dataset-sources", lambda: queries.run(store, "sources")):
        doc, graph = URIRef(row["doc"].value), URIRef(row["graph"].value)
        g.add((ds, DCTERMS.source, doc))
        g.add((ds, VOID.subset, graph))
        g.add((graph, RDF.type, VOID.Dataset))
        if "title" in row:
            g.add((graph, DCTERMS.title, queries.to_rdflib(row["title"])))
    dist = URIRef(f"{base}/dataset#sparql")
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCAT.accessURL, URIRef(f"{public}/sparql")))
    g.add((dist, DCTERMS.title, Literal("SPARQL 1.1-endpoint", lang="nl")))
    api = URIRef(f"{base}/dataset#api")
    g.add((ds, DCAT.distribution, api))
    g.add((api, RDF.type, DCAT.Distribution))
    g.add((api, DCAT.accessURL, URIRef(f"{public}/api")))
    g.add((api, DCTERMS.title, Literal("REST-API (JSON)", lang="nl")))
    return g
