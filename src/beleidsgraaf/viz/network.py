"""The network view: the graph as a pyvis ``Network``, rendered into a page of our own that works offline.

pyvis is the model (its ``Network`` holds the vis-network nodes, edges and options; this is the only module
that imports it), but not the page: pyvis's template loads Bootstrap from a CDN even in ``in_line`` mode, lists
IRIs in its search menu and does not escape ids or headings (``docs`` of issue #4,
``shared/design/endpoint-and-views.md``). The page here comes from ``templates/netwerk.html.j2`` (Jinja2 with
autoescaping) and inlines vis-network's JS and CSS read at run time from the installed pyvis package, the
project's own script and style, and the data as escaped JSON; a Content-Security-Policy forbids every
request the page could make, so it cannot reach the network even by mistake.

The data comes from the store through :class:`~beleidsgraaf.graph.store.GraphStore` ``select`` queries (fixed
texts; user values are never part of a query) and is cached per store version, as are the layouts.
"""

from __future__ import annotations

import difflib
import json
import logging
import secrets
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from threading import Lock
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.network import Network

from beleidsgraaf.errors import ConfigurationError, InvalidParameter, NotFound
from beleidsgraaf.graph.store import GraphStore, Row
from beleidsgraaf.graph.vocab import vocabulary
from beleidsgraaf.viz.layout import Box, LayoutCache, LayoutInput

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIS_DIR = "templates/lib/vis-9.1.2"
MAX_DEPTH = 6
#: Relations along which a document inherits the themes of what it elaborates, is part of or implements.
THEME_LINEAGE = ("isUitwerkingVan", "maaktDeelUitVan", "geeftUitvoeringAan")
THEME_RELATIONS = ("valtOnder", "draagtBijAan")

_PROLOGUE = """PREFIX bg: <https://w3id.org/beleidsgraaf/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
"""
BG = "https://w3id.org/beleidsgraaf/def#"

#: Every entity (anything with a slug id) and its bg: types.
Q_ENTITIES = _PROLOGUE + """SELECT ?e ?id ?type WHERE {
  ?e dcterms:identifier ?id ; a ?type .
  FILTER(STRSTARTS(STR(?type), "https://w3id.org/beleidsgraaf/def#"))
}"""

#: Names, variants, descriptions and dates of every entity.
Q_PROPERTIES = _PROLOGUE + """SELECT ?e ?p ?v WHERE {
  VALUES ?p { rdfs:label skos:altLabel bg:omschrijving bg:datumTekst }
  ?e dcterms:identifier ?id ; ?p ?v .
}"""

#: The status of every entity that has one, with its Dutch and English label.
Q_STATUS = _PROLOGUE + """SELECT ?e ?nl ?en WHERE {
  ?e dcterms:identifier ?id ; bg:status ?s .
  OPTIONAL { ?s skos:prefLabel ?nl FILTER(LANG(?nl) = "nl") }
  OPTIONAL { ?s skos:prefLabel ?en FILTER(LANG(?en) = "en") }
}"""

#: The quote that names each entity (the claim of its type).
Q_MENTIONS = _PROLOGUE + """SELECT ?e ?citaat ?sectie ?bron WHERE {
  ?c rdf:subject ?e ; rdf:predicate rdf:type ; bg:citaat ?citaat ; bg:sectie ?sectie ; bg:bron ?bron .
  ?e dcterms:identifier ?id .
}"""

#: Every relation between two entities, with the claims (quote, section, source) it rests on.
Q_RELATIONS = _PROLOGUE + """SELECT ?s ?p ?o ?citaat ?sectie ?bron WHERE {
  ?p rdfs:subPropertyOf+ bg:relatie .
  ?s ?p ?o .
  ?s dcterms:identifier ?sid .
  ?o dcterms:identifier ?oid .
  OPTIONAL { ?c rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; bg:citaat ?citaat ; bg:sectie ?sectie ;
                bg:bron ?bron . }
}"""

#: Adoptions, fundings and milestones of every entity, with their quotes.
Q_EVENTS = _PROLOGUE + """SELECT ?e ?link ?ev ?label ?tekst ?soort ?oms ?door ?value ?min ?max ?currency
       ?citaat ?sectie ?bron WHERE {
  VALUES ?link { bg:vaststelling bg:financiering bg:mijlpaal }
  ?e dcterms:identifier ?id ; ?link ?ev .
  OPTIONAL { ?ev rdfs:label ?label FILTER(LANG(?label) = "nl") }
  OPTIONAL { ?ev bg:datumTekst ?tekst }
  OPTIONAL { ?ev bg:soortMijlpaal ?soort }
  OPTIONAL { ?ev bg:omschrijving ?oms }
  OPTIONAL { ?ev bg:door ?door }
  OPTIONAL { ?ev bg:bedrag ?m .
             OPTIONAL { ?m schema:value ?value } OPTIONAL { ?m schema:minValue ?min }
             OPTIONAL { ?m schema:maxValue ?max } OPTIONAL { ?m schema:currency ?currency } }
  OPTIONAL { ?c rdf:subject ?e ; rdf:predicate ?link ; rdf:object ?ev ; bg:citaat ?citaat ; bg:sectie ?sectie ;
                bg:bron ?bron . }
}"""


@dataclass(frozen=True, slots=True)
class Style:
    """How one entity type (coarse segment) or relation kind is drawn."""

    color: str
    shape: str
    nl: str
    en: str
    dashes: bool = False


#: Colour, shape and legend label per coarse entity type (the segment of the IRI).
TYPE_STYLES: dict[str, Style] = {
    "document": Style("#4e79a7", "square", "document", "document"),
    "project": Style("#f28e2b", "triangle", "initiatief", "initiative"),
    "instrument": Style("#b07aa1", "diamond", "instrument", "instrument"),
    "organisatie": Style("#59a14f", "dot", "organisatie", "organisation"),
    "gebied": Style("#9c755f", "hexagon", "gebied", "area"),
    "opgave": Style("#e15759", "star", "strategische opgave", "strategic theme"),
    "onderwerp": Style("#76b7b2", "triangleDown", "onderwerp", "topic"),
}
_OTHER = Style("#8c8c8c", "dot", "overig", "other")

#: Edge colour per relation kind, by family: lineage blue, organisations green, themes red, areas brown.
RELATION_COLORS: dict[str, str] = {
    "isUitwerkingVan": "#1f4e79", "bouwtVoortOp": "#2e75b6", "maaktDeelUitVan": "#5b9bd5",
    "geeftUitvoeringAan": "#17becf", "vervangt": "#7030a0", "verwijstNaar": "#7f7f7f",
    "valtOnder": "#c00000", "draagtBijAan": "#e06666", "gaatOver": "#2a9d8f",
    "opgesteldDoor": "#38761d", "inSamenwerkingMet": "#6aa84f", "isLidVan": "#93c47d",
    "isOnderdeelVan": "#274e13", "uitgevoerdDoor": "#8fce00", "vastgesteldDoor": "#b45f06",
    "gefinancierdDoor": "#bf9000", "betreftGebied": "#9c755f", "ligtIn": "#6f4e37", "overlaptMet": "#c9a27e",
}


@dataclass(frozen=True, slots=True)
class Claim:
    """The quote a statement rests on: verbatim text, section path and the id of the source document."""

    quote: str
    section: str
    source: str | None

    def as_json(self) -> dict[str, Any]:
        """The claim as JSON for the page."""
        return {"q": self.quote, "s": self.section, "src": self.source}


@dataclass(slots=True)
class VizNode:
    """An entity as the view shows it."""

    id: str
    iri: str
    segment: str
    cls: str
    label_nl: str
    label_en: str | None = None
    alt: list[str] = field(default_factory=list)
    description: str | None = None
    date: str | None = None
    status: tuple[str, str] | None = None
    mention: Claim | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class VizEdge:
    """A relation between two entities with the claims it rests on."""

    source: str
    target: str
    rel: str
    claims: list[Claim] = field(default_factory=list)


@dataclass(slots=True)
class VizGraph:
    """Everything the view needs from one version of the store."""

    version: str
    nodes: dict[str, VizNode]
    edges: list[VizEdge]


@dataclass(frozen=True, slots=True)
class ViewOptions:
    """What a view shows: the whole graph or a neighbourhood, filtered by theme and entity type.

    ``server_url`` is prefixed to the links to entity pages and the SPARQL page ("" = the same server).
    """

    focus: str | None = None
    depth: int = 2
    theme: str | None = None
    types: tuple[str, ...] = ()
    server_url: str = ""
    lang: str = "nl"
    physics: bool = False
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """A rendered page and the Content-Security-Policy it was written for."""

    html: str
    csp: str
    nodes: int
    edges: int


def _value(row: Row, name: str) -> str | None:
    b = row.get(name)
    return b.value if b is not None else None


def _local(iri: str) -> str:
    return iri[len(BG):] if iri.startswith(BG) else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _claim(row: Row, ids: dict[str, str]) -> Claim | None:
    quote = _value(row, "citaat")
    if quote is None:
        return None
    src = _value(row, "bron")
    return Claim(quote, _value(row, "sectie") or "", ids.get(src) if src else None)


def load_graph(store: GraphStore) -> VizGraph:
    """Read the entities, relations, quotes and events of the store (five SELECT queries)."""
    vocab = vocabulary()
    types: dict[str, list[str]] = defaultdict(list)
    ids: dict[str, str] = {}
    for row in store.select(Q_ENTITIES):
        iri, rid, cls = _value(row, "e"), _value(row, "id"), _value(row, "type")
        if iri and rid and cls:
            ids[iri] = rid
            types[iri].append(_local(cls))
    nodes: dict[str, VizNode] = {}
    for iri, rid in ids.items():
        known = [c for c in types[iri] if c in vocab.segments]
        if not known:
            continue  # not an entity class (an event or a claim that happens to have an identifier)
        cls = max(sorted(known), key=lambda c: len(vocab.superclasses.get(c, ())))
        nodes[rid] = VizNode(rid, iri, vocab.segments[cls], cls, rid)
    by_iri = {n.iri: n for n in nodes.values()}
    for row in store.select(Q_PROPERTIES):
        node = by_iri.get(_value(row, "e") or "")
        value = row.get("v")
        if node is None or value is None:
            continue
        prop = _local(_value(row, "p") or "")
        if prop == "label" and value.lang == "nl":
            node.label_nl = value.value
        elif prop == "label" and value.lang == "en":
            node.label_en = value.value
        elif prop == "altLabel":
            node.alt.append(value.value)
        elif prop == "omschrijving":
            node.description = value.value
        elif prop == "datumTekst":
            node.date = value.value
    for row in store.select(Q_STATUS):
        node = by_iri.get(_value(row, "e") or "")
        if node is not None:
            nl = _value(row, "nl") or ""
            node.status = (nl, _value(row, "en") or nl)
    for row in store.select(Q_MENTIONS):
        node = by_iri.get(_value(row, "e") or "")
        claim = _claim(row, ids)
        if node is not None and claim is not None and node.mention is None:
            node.mention = claim
    edges: dict[tuple[str, str, str], VizEdge] = {}
    for row in store.select(Q_RELATIONS):
        s, o = by_iri.get(_value(row, "s") or ""), by_iri.get(_value(row, "o") or "")
        rel = _local(_value(row, "p") or "")
        if s is None or o is None or rel not in vocab.relations:
            continue
        edge = edges.setdefault((s.id, rel, o.id), VizEdge(s.id, o.id, rel))
        claim = _claim(row, ids)
        if claim is not None and claim not in edge.claims:
            edge.claims.append(claim)
    _load_events(store, by_iri, ids)
    for node in nodes.values():
        node.alt.sort()
        for event in node.events:
            event["claims"].sort(key=lambda c: c["q"])
        node.events.sort(key=lambda e: (e["kind"], e.get("date") or "", e.get("label") or ""))
    ordered = sorted(edges.values(), key=lambda e: (e.source, e.rel, e.target))
    graph = VizGraph(store.version, dict(sorted(nodes.items())), ordered)
    _assign_themes(graph)
    return graph


def _load_events(store: GraphStore, by_iri: dict[str, VizNode], ids: dict[str, str]) -> None:
    """Attach adoptions, fundings and milestones (with their quotes) to the nodes."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for row in store.select(Q_EVENTS):
        node = by_iri.get(_value(row, "e") or "")
        ev = _value(row, "ev")
        if node is None or ev is None:
            continue
        event = seen.get((node.id, ev))
        if event is None:
            amount = None
            for kind in ("value", "min", "max"):
                if _value(row, kind) is not None:
                    amount = {"value": _value(row, kind), "kind": kind, "currency": _value(row, "currency")}
            door = _value(row, "door")
            event = {
                "kind": _local(_value(row, "link") or ""), "label": _value(row, "label"),
                "date": _value(row, "tekst"), "soort": _value(row, "soort"), "desc": _value(row, "oms"),
                "by": ids.get(door) if door else None, "amount": amount, "claims": [],
            }
            seen[(node.id, ev)] = event
            node.events.append(event)
        claim = _claim(row, ids)
        if claim is not None and claim.as_json() not in event["claims"]:
            event["claims"].append(claim.as_json())


def _assign_themes(graph: VizGraph) -> None:
    """Give every node the strategic themes it falls under or contributes to, directly or through lineage."""
    themes: dict[str, set[str]] = defaultdict(set)
    parents: dict[str, set[str]] = defaultdict(set)
    for node in graph.nodes.values():
        if node.segment == "opgave":
            themes[node.id].add(node.id)
    for e in graph.edges:
        if e.rel in THEME_RELATIONS and graph.nodes[e.target].segment == "opgave":
            themes[e.source].add(e.target)
        elif e.rel in THEME_LINEAGE:
            parents[e.source].add(e.target)
    for nid, node in graph.nodes.items():
        found = set(themes[nid])
        queue, seen = deque(parents[nid]), {nid}
        while queue:
            p = queue.popleft()
            if p in seen:
                continue
            seen.add(p)
            found |= themes[p]
            queue.extend(parents[p])
        node.themes = sorted(found)


_graph_cache: dict[str, VizGraph] = {}
_graph_lock = Lock()


def cached_graph(store: GraphStore) -> VizGraph:
    """:func:`load_graph`, cached per store version (the last few versions)."""
    version = store.version
    with _graph_lock:
        hit = _graph_cache.get(version)
    if hit is not None:
        return hit
    graph = load_graph(store)
    with _graph_lock:
        if len(_graph_cache) >= 4:
            _graph_cache.pop(next(iter(_graph_cache)))
        _graph_cache[version] = graph
    return graph


def _suggest(word: str, known: list[str]) -> list[str]:
    return difflib.get_close_matches(word, known, n=5, cutoff=0.5)


def _themed(graph: VizGraph, theme: str) -> set[str]:
    """The nodes under ``theme`` plus their direct neighbours that have no theme of their own (context)."""
    core = {n.id for n in graph.nodes.values() if theme in n.themes}
    context = set()
    for e in graph.edges:
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if a in core and b not in core and not graph.nodes[b].themes:
                context.add(b)
    return core | context


def select_nodes(graph: VizGraph, opts: ViewOptions) -> set[str]:
    """The ids of the nodes a view shows.

    Raises:
        NotFound: ``focus`` or ``theme`` is not the id of an entity (resp. a strategic theme).
        InvalidParameter: ``depth`` is out of range or a ``type`` is not an entity type.
    """
    vocab = vocabulary()
    keep = set(graph.nodes)
    if opts.types:
        wanted = set()
        for t in opts.types:
            if t not in TYPE_STYLES and t not in vocab.segments:
                choices = ", ".join([*TYPE_STYLES, *sorted(vocab.segments)])
                raise InvalidParameter("type", f"unknown entity type {t!r}; choose from: {choices}")
            wanted.add(t)
        keep = {n for n in keep if graph.nodes[n].segment in wanted
                or any(vocab.is_a(graph.nodes[n].cls, t) for t in wanted)}
    if opts.theme:
        theme_node = graph.nodes.get(opts.theme)
        if theme_node is None or theme_node.segment != "opgave":
            themes = [n.id for n in graph.nodes.values() if n.segment == "opgave"]
            raise NotFound(f"theme: {opts.theme!r} is not the id of a strategic theme (opgave); "
                           f"themes: {', '.join(sorted(themes))}", _suggest(opts.theme, themes))
        keep &= _themed(graph, opts.theme)
    if opts.focus:
        if not 0 <= opts.depth <= MAX_DEPTH:
            raise InvalidParameter("depth", f"must be between 0 and {MAX_DEPTH}, not {opts.depth}")
        if opts.focus not in graph.nodes:
            raise NotFound(f"focus: no entity with id {opts.focus!r}", _suggest(opts.focus, list(graph.nodes)))
        if opts.focus not in keep:
            raise InvalidParameter("focus", f"entity {opts.focus!r} is hidden by the theme or type filter")
        adjacent: dict[str, set[str]] = defaultdict(set)
        for e in graph.edges:
            if e.source in keep and e.target in keep:
                adjacent[e.source].add(e.target)
                adjacent[e.target].add(e.source)
        reached = {opts.focus}
        frontier = {opts.focus}
        for _ in range(opts.depth):
            frontier = {m for n in frontier for m in adjacent[n]} - reached
            reached |= frontier
        keep = reached
    return keep


def node_size(degree: int) -> float:
    """The radius of a node: larger for nodes with more relations, within bounds."""
    return float(min(12 + degree * 0.8, 30))


def font_size(degree: int) -> float:
    """The label size of a node: hubs get larger labels, so they can be read when the whole graph is shown."""
    return float(min(14 + max(0, degree - 5) * 0.9, 34))


def label_box(label: str, size: float, font: float = 14.0) -> Box:
    """The space (width, height) a node with this label takes on the canvas (labels wrap at ~11 em)."""
    wrap = 150.0 * font / 14
    text_width = len(label) * font * 0.5
    lines = max(1, -(-int(text_width) // int(wrap)))
    return (max(min(text_width, wrap), size * 2) + 8, size * 2 + lines * font * 1.2 + 6)


_layouts = LayoutCache()


def build_network(graph: VizGraph, keep: set[str], opts: ViewOptions, layouts: LayoutCache | None = None) -> Network:
    """The pyvis Network of the view: nodes with precomputed positions, labelled edges and options.

    The node and edge lists are filled directly (pyvis's ``add_node``/``add_edge`` are quadratic).
    """
    vocab = vocabulary()
    degree: dict[str, int] = defaultdict(int)
    shown = [e for e in graph.edges if e.source in keep and e.target in keep]
    for e in shown:
        degree[e.source] += 1
        degree[e.target] += 1
    ids = sorted(keep)
    sizes = {n: node_size(degree[n]) for n in ids}
    fonts = {n: font_size(degree[n]) for n in ids}
    boxes = {n: label_box(graph.nodes[n].label_nl, sizes[n], fonts[n]) for n in ids}
    layout_input = LayoutInput(boxes, tuple((e.source, e.target) for e in shown))
    positions = (layouts or _layouts).get(graph.version, layout_input)
    net = Network(height="100%", width="100%", directed=True, heading=opts.title or "", cdn_resources="in_line")
    lang_en = opts.lang == "en"
    for n in ids:
        node = graph.nodes[n]
        style = TYPE_STYLES.get(node.segment, _OTHER)
        label = (node.label_en or node.label_nl) if lang_en else node.label_nl
        cls = vocab.classes.get(node.cls)
        type_label = (cls.label_en if lang_en else cls.label_nl) if cls else node.cls
        x, y = positions[n]
        net.nodes.append({
            "id": n, "label": label, "x": x, "y": y, "shape": style.shape, "size": sizes[n],
            "color": {"background": style.color, "border": "#333333",
                      "highlight": {"background": style.color, "border": "#000000"},
                      "hover": {"background": style.color, "border": "#000000"}},
            "title": f"{label} ({type_label})", "group": node.segment,
            "font": {"size": fonts[n]}, "widthConstraint": {"maximum": round(150 * fonts[n] / 14)},
        })
    net.node_ids = list(ids)
    net.node_map = {n["id"]: n for n in net.nodes}
    for i, e in enumerate(shown):
        term = vocab.relations.get(e.rel)
        label = (term.label_en if lang_en else term.label_nl) if term else e.rel
        color = RELATION_COLORS.get(e.rel, "#7f7f7f")
        net.edges.append({
            "id": f"e{i}", "from": e.source, "to": e.target, "label": label, "rel": e.rel, "arrows": "to",
            "color": {"color": color, "highlight": color, "hover": color, "opacity": 0.85},
            "font": {"color": color}, "dashes": e.rel == "verwijstNaar", "title": label,
        })
    big = len(ids) > 1500
    net.options = {
        "autoResize": True,
        "physics": {"enabled": opts.physics, "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": False}},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {"font": {"size": 14, "face": "DejaVu Sans, Arial, sans-serif", "color": "#1a1a1a",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "widthConstraint": {"maximum": 150}, "borderWidth": 1},
        "edges": {"smooth": False, "width": 1.2, "selectionWidth": 2,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                  "font": {"size": 10, "align": "middle", "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "interaction": {"hover": not big, "tooltipDelay": 300, "multiselect": False,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
    }
    return net


def _payload(graph: VizGraph, keep: set[str], net: Network, opts: ViewOptions) -> dict[str, Any]:
    """The data of the page's panel, search, legend and filters (plain JSON)."""
    vocab = vocabulary()
    touching = [e for e in graph.edges if e.source in keep or e.target in keep]
    vis_ids = {(d["from"], d["rel"], d["to"]): d["id"] for d in net.edges}
    referenced = set(keep)
    for e in touching:
        referenced.update((e.source, e.target))
        referenced.update(c.source for c in e.claims if c.source)
    for n in keep:
        node = graph.nodes[n]
        if node.mention and node.mention.source:
            referenced.add(node.mention.source)
        for ev in node.events:
            referenced.update(c["src"] for c in ev["claims"] if c["src"])
            if ev["by"]:
                referenced.add(ev["by"])
    nodes: dict[str, Any] = {}
    for n in sorted(referenced & set(graph.nodes)):
        node = graph.nodes[n]
        entry: dict[str, Any] = {"seg": node.segment, "nl": node.label_nl, "en": node.label_en, "view": n in keep}
        if n in keep:
            cls = vocab.classes.get(node.cls)
            entry.update({
                "iri": node.iri, "cls": node.cls, "clsNl": cls.label_nl if cls else node.cls,
                "clsEn": cls.label_en if cls else node.cls, "alt": node.alt, "desc": node.description,
                "date": node.date, "status": list(node.status) if node.status else None,
                "mention": node.mention.as_json() if node.mention else None, "events": node.events,
                "themes": node.themes,
            })
        nodes[n] = entry
    relations_used = sorted({e.rel for e in touching})
    return {
        "title": opts.title or "", "lang": opts.lang, "serverUrl": opts.server_url.rstrip("/"),
        "focus": opts.focus, "depth": opts.depth, "physics": opts.physics, "theme": opts.theme,
        "types": [{"id": k, "nl": s.nl, "en": s.en, "color": s.color, "shape": s.shape}
                  for k, s in TYPE_STYLES.items()],
        "relations": [{"id": r, "nl": vocab.relations[r].label_nl, "en": vocab.relations[r].label_en,
                       "color": RELATION_COLORS.get(r, "#7f7f7f"), "dashes": r == "verwijstNaar"}
                      for r in relations_used if r in vocab.relations],
        "themes": [{"id": n.id, "nl": n.label_nl, "en": n.label_en} for n in graph.nodes.values()
                   if n.segment == "opgave"],
        "nodes": nodes,
        "edges": [{"id": vis_ids.get((e.source, e.rel, e.target)), "from": e.source, "to": e.target,
                   "rel": e.rel, "claims": [c.as_json() for c in e.claims]} for e in touching],
        "counts": {"nodes": len(keep), "edges": len(net.edges), "total": len(graph.nodes)},
        "version": graph.version,
    }


def safe_json(data: object) -> str:
    """JSON that can stand inside a ``<script>`` element: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str, str]:
    """vis-network's JS and CSS from the installed pyvis package, and the project's own script and style.

    Raises:
        ConfigurationError: a file is missing, or contains text that would end its inline element.
    """
    try:
        vis = resources.files("pyvis").joinpath(VIS_DIR)
        vis_js = vis.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        vis_css = vis.joinpath("vis-network.css").read_text(encoding="utf-8")
        app_js = (TEMPLATES / "netwerk.js").read_text(encoding="utf-8")
        app_css = (TEMPLATES / "netwerk.css").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise ConfigurationError(f"cannot read the network view's scripts (is pyvis 0.3.2 installed?): {exc}") from exc
    for name, text, end in (("vis-network.min.js", vis_js, "</script"), ("vis-network.css", vis_css, "</style"),
                            ("netwerk.js", app_js, "</script"), ("netwerk.css", app_css, "</style")):
        if end in text.lower() or "<!--" in text:
            raise ConfigurationError(f"{name} contains {end!r} or '<!--' and cannot be inlined")
    return vis_js, vis_css, app_js, app_css


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True,
                       lstrip_blocks=True)


def render_network(net: Network, payload: dict[str, Any], opts: ViewOptions) -> Page:
    """Render the pyvis Network and the panel data into the page (all inline, all escaped)."""
    vis_js, vis_css, app_js, app_css = _assets()
    nonce = secrets.token_urlsafe(18)
    csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; img-src data: blob:; "
           "font-src 'none'; connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; "
           "form-action 'none'")
    vis_data = {"nodes": net.nodes, "edges": net.edges, "options": net.options}
    html = _environment().get_template("netwerk.html.j2").render(
        title=payload["title"] or "Netwerk / network", lang=opts.lang, csp=csp, nonce=nonce,
        vis_js=Markup(vis_js), vis_css=Markup(vis_css), app_js=Markup(app_js), app_css=Markup(app_css),  # noqa: S704
        vis_json=Markup(safe_json(vis_data)), data_json=Markup(safe_json(payload)),  # noqa: S704
        counts=payload["counts"],
    )
    return Page(html, csp, len(net.nodes), len(net.edges))


def render_view(store: GraphStore, opts: ViewOptions, layouts: LayoutCache | None = None) -> Page:
    """The network view page of ``store`` for ``opts``.

    Raises:
        NotFound: the focus entity or theme does not exist.
        InvalidParameter: a type or the depth is not valid.
    """
    graph = cached_graph(store)
    keep = select_nodes(graph, opts)
    title = opts.title
    if title is None:
        if opts.focus:
            node = graph.nodes[opts.focus]
            name = (node.label_en or node.label_nl) if opts.lang == "en" else node.label_nl
            title = f"{name} — netwerk / network"
        else:
            title = "Netwerk van beleid / policy network"
    full = ViewOptions(opts.focus, opts.depth, opts.theme, opts.types, opts.server_url, opts.lang, opts.physics,
                       title)
    net = build_network(graph, keep, full, layouts)
    return render_network(net, _payload(graph, keep, net, full), full)
