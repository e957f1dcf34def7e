"""The JSON API for policy advisors: search, entities, lineage, impact, paths, overviews, timeline, statistics.

Every answer about a relation carries the source document, the section and the verbatim quote it rests on.
The graph questions are answered from the projection of :mod:`beleidsgraaf.graph.analysis` (read from the
store once per graph version); entity properties and the timeline are read with named queries that bind the
request's values as parameters. Ids in paths and parameters are the slug ids of the records
(``dcterms:identifier``), also for public bodies with a TOOI IRI (``gemeente-hengelo``).
"""

from __future__ import annotations

import difflib
import itertools
import logging
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from beleidsgraaf.api.deps import get_store
from beleidsgraaf.errors import InvalidParameter, NotFound
from beleidsgraaf.graph import analysis, queries
from beleidsgraaf.graph.analysis import Edge, Entity, Event, Projection, Quote
from beleidsgraaf.graph.dates import NOTATION_HELP, parse_fuzzy_date
from beleidsgraaf.graph.records import MILESTONE_KINDS
from beleidsgraaf.graph.search import index_for, index_for_store
from beleidsgraaf.graph.store import GraphStore, literal
from beleidsgraaf.graph.store import iri as iri_binding
from beleidsgraaf.graph.vocab import Vocabulary
from beleidsgraaf.ontology import SKOS, XSD, ontology_graph

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["api"])

StoreDep = Annotated[GraphStore, Depends(get_store)]

MAX_ID = 200

_ID_DOC = "Id van de entiteit (slug), bijv. `ros-twente`. / The entity's id (slug), e.g. `ros-twente`."
IdPath = Annotated[str, Path(description=_ID_DOC, max_length=MAX_ID)]
DepthQuery = Annotated[int, Query(ge=1, le=50, description="Maximaal aantal stappen / maximum number of steps")]
#: Nodes and steps listed by default in a lineage or impact answer (a national hub reaches thousands).
WALK_LIMIT = 1000
WalkLimitQuery = Annotated[int, Query(ge=1, le=10_000, description=(
    "Maximaal aantal knopen en stappen (de dichtstbijzijnde eerst) / maximum number of nodes and steps "
    "(the nearest first)"))]


# --- shaping answers ----------------------------------------------------------------------------------------


def projection(store: GraphStore) -> Projection:
    """The projection of the store at its current version (see :mod:`beleidsgraaf.graph.analysis`).

    Raises:
        NotReady: a new version's projection is still being built after :data:`analysis.REQUEST_WAIT` seconds
            (503 with ``Retry-After``; the build goes on in the background).
    """
    return analysis.get_projection(store, analysis.REQUEST_WAIT)


def suggestions(proj: Projection, text: str, kinds: tuple[str, ...] = ()) -> list[str]:
    """The ids closest to ``text`` (by name and by id), optionally only entities of one of ``kinds``."""
    allowed = {iri for iri, e in proj.entities.items() if not kinds or any(proj.vocab.is_a(e.type, k) for k in kinds)}
    out = [proj.entities[h.entity].id for h in index_for(proj).search(text[:MAX_ID], allowed)[:5] if h.score >= 0.6]
    ids = sorted(proj.entities[i].id for i in allowed)
    out += difflib.get_close_matches(text[:MAX_ID], ids, n=5, cutoff=0.5)
    return list(dict.fromkeys(out))[:5]


def resolve(proj: Projection, ident: str, parameter: str = "id", kinds: tuple[str, ...] = ()) -> Entity:
    """The entity with slug ``ident`` (of one of the classes ``kinds`` when given).

    Raises:
        InvalidParameter: the id is longer than any id can be.
        NotFound: there is no such entity (or it is not of the asked kind); the closest ids are suggested.
    """
    if len(ident) > MAX_ID:
        raise InvalidParameter(parameter, f"langer dan {MAX_ID} tekens / longer than {MAX_ID} characters")
    iri = proj.by_id.get(ident)
    ent = proj.entities.get(iri) if iri else None
    if ent is None:
        raise NotFound(f"{parameter}: geen entiteit met id {ident!r} / no entity with id {ident!r}",
                       suggestions(proj, ident, kinds))
    if kinds and not any(proj.vocab.is_a(ent.type, k) for k in kinds):
        wanted = " / ".join(kinds)
        raise NotFound(f"{parameter}: {ident!r} is een {ent.type}, geen {wanted} / is a {ent.type}, not a {wanted}",
                       suggestions(proj, ident, kinds))
    return ent


def quote_json(proj: Projection, quote: Quote) -> dict[str, Any]:
    """A quote with its source document (id and label when it is an entity) and section."""
    src = proj.entities.get(quote.bron)
    return {
        "citaat": quote.citaat,
        "sectie": quote.sectie,
        "bron": {"id": src.id if src else None, "label": src.label_nl if src else quote.bron, "iri": quote.bron,
                 "page": src.page if src else None},
    }


def relation_json(proj: Projection, edge: Edge, *, seen_from: str | None = None) -> dict[str, Any]:
    """A sourced relation: its names in Dutch and English, both ends, and the quotes it rests on.

    With ``seen_from`` (an IRI), ``richting`` says whether the relation goes out of (``uit``) or into
    (``in``) that entity and ``ander`` is the other end.
    """
    term = proj.vocab.relations.get(edge.relation)
    out: dict[str, Any] = {
        "relatie": edge.relation,
        "relatie_nl": term.label_nl if term else edge.relation,
        "relatie_en": term.label_en if term else edge.relation,
        "van": proj.entities[edge.source].summary(proj.vocab),
        "naar": proj.entities[edge.target].summary(proj.vocab),
        "citaten": [quote_json(proj, q) for q in edge.quotes],
    }
    if seen_from is not None:
        out["richting"] = "uit" if edge.source == seen_from else "in"
        out["ander"] = out["naar"] if edge.source == seen_from else out["van"]
    return out


def event_json(proj: Projection, ev: Event) -> dict[str, Any]:
    """An adoption, funding, milestone or document date, with its date exactly as precise as the source."""
    by = proj.entities.get(ev.by) if ev.by else None
    return {
        "iri": ev.iri,
        "soort": ev.kind,
        "soort_mijlpaal": ev.milestone_kind,
        "datum": ev.notation,
        "precisie": ev.precision,
        "vroegst": ev.earliest.isoformat(),
        "laatst": ev.latest.isoformat(),
        "omschrijving": ev.description,
        "label": ev.label,
        "door": by.summary(proj.vocab) if by else None,
        "bedrag": ev.amount,
        "entiteit": proj.entities[ev.entity].summary(proj.vocab),
        "citaat": quote_json(proj, ev.quote) if ev.quote else None,
    }


def status_json(proj: Projection, ent: Entity) -> dict[str, Any] | None:
    """The status of an entity with its Dutch and English name and its quote."""
    if ent.status is None:
        return None
    iri = proj.vocab.statuses[ent.status]
    names = {str(lbl.language): str(lbl) for lbl in ontology_graph().objects(iri, SKOS.prefLabel)
             if hasattr(lbl, "language")}
    return {
        "waarde": ent.status,
        "nl": names.get("nl", ent.status),
        "en": names.get("en", ent.status),
        "citaat": quote_json(proj, ent.status_quote) if ent.status_quote else None,
    }


_SHOWN = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://purl.org/dc/terms/identifier", "https://w3id.org/beleidsgraaf/def#omschrijving",
}


_EVENT_LINKS = ("vaststelling", "financiering", "mijlpaal", "status", "bronGraaf")


def entity_properties(store: GraphStore, proj: Projection, ent: Entity) -> list[dict[str, Any]]:
    """The entity's remaining literal and non-relation properties (codes, source file, ...), from the store."""
    props = []
    relation_iris = {str(t.iri) for t in proj.vocab.relations.values()}
    for row in queries.run(store, "describe", {"e": iri_binding(ent.iri)}):
        p, o = row["p"].value, row["o"]
        if p in _SHOWN or p in relation_iris or (o.kind == "uri" and analysis.local(p) in _EVENT_LINKS):
            continue
        props.append({"eigenschap": p, "naam": analysis.local(p).rsplit("/", 1)[-1].rsplit("#", 1)[-1],
                      "waarde": o.value, "soort": o.kind, "taal": o.lang, "datatype": o.datatype})
    return sorted(props, key=lambda x: (x["naam"], x["waarde"]))


def entity_json(store: GraphStore, proj: Projection, ent: Entity) -> dict[str, Any]:
    """Everything the API says about one entity."""
    outgoing = [relation_json(proj, e, seen_from=ent.iri) for e in proj.out_edges(ent.iri)]
    incoming = [relation_json(proj, e, seen_from=ent.iri) for e in proj.in_edges(ent.iri)]
    events = [event_json(proj, ev) for ev in proj.events_of.get(ent.iri, [])]
    own_date = next((ev for ev in events if ev["soort"] == "datum"), None)
    lineage = proj.vocab.lineage

    def key(r: dict[str, Any]) -> tuple[bool, str, str]:   # lineage relations first
        return (r["relatie"] not in lineage, r["relatie"], r["ander"]["label"].casefold())

    return {
        **ent.summary(proj.vocab),
        "labels": {"nl": ent.label_nl, "en": ent.label_en},
        "alt": ent.alt,
        "omschrijving": ent.description,
        "status": status_json(proj, ent),
        "datum": own_date,
        "gebeurtenissen": [ev for ev in events if ev["soort"] != "datum"],
        "bedragen": [ev["bedrag"] | {"periode": ev["datum"] if ev["precisie"] == "periode" else None,
                                     "door": ev["door"], "citaat": ev["citaat"]}
                     for ev in events if ev["bedrag"]],
        "vermeldingen": [quote_json(proj, q) for q in ent.mentions],
        "eigenschappen": entity_properties(store, proj, ent),
        "relaties": {"uit": sorted(outgoing, key=key), "in": sorted(incoming, key=key)},
        "links": {
            "pagina": ent.page,
            "herkomst": f"/api/entities/{ent.id}/lineage",
            "impact": f"/api/entities/{ent.id}/impact",
            "netwerk": f"/viz/{ent.id}",
        },
    }


def _tree(proj: Projection, walk: analysis.Traversal, upstream: bool, limit: int = 500) -> dict[str, Any]:
    """The walk as a nested tree from the root (a node reached along several paths appears under each)."""
    children: dict[str, list[Edge]] = {}
    for e in walk.edges:
        parent = e.source if upstream else e.target
        children.setdefault(parent, []).append(e)
    count = 0

    def node(iri: str, via: Edge | None, path: frozenset[str]) -> dict[str, Any]:
        nonlocal count
        count += 1
        out: dict[str, Any] = {**proj.entities[iri].summary(proj.vocab)}
        if via is not None:
            term = proj.vocab.relations.get(via.relation)
            out["relatie"] = via.relation
            out["relatie_nl"] = term.label_nl if term else via.relation
            out["relatie_en"] = term.label_en if term else via.relation
            out["citaten"] = [quote_json(proj, q) for q in via.quotes]
        kids = []
        for e in sorted(children.get(iri, []), key=lambda e: (e.relation, e.target, e.source)):
            nxt = e.target if upstream else e.source
            if nxt in path or count >= limit:
                continue
            kids.append(node(nxt, e, path | {nxt}))
        out["kinderen"] = kids
        return out

    return node(walk.root, None, frozenset({walk.root}))


def walk_json(proj: Projection, ent: Entity, depth: int, upstream: bool, limit: int = WALK_LIMIT) -> dict[str, Any]:
    """Lineage (upstream) or impact (downstream) of an entity: nodes with their level, steps, and a tree.

    At most ``limit`` nodes (the nearest first) and the steps between them are listed: the impact of a national
    hub reaches thousands of documents, megabytes of JSON. ``totaal_knopen``/``totaal_stappen`` give the full
    counts and ``ingekort`` says whether the lists were cut.
    """
    walk = analysis.walk(proj, ent.iri, upstream=upstream, depth=depth)
    nodes = sorted(walk.levels.items(), key=lambda x: (x[1], proj.entities[x[0]].label_nl.casefold()))
    kept = {i for i, _lvl in nodes[:limit]}
    steps = [e for e in walk.edges if e.source in kept and e.target in kept][:limit]
    return {
        "entiteit": ent.summary(proj.vocab),
        "richting": "herkomst" if upstream else "impact",
        "diepte": depth,
        "afgekapt": walk.truncated,
        "relaties": sorted(proj.vocab.lineage),
        "totaal_knopen": len(nodes),
        "totaal_stappen": len(walk.edges),
        "ingekort": len(nodes) > limit or len(steps) < len(walk.edges),
        "knopen": [{**proj.entities[i].summary(proj.vocab), "niveau": lvl} for i, lvl in nodes[:limit]],
        "stappen": [relation_json(proj, e) for e in steps],
        "boom": _tree(proj, walk, upstream),
    }


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """A page of ``items`` with the total count."""
    return {"totaal": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}


# --- routes -------------------------------------------------------------------------------------------------


@router.get(
    "/search",
    summary="Zoeken op naam / search by name",
    description=(
        "Zoek entiteiten op naam, Engelse naam, variant of afkorting: hoofdletter-, accent- en ĳ/ij-ongevoelig, "
        "met voorvoegsels ('omgevings') en tikfouten ('omgevingsvsie'), gerangschikt op relevantie, met filters "
        "en paginering. Zonder `q` worden alle entiteiten (na filters) op naam getoond.\n\n"
        "Search entities by label, English label, variant or acronym: case-, accent- and ĳ/ij-insensitive, "
        "prefix- and typo-tolerant, ranked, with filters and pagination. Without `q`, every entity (after the "
        "filters) is listed by name."
    ),
)
def search(
    store: StoreDep,
    q: Annotated[str, Query(max_length=200, description="Zoektekst / search text, e.g. `RSIA`, `Hart van Zuid`")]
    = "",
    type: Annotated[str | None, Query(
        max_length=100, description="Klasse of grof type / class or coarse type: `Programma`, `document`, `gebied`")]
    = None,
    theme: Annotated[str | None, Query(max_length=MAX_ID, description="Alleen onder deze opgave of dit onderwerp "
                                       "(id) / only under this theme or topic (id)")] = None,
    area: Annotated[str | None, Query(max_length=MAX_ID, description="Alleen wat dit gebied (of een deelgebied) "
                                      "betreft (id) / only what concerns this area or an area within it")] = None,
    organisation: Annotated[str | None, Query(max_length=MAX_ID, description="Alleen waarin deze organisatie een "
                                              "rol heeft (id) / only where this organisation has a role")] = None,
    year: Annotated[int | None, Query(ge=1000, le=9999, description="Alleen met een datum of gebeurtenis in dit "
                                      "jaar / only with a date or event in this year")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Aantal resultaten / page size")] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000, description="Eerste resultaat / first result")] = 0,
) -> dict[str, Any]:
    """Ranked, filtered, paginated search over the names of the entities.

    The names come from the search index (two queries per graph version); only the theme, area,
    organisation and year filters need the projection of the whole graph.

    Raises:
        InvalidParameter: ``type`` is not a class or coarse type of the ontology.
        NotFound: a filter names an unknown theme, area or organisation.
    """
    index = index_for_store(store, analysis.REQUEST_WAIT)
    entities, vocab = index.entities, index.vocab
    allowed: set[str] = set(entities)
    if type is not None:
        wanted = _type_filter(vocab, type)
        allowed = {i for i in allowed if wanted(entities[i])}
    if theme is not None or area is not None or organisation is not None or year is not None:
        allowed &= _relation_filters(projection(store), theme, area, organisation, year)
    # only the asked page is turned into JSON (a common word matches thousands of names in a national graph)
    if q.strip():
        hits = index.search(q, frozenset(allowed))
        items = [{**entities[h.entity].summary(vocab), "score": h.score, "gevonden_in": h.name,
                  "soort_naam": h.kind} for h in hits[offset:offset + limit]]
        total = len(hits)
    else:
        ents = sorted((entities[i] for i in allowed), key=lambda e: (e.label_nl.casefold(), e.id))
        items = [e.summary(vocab) for e in ents[offset:offset + limit]]
        total = len(ents)
    return {"q": q, "totaal": total, "limit": limit, "offset": offset, "items": items}


def _relation_filters(proj: Projection, theme: str | None, area: str | None, organisation: str | None,
                      year: int | None) -> set[str]:
    """The entities that pass the search filters that need the projection (theme, area, organisation, year).

    Raises:
        NotFound: a filter names an unknown theme, area or organisation.
    """
    allowed: set[str] = set(proj.entities)
    if theme is not None:
        allowed &= analysis.members_of(proj, resolve(proj, theme, "theme", ("Opgave", "Onderwerp")).iri)
    if area is not None:
        allowed &= analysis.concerning_area(proj, resolve(proj, area, "area", ("Gebied",)).iri)
    if organisation is not None:
        org = resolve(proj, organisation, "organisation", ("Organisatie",))
        allowed &= analysis.involving_organisation(proj, org.iri)
    if year is not None:
        years = proj.years_of()
        allowed = {i for i in allowed if year in years.get(i, ())}
    return allowed


def _type_filter(vocab: Vocabulary, wanted: str) -> Callable[[Entity], bool]:
    """A test for entities of class ``wanted`` (or a subclass) or of coarse type ``wanted``.

    Raises:
        InvalidParameter: ``wanted`` is neither a class nor a coarse type of the ontology.
    """
    classes = {name.casefold(): name for name in vocab.segments}
    segments = set(vocab.segments.values())
    if wanted.casefold() in classes:
        cls = classes[wanted.casefold()]
        return lambda e: vocab.is_a(e.type, cls)
    if wanted in segments:
        return lambda e: e.segment == wanted
    close = difflib.get_close_matches(wanted, [*vocab.segments, *sorted(segments)], n=3, cutoff=0.5)
    hint = f" (bedoelde u / did you mean {', '.join(close)}?)" if close else ""
    raise InvalidParameter("type", f"onbekend type {wanted!r} / unknown type{hint}; kies een klasse of een van / "
                                   f"choose a class or one of {', '.join(sorted(segments))}")


@router.get(
    "/entities/{id}",
    summary="Alles over één entiteit / everything about one entity",
    description=(
        "Type, namen, datums, status, bedragen en elke inkomende en uitgaande relatie met de naam en het type van "
        "de andere entiteit, de naam van de relatie (nl/en) en de bron, sectie en het letterlijke citaat.\n\n"
        "Type, labels, dates, status, amounts, and every incoming and outgoing relation with the other entity's "
        "label and type, the relation's Dutch and English name, and the source, section and verbatim quote."
    ),
)
def entity(store: StoreDep, id: IdPath) -> dict[str, Any]:
    """One entity with its relations and their sources.

    Raises:
        NotFound: there is no entity with this id (the closest ids are suggested).
    """
    proj = projection(store)
    return entity_json(store, proj, resolve(proj, id))


@router.get(
    "/entities/{id}/lineage",
    summary="Waarop bouwt dit voort? / what does it build on?",
    description=(
        "Herkomst: waar de entiteit (transitief) een uitwerking van is, op voortbouwt, deel van uitmaakt of "
        "uitvoering aan geeft, als DAG (`knopen`, `stappen`) en als boom (`boom`), met relatie en citaat per stap."
        "\n\nLineage: what the entity (transitively) elaborates, builds on, is part of or implements, as a DAG "
        "and as a tree, with the relation and the quote at each step."
    ),
)
def lineage(store: StoreDep, id: IdPath, depth: DepthQuery = 10, limit: WalkLimitQuery = WALK_LIMIT
            ) -> dict[str, Any]:
    """What the entity builds on, transitively.

    Raises:
        NotFound: there is no entity with this id.
    """
    return _walk_route(store, id, depth, limit, upstream=True)


@router.get(
    "/entities/{id}/impact",
    summary="Wat hangt hiervan af? / what depends on it?",
    description=(
        "Impact: alles wat (transitief) een uitwerking is van, voortbouwt op, deel uitmaakt van of uitvoering "
        "geeft aan deze entiteit, met relatie en citaat per stap.\n\nImpact: everything that transitively "
        "elaborates, builds on, is part of or implements this entity, with the relation and quote at each step."
    ),
)
def impact(store: StoreDep, id: IdPath, depth: DepthQuery = 10, limit: WalkLimitQuery = WALK_LIMIT
           ) -> dict[str, Any]:
    """What depends on the entity, transitively.

    Raises:
        NotFound: there is no entity with this id.
    """
    return _walk_route(store, id, depth, limit, upstream=False)


def _walk_route(store: GraphStore, ident: str, depth: int, limit: int, *, upstream: bool) -> dict[str, Any]:
    """The answer of the lineage (``upstream``) and impact routes.

    Raises:
        NotFound: there is no entity with this id.
    """
    proj = projection(store)
    return walk_json(proj, resolve(proj, ident), depth, upstream, limit)


@router.get(
    "/path",
    summary="Hoe hangen twee entiteiten samen? / how are two entities connected?",
    description=(
        "De kortste keten(s) van relaties (in beide richtingen) tussen twee entiteiten, met citaten.\n\n"
        "The shortest chain(s) of relations (either direction) between two entities, with quotes."
    ),
)
def path(
    store: StoreDep,
    from_: Annotated[str, Query(alias="from", max_length=MAX_ID, description="Id van het begin / start id")],
    to: Annotated[str, Query(max_length=MAX_ID, description="Id van het einde / end id")],
    limit: Annotated[int, Query(ge=1, le=20, description="Maximaal aantal paden / maximum number of paths")] = 5,
    exclude: Annotated[str | None, Query(max_length=2000, description=(
        "Niet via deze entiteiten (ids, met komma's), bijv. `gemeente-hengelo` / not through these entities "
        "(comma-separated ids), e.g. a hub such as `gemeente-hengelo`"))] = None,
) -> dict[str, Any]:
    """Shortest chains of relations between two entities.

    Raises:
        NotFound: ``from``, ``to`` or an id in ``exclude`` is not the id of an entity.
    """
    proj = projection(store)
    start, end = resolve(proj, from_, "from"), resolve(proj, to, "to")
    avoid = frozenset(resolve(proj, x.strip(), "exclude").iri for x in (exclude or "").split(",") if x.strip())
    paths = []
    for p in analysis.shortest_paths(proj, start.iri, end.iri, limit=limit, avoid=avoid):
        steps = []
        for a, b in itertools.pairwise(p):
            rels = []
            for edge, direction in analysis.edges_between(proj, a, b):
                rel = relation_json(proj, edge)
                rel["richting"] = direction
                rels.append(rel)
            steps.append({"van": proj.entities[a].summary(proj.vocab), "naar": proj.entities[b].summary(proj.vocab),
                          "relaties": rels})
        paths.append({"knopen": [proj.entities[n].summary(proj.vocab) for n in p], "stappen": steps})
    return {"van": start.summary(proj.vocab), "naar": end.summary(proj.vocab),
            "lengte": len(paths[0]["stappen"]) if paths else None, "paden": paths}


@router.get(
    "/themes/{id}",
    summary="Wat valt onder een opgave of onderwerp? / what falls under a theme or topic?",
    description=(
        "Alles wat onder de strategische opgave of het onderwerp valt, eraan bijdraagt of erover gaat, plus wat "
        "daar (transitief) deel van uitmaakt, uitvoering aan geeft of een uitwerking van is (`via`).\n\n"
        "Everything that falls under, contributes to or addresses the theme or topic, plus what is (transitively) "
        "part of, implements or elaborates those (`via`)."
    ),
)
def theme(
    store: StoreDep,
    id: IdPath,
    limit: Annotated[int, Query(ge=1, le=1000, description="Aantal / page size")] = 200,
    offset: Annotated[int, Query(ge=0, le=100_000, description="Eerste / first")] = 0,
) -> dict[str, Any]:
    """What falls under a theme or topic.

    Raises:
        NotFound: there is no theme or topic with this id.
    """
    proj = projection(store)
    th = resolve(proj, id, "id", ("Opgave", "Onderwerp"))
    items = []
    for member, edge in analysis.theme_members(proj, th.iri):
        rel = relation_json(proj, edge)
        items.append({**proj.entities[member].summary(proj.vocab), "relatie": rel["relatie"],
                      "relatie_nl": rel["relatie_nl"], "relatie_en": rel["relatie_en"],
                      "via": rel["van"] if member != edge.source else None, "citaten": rel["citaten"]})
    return {"thema": th.summary(proj.vocab), **page(items, limit, offset)}


@router.get(
    "/areas/{id}",
    summary="Wat speelt er in een gebied? / what concerns an area?",
    description=(
        "Alles met een relatie naar het gebied of een gebied daarbinnen (`deelgebieden`, via 'ligt in'), met "
        "citaten.\n\nEverything with a relation to the area or to an area within it (`deelgebieden`, via "
        "'located in'), with quotes."
    ),
)
def area(
    store: StoreDep,
    id: IdPath,
    limit: Annotated[int, Query(ge=1, le=1000, description="Aantal / page size")] = 200,
    offset: Annotated[int, Query(ge=0, le=100_000, description="Eerste / first")] = 0,
) -> dict[str, Any]:
    """What concerns an area, including the areas within it.

    Raises:
        NotFound: there is no area with this id.
    """
    proj = projection(store)
    ar = resolve(proj, id, "id", ("Gebied",))
    subs = analysis.sub_areas(proj, ar.iri)
    items = [{**relation_json(proj, e), "gebied": proj.entities[e.target].summary(proj.vocab)}
             for e in analysis.area_members(proj, ar.iri)]
    return {
        "gebied": ar.summary(proj.vocab),
        "deelgebieden": [{**proj.entities[s].summary(proj.vocab), "ligt_in": proj.entities[p].id}
                         for s, p in subs.items() if p is not None],
        **page(items, limit, offset),
    }


@router.get(
    "/organisations/{id}",
    summary="Wat doet een organisatie? / what does an organisation do?",
    description=(
        "Wat de organisatie (of een onderdeel ervan, zoals de gemeenteraad) heeft opgesteld (`opgesteld`), "
        "vastgesteld (`vastgesteld`), financiert (`financiert`) en waaraan ze deelneemt (`neemtDeel`), en de "
        "leden van een samenwerkingsverband (`leden`), met citaten.\n\nWhat the organisation (or one of its "
        "units, such as the council) drew up, adopted, funds and takes part in, and the members of a "
        "partnership, with quotes."
    ),
)
def organisation(store: StoreDep, id: IdPath) -> dict[str, Any]:
    """The roles of an organisation and its units.

    Raises:
        NotFound: there is no organisation with this id.
    """
    proj = projection(store)
    org = resolve(proj, id, "id", ("Organisatie",))
    units = analysis.organisation_units(proj, org.iri)
    roles: dict[str, list[dict[str, Any]]] = {}
    for role, edges in analysis.organisation_roles(proj, org.iri).items():
        out = []
        for e in edges:
            own_end = e.target if e.target in units else e.source
            rel = relation_json(proj, e, seen_from=own_end)
            rel["via"] = proj.entities[own_end].summary(proj.vocab) if own_end != org.iri else None
            out.append(rel)
        roles[role] = out
    return {
        "organisatie": org.summary(proj.vocab),
        "onderdelen": [proj.entities[u].summary(proj.vocab) for u in units if u != org.iri],
        "rollen": roles,
    }


def _bound(parameter: str, text: str | None, *, end: bool) -> str:
    """The first (or last) day a date parameter may mean, as ISO text.

    Raises:
        InvalidParameter: the text is not a date notation.
    """
    if text is None or not text.strip():
        return "9999-12-31" if end else "0001-01-01"
    try:
        d = parse_fuzzy_date(text.strip())
    except ValueError as exc:
        raise InvalidParameter(parameter, f"{str(exc)[:200]}; {NOTATION_HELP}") from None
    return (d.latest if end else d.earliest).isoformat()


@router.get(
    "/timeline",
    summary="Wat gebeurt wanneer? / what happens when?",
    description=(
        f"Vaststellingen, financieringen, mijlpalen ({', '.join(MILESTONE_KINDS)}) en "
        "documentdatums waarvan de periode overlapt met [`from`, `to`], op volgorde. Onnauwkeurige datums blijven "
        "onnauwkeurig (`2025-Q2`, `precisie`) en staan op hun eerste mogelijke dag, de ruimste eerst.\n\n"
        "Adoptions, fundings, milestones and document dates whose interval overlaps [`from`, `to`], in order. "
        "Imprecise dates stay imprecise and sort by the first day they may mean, the widest first."
    ),
)
def timeline(
    store: StoreDep,
    from_: Annotated[str | None, Query(alias="from", max_length=40, description=f"Vanaf / from: {NOTATION_HELP}")]
    = None,
    to: Annotated[str | None, Query(max_length=40, description=f"Tot en met / up to: {NOTATION_HELP}")] = None,
    kind: Annotated[str | None, Query(max_length=40, description=(
        "Alleen deze soort / only this kind: vaststelling, financiering, mijlpaal, datum, or a milestone kind "
        f"({', '.join(MILESTONE_KINDS)})"))] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Aantal / page size")] = 200,
    offset: Annotated[int, Query(ge=0, le=100_000, description="Eerste / first")] = 0,
) -> dict[str, Any]:
    """Dated things in order.

    Raises:
        InvalidParameter: ``from``/``to`` is not a date notation, ``from`` is after ``to``, or ``kind`` is unknown.
    """
    start, end = _bound("from", from_, end=False), _bound("to", to, end=True)
    if start > end:
        raise InvalidParameter("from", f"{from_!r} ligt na / is after to={to!r}")
    kinds = {*analysis.EVENT_KINDS.values(), *MILESTONE_KINDS}
    if kind is not None and kind not in kinds:
        raise InvalidParameter("kind", f"onbekende soort / unknown kind {kind!r}; "
                                       f"kies / choose {', '.join(sorted(kinds))}")
    proj = projection(store)
    rows = queries.run(store, "timeline", {"from": literal(start, datatype=str(XSD.date)),
                                           "to": literal(end, datatype=str(XSD.date))})
    found: dict[str, Event] = {}
    for row in rows:
        ev_iri = row["ev"].value
        for key in (ev_iri, ev_iri + "#datum"):
            ev = proj.events.get(key)
            if ev is not None:
                found[key] = ev
    events = sorted(found.values(), key=lambda ev: (*ev.sort_key()[:2], proj.entities[ev.entity].label_nl))
    if kind is not None:
        events = [ev for ev in events if kind in (ev.kind, ev.milestone_kind)]
    return {"from": from_, "to": to, "vroegst": start, "laatst": end,
            **page([event_json(proj, ev) for ev in events], limit, offset)}


@router.get(
    "/stats",
    summary="Cijfers en centrale documenten / counts and central documents",
    description=(
        "Aantallen per type en per relatie, de meest verbonden en meest centrale documenten (graad, "
        "betweenness, PageRank) en de documenten die het web bijeenhouden (scharnierpunten en bruggen). "
        "Berekend met networkx, één keer per versie van de graaf; bij een grote (landelijke) graaf is betweenness "
        "een schatting uit een vaste steekproef van `betweenness_steekproef` knopen (anders `null`: exact).\n\n"
        "Counts per type and relation, the most connected and most central documents (degree, betweenness, "
        "PageRank), and the documents that hold the web together (articulation points and bridges). Computed "
        "with networkx once per graph version; on a large (national) graph betweenness is estimated from a fixed "
        "sample of `betweenness_steekproef` nodes (else `null`: exact)."
    ),
)
def stats(
    store: StoreDep,
    top: Annotated[int, Query(ge=1, le=100, description="Lengte van de ranglijsten / length of the rankings")] = 10,
) -> dict[str, Any]:
    """Counts, centralities and the structural holes of the network (the answer is kept per version)."""
    proj = projection(store)
    return proj.lazy(f"stats-json:{top}", lambda: _stats_json(proj, top))


def _stats_json(proj: Projection, top: int) -> dict[str, Any]:
    st = analysis.stats(proj)
    docs = [i for i in proj.entities if analysis.is_document(proj, i)]

    def ranking(values: dict[str, float] | dict[str, int], key: str) -> list[dict[str, Any]]:
        ordered = sorted(docs, key=lambda i: (-values.get(i, 0), proj.entities[i].label_nl))[:top]
        return [{**proj.entities[i].summary(proj.vocab), key: round(float(values.get(i, 0)), 6)} for i in ordered]

    def type_row(name: str, n: int) -> dict[str, Any]:
        term = proj.vocab.classes.get(name)
        return {"type": name, "type_nl": term.label_nl if term else name, "type_en": term.label_en if term else name,
                "aantal": n}

    def rel_row(name: str, n: int) -> dict[str, Any]:
        term = proj.vocab.relations.get(name)
        return {"relatie": name, "relatie_nl": term.label_nl if term else name,
                "relatie_en": term.label_en if term else name, "aantal": n}

    doc_set = set(docs)
    return {
        "versie": proj.version,
        "entiteiten": len(proj.entities),
        "relaties": len(proj.edges),
        "gebeurtenissen": len({ev.iri for ev in proj.events.values() if ev.kind != "datum"}),
        "componenten": st.components,
        "betweenness_steekproef": st.betweenness_sample,
        "per_type": [type_row(k, v) for k, v in st.types.items()],
        "per_relatie": [rel_row(k, v) for k, v in st.relations.items()],
        "meest_verbonden": ranking(st.degree, "graad"),
        "meest_centraal": ranking(st.betweenness, "betweenness"),
        "pagerank": ranking(st.pagerank, "pagerank"),
        "verbindende_documenten": [
            {**proj.entities[i].summary(proj.vocab), "graad": st.degree.get(i, 0)}
            for i in sorted(st.articulation_points, key=lambda i: -st.degree.get(i, 0)) if i in doc_set],
        "scharnierpunten": [proj.entities[i].id for i in st.articulation_points],
        "bruggen": [{"van": proj.entities[a].summary(proj.vocab), "naar": proj.entities[b].summary(proj.vocab)}
                    for a, b in st.bridges if a in doc_set or b in doc_set],
    }
