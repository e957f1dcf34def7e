"""The projection for analysis: built once per graph version, rebuilt after an update; walks and statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from beleidsgraaf.graph import analysis
from beleidsgraaf.graph.analysis import Edge, Entity, Projection, Quote
from beleidsgraaf.graph.store import EmbeddedStore
from beleidsgraaf.graph.vocab import vocabulary
from tests.conftest import BASE

ROS = f"{BASE}/id/document/ros-twente"
RSIA = f"{BASE}/id/document/rsia"


def synthetic(edges: list[tuple[str, str, str]], version: str = "v1") -> Projection:
    """A projection of documents a, b, c, ... with the given (source, relation, target) edges."""
    names = sorted({n for s, _r, t in edges for n in (s, t)})
    entities = {f"urn:{n}": Entity(f"urn:{n}", n, "Nota", "document", n.upper()) for n in names}
    q = Quote("citaat", "urn:bron", "sectie")
    return Projection(version, entities, [Edge(f"urn:{s}", r, f"urn:{t}", (q,)) for s, r, t in edges], [], vocabulary())


def test_projection_is_built_once_per_version(hengelo_store: EmbeddedStore) -> None:
    first = analysis.get_projection(hengelo_store)
    builds = analysis.projection_builds()
    again = analysis.get_projection(hengelo_store)
    assert again is first
    assert analysis.projection_builds() == builds
    assert analysis.stats(first) is analysis.stats(again)   # derived results are kept with the version


def test_projection_is_rebuilt_after_an_update(store_copy: Path) -> None:
    store = EmbeddedStore(store_copy)
    before = analysis.get_projection(store)
    assert (ROS, "verwijstNaar", RSIA) not in {(e.source, e.relation, e.target) for e in before.edges}
    store.update(f"PREFIX bg: <https://w3id.org/beleidsgraaf/def#> INSERT DATA {{ GRAPH <{BASE}/graph/t> "
                 f"{{ <{ROS}> bg:verwijstNaar <{RSIA}> }} }}")
    after = analysis.get_projection(store)
    assert after is not before and after.version != before.version
    assert (ROS, "verwijstNaar", RSIA) in {(e.source, e.relation, e.target) for e in after.edges}
    assert analysis.get_projection(store) is after


def test_projection_of_hengelo(hengelo_store: EmbeddedStore) -> None:
    proj = analysis.get_projection(hengelo_store)
    ros = proj.entities[proj.by_id["ros-twente"]]
    assert ros.type == "Strategie" and ros.segment == "document" and "ROS Twente" in ros.alt
    assert ros.mentions and ros.status == "in-voorbereiding"
    edge = next(e for e in proj.out_edges(ROS, ["isUitwerkingVan"]) if e.target == RSIA)
    assert edge.quotes and "uitwerking" in edge.quotes[0].citaat
    hengelo = proj.entities[proj.by_id["gemeente-hengelo"]]
    assert hengelo.iri.startswith("https://identifier.overheid.nl/tooi/") and hengelo.segment == "organisatie"
    funding = [ev for ev in proj.events_of[proj.by_id["routekaart-verduurzamen-maatschappelijk-vastgoed"]]
               if ev.kind == "financiering"]
    assert funding and funding[0].amount == {"soort": "exact", "bedrag": 10_000_000.0, "valuta": "EUR"}
    assert list(funding[0].years()) == [2024, 2025, 2026, 2027]


def test_walk_upstream_downstream_and_depth() -> None:
    proj = synthetic([("a", "isUitwerkingVan", "b"), ("b", "maaktDeelUitVan", "c"), ("c", "bouwtVoortOp", "d"),
                      ("a", "verwijstNaar", "e"), ("x", "geeftUitvoeringAan", "a")])
    up = analysis.walk(proj, "urn:a", upstream=True, depth=10)
    assert up.levels == {"urn:a": 0, "urn:b": 1, "urn:c": 2, "urn:d": 3}   # verwijstNaar is no lineage
    assert not up.truncated
    short = analysis.walk(proj, "urn:a", upstream=True, depth=2)
    assert set(short.levels) == {"urn:a", "urn:b", "urn:c"} and short.truncated
    down = analysis.walk(proj, "urn:d", upstream=False, depth=10)
    assert set(down.levels) == {"urn:d", "urn:c", "urn:b", "urn:a", "urn:x"}


def test_walk_survives_cycles_and_returns_a_dag_of_steps() -> None:
    proj = synthetic([("a", "bouwtVoortOp", "b"), ("b", "bouwtVoortOp", "a"), ("a", "bouwtVoortOp", "c"),
                      ("b", "bouwtVoortOp", "c")])
    up = analysis.walk(proj, "urn:a", upstream=True, depth=10)
    assert up.levels == {"urn:a": 0, "urn:b": 1, "urn:c": 1}
    assert len(up.edges) == 4


def test_overviews_on_a_synthetic_graph() -> None:
    proj = synthetic([("p", "valtOnder", "t"), ("q", "maaktDeelUitVan", "p"), ("r", "betreftGebied", "sub"),
                      ("sub", "ligtIn", "area"), ("doc", "opgesteldDoor", "raad"), ("raad", "isOnderdeelVan", "gem")])
    for n in ("t",):
        proj.entities[f"urn:{n}"].type = "Opgave"
    for n in ("sub", "area"):
        proj.entities[f"urn:{n}"].type = "Gebied"
    members = {m for m, _e in analysis.theme_members(proj, "urn:t")}
    assert members == {"urn:p", "urn:q"}
    assert set(analysis.sub_areas(proj, "urn:area")) == {"urn:area", "urn:sub"}
    assert [(e.source, e.target) for e in analysis.area_members(proj, "urn:area")] == [("urn:r", "urn:sub")]
    roles = analysis.organisation_roles(proj, "urn:gem")
    assert [(e.source, e.target) for e in roles["opgesteld"]] == [("urn:doc", "urn:raad")]


def test_shortest_paths_go_both_ways() -> None:
    proj = synthetic([("a", "isUitwerkingVan", "b"), ("c", "isUitwerkingVan", "b"), ("c", "verwijstNaar", "d")])
    assert analysis.shortest_paths(proj, "urn:a", "urn:d") == [["urn:a", "urn:b", "urn:c", "urn:d"]]
    assert analysis.edges_between(proj, "urn:b", "urn:a")[0][1] == "terug"
    lonely = synthetic([("a", "verwijstNaar", "b"), ("c", "verwijstNaar", "d")])
    assert analysis.shortest_paths(lonely, "urn:a", "urn:d") == []


def test_stats_find_articulation_points_and_bridges() -> None:
    proj = synthetic([("a", "verwijstNaar", "b"), ("b", "verwijstNaar", "c"), ("c", "verwijstNaar", "a"),
                      ("c", "verwijstNaar", "d"), ("d", "verwijstNaar", "e")])
    st = analysis.stats(proj)
    assert st.articulation_points == ["urn:c", "urn:d"]
    assert st.bridges == [("urn:c", "urn:d"), ("urn:d", "urn:e")]
    assert st.degree["urn:c"] == 3 and st.components == 1
    assert max(st.betweenness, key=lambda k: st.betweenness[k]) == "urn:c"
    assert st.relations == {"verwijstNaar": 5}


def test_pagerank_matches_networkx() -> None:
    pytest.importorskip("scipy")
    g: nx.DiGraph[str] = nx.gnp_random_graph(40, 0.08, seed=3, directed=True)  # type: ignore[assignment]
    ours = analysis.pagerank(g)
    theirs = nx.pagerank(g, tol=1e-12)
    assert ours.keys() == theirs.keys()
    assert all(abs(ours[k] - theirs[k]) < 1e-8 for k in ours)


def test_pagerank_without_scipy_on_known_graphs() -> None:
    cycle: nx.DiGraph[int] = nx.cycle_graph(4, create_using=nx.DiGraph)
    assert all(abs(v - 0.25) < 1e-9 for v in analysis.pagerank(cycle).values())
    star: nx.DiGraph[int] = nx.DiGraph([(1, 0), (2, 0), (3, 0)])
    ranks = analysis.pagerank(star)
    assert abs(sum(ranks.values()) - 1) < 1e-9 and ranks[0] > ranks[1] == ranks[2] == ranks[3]


def test_a_slow_result_does_not_hold_up_another() -> None:
    """Each lazily computed result has its own lock: search is not blocked by the statistics being computed."""
    import threading

    proj = synthetic([("a", "verwijstNaar", "b")])
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(10)
        return "slow"

    worker = threading.Thread(target=proj.lazy, args=("stats", slow))
    worker.start()
    try:
        assert started.wait(30)
        assert proj.lazy("search-index", lambda: "fast") == "fast"
        assert not release.is_set() and proj.cached("stats") == 0   # the slow one is still being computed
    finally:
        release.set()
        worker.join()
    assert proj.lazy("stats", lambda: "again") == "slow"   # computed once; the second factory is not called


def test_betweenness_is_exact_when_small_and_sampled_when_large(monkeypatch: pytest.MonkeyPatch) -> None:
    assert analysis.betweenness_sample_size(250, 700) is None          # a municipality: exact
    national = analysis.betweenness_sample_size(8_500, 30_000)        # 1 M triples: a fixed sample
    assert national is not None and analysis.BETWEENNESS_MIN_SAMPLE <= national < 100
    chain = [(c, "verwijstNaar", d) for c, d in zip("abcdefghij", "bcdefghijk", strict=True)]
    assert analysis.stats(synthetic(chain)).betweenness_sample is None
    monkeypatch.setattr(analysis, "BETWEENNESS_BUDGET", 10)
    monkeypatch.setattr(analysis, "BETWEENNESS_MIN_SAMPLE", 4)
    first, second = analysis.stats(synthetic(chain)), analysis.stats(synthetic(chain))
    assert first.betweenness_sample == 4
    assert first.betweenness == second.betweenness                     # seeded: the same on every run
    assert set(first.betweenness) == {f"urn:{c}" for c in "abcdefghijk"}


def test_a_new_version_is_built_in_the_background_and_waiters_share_the_build() -> None:
    """A caller that may wait only briefly gets NotReady (503 + Retry-After in the API), never a hang."""
    import threading

    from beleidsgraaf.errors import NotReady

    class Store:
        version = "v1"

    release = threading.Event()
    calls: list[str] = []

    def factory(store: object) -> Projection:
        calls.append("build")
        release.wait(10)
        return synthetic([("a", "verwijstNaar", "b")])

    cache: analysis.VersionCache[Projection] = analysis.VersionCache(factory)
    store = Store()
    with pytest.raises(NotReady) as info:
        cache.get(store, wait=0)  # type: ignore[arg-type]
    assert info.value.retry_after == analysis.RETRY_AFTER and "being built" in str(info.value)
    with pytest.raises(NotReady):
        cache.get(store, wait=0)  # type: ignore[arg-type]   # the same build, not a second one
    release.set()
    proj = cache.get(store)  # type: ignore[arg-type]
    assert cache.get(store, wait=0) is proj  # type: ignore[arg-type]
    assert calls == ["build"] and cache.builds == 1


def test_a_failed_build_reaches_the_caller_and_is_retried() -> None:
    from beleidsgraaf.errors import StoreError

    class Store:
        version = "v1"

    attempts: list[int] = []

    def factory(store: object) -> Projection:
        attempts.append(1)
        if len(attempts) == 1:
            raise StoreError("cannot read the store")
        return synthetic([("a", "verwijstNaar", "b")])

    cache: analysis.VersionCache[Projection] = analysis.VersionCache(factory)
    with pytest.raises(StoreError, match="cannot read"):
        cache.get(Store())  # type: ignore[arg-type]
    store = Store()
    assert cache.get(store).version == "v1" and len(attempts) == 2  # type: ignore[arg-type]


class _GraphSpy:
    """A store that records the graphs bound to ?g (one source graph at a time)."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store, self.graphs = store, []  # type: ignore[var-annotated]

    @property
    def version(self) -> str:
        return self.store.version + ".spy"

    def select(self, sparql: str, bindings: Any = None) -> Any:
        if bindings and "g" in bindings:
            self.graphs.append(bindings["g"].value)
        return self.store.select(sparql, bindings)

    def ask(self, sparql: str, bindings: Any = None) -> bool:
        return self.store.ask(sparql, bindings)


def _snapshot(proj: Projection) -> tuple[Any, ...]:
    ents = {i: (e.id, e.type, e.label_nl, e.label_en, e.alt, e.description, e.status, e.status_quote,
                sorted(e.mentions, key=lambda q: (q.bron, q.sectie, q.citaat))) for i, e in proj.entities.items()}
    return ents, proj.edges, proj.events


@pytest.mark.parametrize("graph", ["hengelo", "national-10k"])
def test_reading_one_source_graph_at_a_time_gives_the_same_projection(
        graph: str, hengelo_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a national graph claims and events are read per source graph (no whole-country query for the engine's
    time limit); the projection is the same as from the whole-graph queries."""
    if graph == "hengelo":
        store = hengelo_store
    else:
        from benchmarks import generate as gen

        store = EmbeddedStore(None)
        store.load_nquads("".join(gen.generate(10_000)).encode())
    whole_spy = _GraphSpy(store)
    whole = analysis.build_projection(whole_spy)  # type: ignore[arg-type]
    assert whole_spy.graphs == []                                    # small: the whole-graph queries
    monkeypatch.setattr(analysis, "PER_GRAPH_ABOVE", 0)
    spy = _GraphSpy(store)
    per_graph = analysis.build_projection(spy)  # type: ignore[arg-type]
    assert len(spy.graphs) == 2 * len(set(spy.graphs))                 # claims and events, once per graph
    assert len(set(spy.graphs)) >= (1 if graph == "hengelo" else 5)   # Hengelo has one source, 10k six
    assert _snapshot(per_graph) == _snapshot(whole)
    assert per_graph.edges and per_graph.events


def test_a_built_value_is_kept_out_of_full_garbage_collections() -> None:
    """Its objects are frozen (full collections skip them); the value a newer version replaces is freed."""
    import gc
    import weakref

    class Store:
        version = "v1"

    def factory(store: object) -> Projection:
        edges = [(f"n{i}", "verwijstNaar", f"n{i + 1}") for i in range(2000)]
        return synthetic(edges, version=Store.version)

    cache: analysis.VersionCache[Projection] = analysis.VersionCache(factory)
    store = Store()
    try:
        first = cache.get(store)  # type: ignore[arg-type]
        assert gc.get_freeze_count() > 2000, "the projection's objects are in the permanent generation"
        old = weakref.ref(first)
        del first
        Store.version = "v2"
        second = cache.get(store)  # type: ignore[arg-type]
        assert second.version == "v2"
        assert old() is None, "the replaced projection was freed, not kept frozen"
    finally:
        gc.unfreeze()
