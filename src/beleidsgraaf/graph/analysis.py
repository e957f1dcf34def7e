"""A projection of the RDF graph for questions without SPARQL: entities, sourced relations, events, networkx.

The projection is read from the store with a handful of named queries (:mod:`beleidsgraaf.graph.queries`)
once per graph version (:attr:`GraphStore.version`) and rebuilt when the version changes (after a build or an
update); requests only read it. Derived results that are costly (centrality, articulation points, the search
index) are computed on first use and kept on the projection, so they too are computed once per version.

Lineage (what something builds on) follows the lineage relations of the ontology (``bg:Afstammingsrelatie``:
elaborates, builds on, part of, implements) from the subject to the object; impact follows them backwards.
No FastAPI here: the web layer and the CLI share this module.
"""

from __future__ import annotations

import gc
import logging
import threading
import weakref
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

import networkx as nx

from beleidsgraaf.errors import NotReady, StoreError
from beleidsgraaf.graph import queries
from beleidsgraaf.graph.store import GraphStore, Row
from beleidsgraaf.graph.store import iri as iri_binding
from beleidsgraaf.graph.vocab import Vocabulary, vocabulary
from beleidsgraaf.ontology import BG, RDF

logger = logging.getLogger(__name__)

T = TypeVar("T")

_BG = str(BG)
_RDF_TYPE = str(RDF.type)
_STATUS = f"{_BG}status"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_DESCRIPTION = f"{_BG}omschrijving"

#: Relations that put something under a theme or topic.
THEME_RELATIONS = ("valtOnder", "draagtBijAan", "gaatOver")
#: Relations along which a part, implementation or elaboration falls under what its whole falls under.
PART_RELATIONS = ("maaktDeelUitVan", "geeftUitvoeringAan", "isUitwerkingVan")
#: How the roles of an organisation are grouped (relation pointing at the organisation → role).
ORGANISATION_ROLES = {
    "opgesteldDoor": "opgesteld",
    "vastgesteldDoor": "vastgesteld",
    "gefinancierdDoor": "financiert",
    "inSamenwerkingMet": "neemtDeel",
    "uitgevoerdDoor": "neemtDeel",
    "isLidVan": "leden",
}

EVENT_KINDS = {"vaststelling": "vaststelling", "financiering": "financiering", "mijlpaal": "mijlpaal",
               "datumTekst": "datum"}


def local(iri: str) -> str:
    """The local name of an IRI in the bg: namespace (else the IRI itself)."""
    return iri[len(_BG):] if iri.startswith(_BG) else iri


@dataclass(frozen=True, slots=True)
class Quote:
    """Where a statement is found: the verbatim quote, the source document and the section."""

    citaat: str
    bron: str
    sectie: str


@dataclass(slots=True)
class Entity:
    """One entity of the graph with what the API shows about it everywhere."""

    iri: str
    id: str
    type: str
    segment: str
    label_nl: str
    label_en: str | None = None
    alt: list[str] = field(default_factory=list)
    description: str | None = None
    mentions: list[Quote] = field(default_factory=list)
    status: str | None = None
    status_quote: Quote | None = None

    @property
    def page(self) -> str:
        """Path of the entity's HTML page on this server."""
        return f"/doc/{self.segment}/{self.id}"

    def summary(self, vocab: Vocabulary | None = None) -> dict[str, Any]:
        """A short JSON description: id, IRI, labels, type (with its Dutch and English name) and links."""
        v = vocab or vocabulary()
        term = v.classes.get(self.type)
        return {
            "id": self.id,
            "iri": self.iri,
            "label": self.label_nl,
            "label_en": self.label_en,
            "type": self.type,
            "type_nl": term.label_nl if term else self.type,
            "type_en": term.label_en if term else self.type,
            "page": self.page,
            "api": f"/api/entities/{self.id}",
        }


@dataclass(frozen=True, slots=True)
class Edge:
    """A sourced relation between two entities (IRIs) with the quotes it rests on."""

    source: str
    relation: str
    target: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class Event:
    """A dated thing: an adoption, a funding, a milestone, or the own date of a document (kind ``datum``)."""

    iri: str
    entity: str
    kind: str
    notation: str
    precision: str
    earliest: date
    latest: date
    milestone_kind: str | None = None
    description: str | None = None
    label: str | None = None
    by: str | None = None
    amount: dict[str, Any] | None = None
    quote: Quote | None = None

    def years(self) -> range:
        """The calendar years the (possibly imprecise) date touches."""
        return range(self.earliest.year, self.latest.year + 1)

    def sort_key(self) -> tuple[date, int, str]:
        """Order imprecise dates sensibly: by the first day they may mean, the widest interval first."""
        return (self.earliest, -self.latest.toordinal(), self.iri)


class Projection:
    """Entities, sourced relations and events of one graph version, with a networkx view of the relations."""

    def __init__(self, version: str, entities: dict[str, Entity], edges: list[Edge], events: list[Event],
                 vocab: Vocabulary) -> None:
        self.version = version
        self.vocab = vocab
        self.entities = entities
        self.by_id = {e.id: iri for iri, e in entities.items()}
        self.edges = edges
        self.events = {ev.iri + ("#datum" if ev.kind == "datum" else ""): ev for ev in events}
        self.events_of: dict[str, list[Event]] = defaultdict(list)
        for ev in sorted(events, key=Event.sort_key):
            self.events_of[ev.entity].append(ev)
        self.graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        self.graph.add_nodes_from(entities)
        for edge in edges:
            self.graph.add_edge(edge.source, edge.target, key=edge.relation, edge=edge)
        self._lazy: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.RLock] = {}

    def lazy(self, name: str, factory: Callable[[], T]) -> T:
        """Compute ``factory()`` once for this version and keep it (thread-safe).

        Each name has its own lock: a slow result (the statistics of a national graph) being computed does not
        hold up a request for another one (the search index, a theme's members).
        """
        with self._lock:
            if name in self._lazy:
                done: T = self._lazy[name]
                return done
            key_lock = self._key_locks.setdefault(name, threading.RLock())
        with key_lock:
            with self._lock:
                if name in self._lazy:
                    ready: T = self._lazy[name]
                    return ready
            result = factory()
            with self._lock:
                self._lazy[name] = result
            return result

    def cached(self, prefix: str) -> int:
        """How many lazily computed results whose name starts with ``prefix`` are kept."""
        with self._lock:
            return sum(1 for k in self._lazy if k.startswith(prefix))

    def entity(self, iri: str) -> Entity:
        """The entity with IRI ``iri`` (KeyError if there is none)."""
        return self.entities[iri]

    def out_edges(self, iri: str, relations: Iterable[str] | None = None) -> list[Edge]:
        """Relations from ``iri``, optionally only those named in ``relations``."""
        wanted = set(relations) if relations is not None else None
        return [d["edge"] for _s, _t, k, d in self.graph.out_edges(iri, keys=True, data=True)
                if wanted is None or k in wanted]

    def in_edges(self, iri: str, relations: Iterable[str] | None = None) -> list[Edge]:
        """Relations to ``iri``, optionally only those named in ``relations``."""
        wanted = set(relations) if relations is not None else None
        return [d["edge"] for _s, _t, k, d in self.graph.in_edges(iri, keys=True, data=True)
                if wanted is None or k in wanted]

    def undirected(self) -> nx.Graph[str]:
        """The relations as a simple undirected graph (computed once per version)."""
        return self.lazy("undirected", lambda: nx.Graph(self.graph))

    def years_of(self) -> dict[str, frozenset[int]]:
        """For every entity the years its dates and events touch (computed once per version)."""
        def build() -> dict[str, frozenset[int]]:
            return {iri: frozenset(y for ev in evs for y in ev.years()) for iri, evs in self.events_of.items()}
        return self.lazy("years", build)


# --- building the projection ------------------------------------------------------------------------------


def _most_specific(types: set[str], vocab: Vocabulary) -> str | None:
    known = [t for t in types if t in vocab.segments]
    if not known:
        return None
    return max(known, key=lambda t: (len(vocab.superclasses.get(t, ())), t))


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def read_entities(store: GraphStore, vocab: Vocabulary | None = None) -> dict[str, Entity]:
    """The entities with their type and names, without relations, quotes or events (two queries).

    This is all the search index needs, so search does not wait for the whole projection of a large graph.

    Raises:
        QueryError: the store rejected a query (a programming error).
        StoreError: the store could not be read.
    """
    v = vocab or vocabulary()
    types: dict[str, set[str]] = defaultdict(set)
    ids: dict[str, str] = {}
    for row in queries.run(store, "catalogue"):
        iri, ident = row["e"].value, row["id"].value
        ids[iri] = ident
        types[iri].add(local(row["type"].value))
    entities: dict[str, Entity] = {}
    for iri, ident in ids.items():
        t = _most_specific(types[iri], v)
        if t is None:
            continue
        entities[iri] = Entity(iri, ident, t, v.segments[t], ident)
    for row in queries.run(store, "names"):
        ent = entities.get(row["e"].value)
        if ent is None:
            continue
        prop, label = row["prop"].value, row["name"]
        if prop == _LABEL:
            if label.lang == "en":
                ent.label_en = label.value
            elif label.lang in (None, "nl") and (ent.label_nl == ent.id or label.lang == "nl"):
                ent.label_nl = label.value
        elif prop == _ALT:
            ent.alt.append(label.value)
        elif prop == _DESCRIPTION:
            ent.description = label.value
    for ent in entities.values():
        ent.alt.sort()
    return entities


#: Above this many claims the claims and events are read one source graph at a time (:func:`_rows`).
PER_GRAPH_ABOVE = 20_000

_CLAIM_COUNT = queries.PROLOGUE + "SELECT (COUNT(?c) AS ?n) WHERE { ?c a bg:Bewering }"
_SOURCE_GRAPHS = queries.PROLOGUE + """SELECT DISTINCT ?g WHERE {
  { GRAPH ?g { ?c a bg:Bewering } } UNION { GRAPH ?g { ?x bg:vroegst ?v } }
}"""


def _in_graph(query: str) -> str | None:
    """``query`` with its WHERE group read from the one named graph ``?g`` (projected, so it can be bound).

    Safe for the claims and events queries: a record comes from one source, and everything compiled from it
    (its id, its dates and events, every claim with its quote) is in that source's graph. None when the query
    does not have the expected ``SELECT ... WHERE { ... }`` shape.
    """
    head, sep, body = query.partition("WHERE {")
    if not sep or "SELECT ?" not in head or not body.rstrip().endswith("}"):
        return None
    return head.replace("SELECT ?", "SELECT ?g ?", 1) + "WHERE { GRAPH ?g {" + body.rstrip()[:-1] + "} }"


_IN_GRAPH = {"claims": _in_graph(queries.CLAIMS), "events": _in_graph(queries.EVENTS)}
#: Every query text this module runs besides the named queries of :mod:`beleidsgraaf.graph.queries` (constants;
#: only ``?g`` is bound, to graph IRIs read from the store).
PROJECTION_QUERIES = frozenset({_CLAIM_COUNT, _SOURCE_GRAPHS, *(q for q in _IN_GRAPH.values() if q is not None)})


def _source_graphs(store: GraphStore) -> list[str] | None:
    """The source graphs to read claims and events from one at a time, or None to read them whole.

    On a national graph (more than :data:`PER_GRAPH_ABOVE` claims) the single query over the whole country
    takes seconds and, through the store engine, can pass the per-query time limit on a busy machine (then the
    projection could never be built); one source's share takes milliseconds.

    Raises:
        StoreError: the store could not be read.
    """
    counted = store.select(_CLAIM_COUNT)
    if not counted or int(counted[0]["n"].value) <= PER_GRAPH_ABOVE:
        return None
    return [row["g"].value for row in store.select(_SOURCE_GRAPHS)]


def _rows(store: GraphStore, name: str, graphs: list[str] | None) -> list[Row]:
    """The rows of the named whole-graph query ``name`` (``claims`` or ``events``).

    Read per graph of ``graphs`` (see :func:`_source_graphs`) unless that is None; the rows are the same but for
    their order (duplicates across graphs are dropped).

    Raises:
        QueryError: the store rejected a query (a programming error).
        StoreError: the store could not be read.
    """
    in_graph = _IN_GRAPH.get(name)
    if in_graph is None or graphs is None:
        return queries.run(store, name)
    rows: list[Row] = []
    seen: set[tuple[tuple[str, str], ...]] = set()
    for graph in graphs:
        for row in store.select(in_graph, {"g": iri_binding(graph)}):
            key = tuple(sorted((k, b.value) for k, b in row.items() if k != "g"))
            if key not in seen:
                seen.add(key)
                rows.append({k: b for k, b in row.items() if k != "g"})
    return rows


def build_projection(store: GraphStore, vocab: Vocabulary | None = None) -> Projection:
    """Read the projection from the store (a few whole-graph queries).

    Raises:
        QueryError: the store rejected a query (a programming error).
        StoreError: the store could not be read.
    """
    v = vocab or vocabulary()
    version = store.version
    entities = read_entities(store, v)
    claims: dict[tuple[str, str, str], list[Quote]] = defaultdict(list)
    status_iris = {str(iri): notation for notation, iri in v.statuses.items()}
    graphs = _source_graphs(store)  # counted and listed once, for the claims and the events
    for row in _rows(store, "claims", graphs):
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        quote = Quote(row["citaat"].value, row["bron"].value, row["sectie"].value)
        claims[(s, p, o)].append(quote)
        ent = entities.get(s)
        if ent is None:
            continue
        if p == _RDF_TYPE:
            ent.mentions.append(quote)
        elif p == _STATUS and o in status_iris:
            ent.status, ent.status_quote = status_iris[o], quote
    relation_iris = {str(t.iri): name for name, t in v.relations.items()}
    edges: list[Edge] = []
    seen: set[tuple[str, str, str]] = set()
    for row in queries.run(store, "relations"):
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        name = relation_iris.get(p)
        if name is None or s not in entities or o not in entities or (s, p, o) in seen:
            continue
        seen.add((s, p, o))
        quotes = tuple(sorted(set(claims.get((s, p, o), [])), key=lambda q: (q.sectie, q.citaat)))
        edges.append(Edge(s, name, o, quotes))
    edges.sort(key=lambda e: (e.source, e.relation, e.target))
    events = _events(store, entities, graphs)
    logger.info("projection %s: %d entities, %d relations, %d events", version, len(entities), len(edges),
                len(events))
    return Projection(version, entities, edges, events, v)


def _events(store: GraphStore, entities: dict[str, Entity], graphs: list[str] | None) -> list[Event]:
    found: dict[tuple[str, str], Event] = {}
    for row in _rows(store, "events", graphs):
        ent_iri = row["e"].value
        if ent_iri not in entities:
            continue
        kind = EVENT_KINDS.get(local(row["link"].value))
        earliest, latest = _date(queries.value(row, "vroegst")), _date(queries.value(row, "laatst"))
        if kind is None or earliest is None or latest is None:
            continue
        amount = None
        for key in ("value", "min", "max"):
            if key in row:
                amount = {"soort": {"value": "exact", "min": "minimum", "max": "maximum"}[key],
                          "bedrag": float(row[key].value), "valuta": queries.value(row, "currency") or "EUR"}
        quote = None
        if "citaat" in row:
            quote = Quote(row["citaat"].value, row["bron"].value, row["sectie"].value)
        ev = Event(
            iri=row["ev"].value, entity=ent_iri, kind=kind, notation=row["tekst"].value,
            precision=row["precisie"].value, earliest=earliest, latest=latest,
            milestone_kind=queries.value(row, "soort"), description=queries.value(row, "oms"),
            label=queries.value(row, "evlabel"), by=queries.value(row, "door"), amount=amount, quote=quote,
        )
        found.setdefault((ev.iri, kind), ev)
    return sorted(found.values(), key=Event.sort_key)


class Versioned(Protocol):
    """Something read from a store at one version (a projection, a search index)."""

    @property
    def version(self) -> str:
        """The store version it was read at."""
        ...


V = TypeVar("V", bound=Versioned)


#: How long a request waits for the projection or the search index of a new graph version before it is answered
#: with 503 and ``Retry-After`` (the build goes on in the background). A national graph of 1 M triples needs
#: about 10-20 s; a much larger one, minutes: no request waits that long.
REQUEST_WAIT = 30.0
RETRY_AFTER = 10


@dataclass
class _Job(Generic[V]):
    """A build running in the background."""

    done: threading.Event = field(default_factory=threading.Event)
    value: V | None = None
    error: BaseException | None = None


_HEAP_LOCK = threading.Lock()


def settle_heap() -> None:
    """Put the long-lived objects out of the garbage collector's way (:func:`gc.freeze`) after a large build.

    A projection or search index of a national graph is millions of Python objects that live until the store
    changes, and every full collection walked all of them: at 1 M quads a pause of 200-300 ms in which no
    request was answered, several times a minute under load. Frozen objects are skipped. Each call first
    releases what was frozen before and collects, so a value replaced by a newer version is freed once.
    """
    with _HEAP_LOCK:
        gc.unfreeze()
        gc.collect()
        gc.freeze()


class VersionCache(Generic[V]):
    """One value per store, made by ``factory(store)`` and made again when the store's version changes.

    The value is built in a background thread; callers wait for it (at most ``wait`` seconds, see :meth:`get`),
    and callers that come while it is being built wait for the same build. Each cache has its own lock, so
    building one kind of value (the projection) does not hold up another (the search index).
    """

    def __init__(self, factory: Callable[[GraphStore], V], what: tuple[str, str] = ("projectie", "projection")
                 ) -> None:
        self.factory = factory
        self.what = what  # (Dutch, English) name of the value, for messages
        self.lock = threading.Lock()
        self.by_store: weakref.WeakKeyDictionary[Any, V] = weakref.WeakKeyDictionary()
        self.by_version: dict[str, V] = {}
        self.jobs: dict[tuple[int, str], _Job[V]] = {}
        self.builds = 0

    def _cached(self, store: GraphStore, version: str) -> V | None:
        try:
            cached = self.by_store.get(store)
        except TypeError:
            cached = self.by_version.get(version)
        return cached if cached is not None and cached.version == version else None

    def _keep(self, store: GraphStore, version: str, made: V) -> None:
        try:
            self.by_store[store] = made
        except TypeError:
            self.by_version = {version: made}

    def _build(self, store: GraphStore, version: str, key: tuple[int, str], job: _Job[V]) -> None:
        try:
            made = self.factory(store)
        except BaseException as exc:  # handed to every waiting request
            job.error = exc
        else:
            job.value = made
        with self.lock:
            if job.value is not None:
                self._keep(store, version, job.value)
                self.builds += 1
            self.jobs.pop(key, None)
        if job.value is not None:
            settle_heap()
        job.done.set()

    def get(self, store: GraphStore, wait: float | None = None) -> V:
        """The value for ``store`` at its current version, waiting at most ``wait`` seconds (None: for ever).

        Raises:
            NotReady: it is still being built after ``wait`` seconds (the build goes on).
            StoreError: the store could not be read.
        """
        version = store.version
        with self.lock:
            cached = self._cached(store, version)
            if cached is not None:
                return cached
            key = (id(store), version)
            job = self.jobs.get(key)
            if job is None:
                job = self.jobs[key] = _Job()
                threading.Thread(target=self._build, args=(store, version, key, job), daemon=True,
                                 name=f"build-{self.what[1]}").start()
        if not job.done.wait(wait):
            raise NotReady(f"{self.what[0]} van de graaf wordt opgebouwd, probeer het over {RETRY_AFTER} s opnieuw / "
                           f"the graph's {self.what[1]} is being built, retry in {RETRY_AFTER} s", RETRY_AFTER)
        if job.value is None:
            raise job.error if job.error is not None else StoreError(f"the {self.what[1]} could not be built")
        return job.value


_CACHE: VersionCache[Projection] = VersionCache(build_projection)


def get_projection(store: GraphStore, wait: float | None = None) -> Projection:
    """The projection of ``store`` at its current version (built on first use, rebuilt after a change).

    Raises:
        NotReady: it is still being built after ``wait`` seconds (None: wait until it is built).
        StoreError: the store could not be read.
    """
    return _CACHE.get(store, wait)


def projection_builds() -> int:
    """How many projections this process has built (for tests of the cache)."""
    return _CACHE.builds


# --- questions ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Traversal:
    """The result of a lineage or impact walk: the nodes reached (with their distance) and the edges used."""

    root: str
    levels: dict[str, int]
    edges: list[Edge]
    truncated: bool


def walk(proj: Projection, root: str, *, upstream: bool, depth: int) -> Traversal:
    """Follow the lineage relations from ``root``: upstream = what it builds on, else what builds on it.

    Breadth-first, at most ``depth`` steps; every lineage edge between two reached nodes that lies on a
    walk within the depth is returned, so the result is a DAG (or, where the data has a cycle, a graph).
    """
    lineage = proj.vocab.lineage
    levels = {root: 0}
    used: list[Edge] = []
    queue = deque([root])
    truncated = False
    while queue:
        node = queue.popleft()
        steps = proj.out_edges(node, lineage) if upstream else proj.in_edges(node, lineage)
        for edge in steps:
            nxt = edge.target if upstream else edge.source
            if levels[node] >= depth:
                truncated = True
                continue
            used.append(edge)
            if nxt not in levels:
                levels[nxt] = levels[node] + 1
                queue.append(nxt)
    return Traversal(root, levels, sorted(set(used), key=lambda e: (e.source, e.relation, e.target)), truncated)


def shortest_paths(proj: Projection, start: str, end: str, *, limit: int = 5,
                   avoid: frozenset[str] = frozenset()) -> list[list[str]]:
    """The shortest chains of relations (either direction) from ``start`` to ``end``, at most ``limit``.

    Nodes in ``avoid`` (hubs such as the municipality itself) are not used as steps in between.
    """
    full = proj.undirected()
    blocked = avoid - {start, end}
    g = nx.restricted_view(full, blocked, []) if blocked else full
    if start == end:
        return [[start]]
    try:
        paths = []
        for p in nx.all_shortest_paths(g, start, end):
            paths.append(p)
            if len(paths) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    return sorted(paths, key=lambda p: [proj.entities[n].label_nl for n in p])


def edges_between(proj: Projection, a: str, b: str) -> list[tuple[Edge, str]]:
    """The relations between ``a`` and ``b`` with their direction seen from ``a`` (``vooruit``/``terug``)."""
    forward: dict[Any, dict[str, Any]] = proj.graph.get_edge_data(a, b, default={})
    backward: dict[Any, dict[str, Any]] = proj.graph.get_edge_data(b, a, default={})
    out = [(d["edge"], "vooruit") for d in forward.values()]
    out += [(d["edge"], "terug") for d in backward.values()]
    return sorted(out, key=lambda x: (x[1], x[0].relation))


def _reach(proj: Projection, root: str, relations: Iterable[str]) -> dict[str, str | None]:
    """Everything that reaches ``root`` over ``relations`` (subject → object), with the node it came through."""
    rels = tuple(relations)
    found: dict[str, str | None] = {root: None}
    queue = deque([root])
    while queue:
        node = queue.popleft()
        for edge in proj.in_edges(node, rels):
            if edge.source not in found:
                found[edge.source] = node
                queue.append(edge.source)
    return found


def theme_members(proj: Projection, theme: str) -> list[tuple[str, Edge]]:
    """What falls under a theme or topic: (member, the edge that puts it or its whole under the theme).

    Direct members have a ``valtOnder``/``draagtBijAan``/``gaatOver`` relation to the theme; a part,
    implementation or elaboration of a member (transitively) falls under it too, through that member's edge.
    """
    result: list[tuple[str, Edge]] = []
    seen: set[tuple[str, str, str]] = set()
    for edge in proj.in_edges(theme, THEME_RELATIONS):
        for member in _reach(proj, edge.source, PART_RELATIONS):
            key = (member, edge.source, edge.relation)
            if key not in seen:
                seen.add(key)
                result.append((member, edge))
    return sorted(result, key=lambda x: (x[0] != x[1].source, proj.entities[x[0]].label_nl.casefold()))


def sub_areas(proj: Projection, area: str) -> dict[str, str | None]:
    """The area and every area that lies in it (transitively, ``ligtIn``), each with its parent."""
    return {n: p for n, p in _reach(proj, area, ("ligtIn",)).items()
            if n == area or proj.vocab.is_a(proj.entities[n].type, "Gebied")}


def area_members(proj: Projection, area: str) -> list[Edge]:
    """Every relation that points at the area or at an area within it (except the containment itself)."""
    areas = sub_areas(proj, area)
    out: list[Edge] = []
    for a in areas:
        for edge in proj.in_edges(a):
            if edge.relation == "ligtIn" and edge.source in areas:
                continue
            out.append(edge)
    return sorted(out, key=lambda e: (proj.entities[e.source].label_nl.casefold(), e.relation))


def organisation_units(proj: Projection, org: str) -> dict[str, str | None]:
    """The organisation and its units (``isOnderdeelVan``, transitively)."""
    return _reach(proj, org, ("isOnderdeelVan",))


def organisation_roles(proj: Projection, org: str) -> dict[str, list[Edge]]:
    """What the organisation (or one of its units) drew up, adopted, funds or takes part in, by role.

    Roles: ``opgesteld``, ``vastgesteld``, ``financiert``, ``neemtDeel`` (in cooperation with, carried out by,
    member of), ``leden`` (members of a partnership) and ``overig`` (any other relation pointing at it).
    """
    units = organisation_units(proj, org)
    roles: dict[str, list[Edge]] = defaultdict(list)
    for unit in units:
        for edge in proj.in_edges(unit):
            if edge.relation == "isOnderdeelVan" and edge.source in units:
                continue
            roles[ORGANISATION_ROLES.get(edge.relation, "overig")].append(edge)
        for edge in proj.out_edges(unit, ("isLidVan", "inSamenwerkingMet")):
            roles["neemtDeel"].append(edge)
    return {k: sorted(v, key=lambda e: (proj.entities[e.source].label_nl.casefold(), e.relation))
            for k, v in roles.items()}


def members_of(proj: Projection, theme: str) -> frozenset[str]:
    """The set of entities under a theme (for the search filter), computed once per version and theme."""
    return proj.lazy(f"theme:{theme}", lambda: frozenset(m for m, _e in theme_members(proj, theme)))


def concerning_area(proj: Projection, area: str) -> frozenset[str]:
    """The set of entities with a relation to the area or an area within it (for the search filter)."""
    def build() -> frozenset[str]:
        return frozenset(e.source for e in area_members(proj, area)) | frozenset(sub_areas(proj, area))
    return proj.lazy(f"area:{area}", build)


def involving_organisation(proj: Projection, org: str) -> frozenset[str]:
    """The set of entities the organisation (or a unit) has a role in (for the search filter)."""
    def build() -> frozenset[str]:
        found: set[str] = set()
        units = organisation_units(proj, org)
        for edges in organisation_roles(proj, org).values():
            for e in edges:
                found.add(e.target if e.source in units else e.source)
        return frozenset(found)
    return proj.lazy(f"org:{org}", build)


# --- network statistics -----------------------------------------------------------------------------------


def pagerank(graph: nx.DiGraph[str], alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200
             ) -> dict[str, float]:
    """PageRank by power iteration (dangling nodes spread their rank evenly); no SciPy needed."""
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    rank = dict.fromkeys(nodes, 1.0 / n)
    out_degree = {u: graph.out_degree(u) for u in nodes}
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if out_degree[u] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if out_degree[u]:
                share = alpha * rank[u] / out_degree[u]
                for w in graph.successors(u):
                    new[w] += share
        delta = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if delta < n * tol:
            break
    return rank


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts and centralities of one graph version."""

    types: dict[str, int]
    relations: dict[str, int]
    degree: dict[str, int]
    betweenness: dict[str, float]
    pagerank: dict[str, float]
    articulation_points: list[str]
    bridges: list[tuple[str, str]]
    components: int
    #: Number of source nodes the betweenness was estimated from, or None when it is exact.
    betweenness_sample: int | None = None


#: Work budget of the betweenness centrality, in node and edge visits: exact betweenness costs one
#: breadth-first search per node (n × (n + m) visits), far too slow in Python for a national graph (about
#: 8,500 entities and 30,000 relations at 1 M triples: minutes). Above the budget it is estimated from a
#: fixed, seeded sample of source nodes (Brandes' pivots), so the answer is the same on every run.
BETWEENNESS_BUDGET = 1_500_000
BETWEENNESS_MIN_SAMPLE = 16


def betweenness_sample_size(nodes: int, edges: int, budget: int | None = None) -> int | None:
    """How many source nodes the betweenness of a graph of this size is estimated from (None: exact).

    ``budget`` defaults to :data:`BETWEENNESS_BUDGET` (read at each call).
    """
    budget = BETWEENNESS_BUDGET if budget is None else budget
    if nodes * (nodes + edges) <= budget:
        return None
    return min(nodes, max(BETWEENNESS_MIN_SAMPLE, budget // max(1, nodes + edges)))


def stats(proj: Projection) -> Stats:
    """Counts per type and relation, centralities and the structural holes of the web (once per version).

    Betweenness is exact for a graph the size of a municipality's and estimated from a seeded sample for a
    national one (:func:`betweenness_sample_size`); :attr:`Stats.betweenness_sample` says which.
    """
    def build() -> Stats:
        und = proj.undirected()
        directed: nx.DiGraph[str] = nx.DiGraph(proj.graph)
        sample = betweenness_sample_size(und.number_of_nodes(), und.number_of_edges())
        logger.info("stats %s: betweenness %s", proj.version, f"from {sample} sources" if sample else "exact")
        return Stats(
            types=dict(Counter(e.type for e in proj.entities.values()).most_common()),
            relations=dict(Counter(e.relation for e in proj.edges).most_common()),
            degree=dict(und.degree()),
            betweenness=nx.betweenness_centrality(und, k=sample, seed=0 if sample else None),
            pagerank=pagerank(directed),
            articulation_points=sorted(nx.articulation_points(und)),
            bridges=sorted(tuple(sorted(b)) for b in nx.bridges(und)),  # type: ignore[misc]
            components=nx.number_connected_components(und),
            betweenness_sample=sample,
        )
    return proj.lazy("stats", build)


def is_document(proj: Projection, iri: str) -> bool:
    """Whether the entity is a policy document (any subclass of bg:Beleidsdocument)."""
    ent = proj.entities.get(iri)
    return ent is not None and proj.vocab.is_a(ent.type, "Beleidsdocument")
