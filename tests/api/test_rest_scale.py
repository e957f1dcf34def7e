"""The JSON API on a generated national graph (benchmarks/generate.py, about 10 k triples).

What keeps the API usable at national scale, shown as behaviour (never as time): search answers from its own
index of names without building the projection of the whole graph, the index is built once per store version,
a lineage or impact answer is bounded, and betweenness is estimated from a fixed sample on a large graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from benchmarks import generate as gen
from fastapi.testclient import TestClient

from beleidsgraaf.api.app import create_app
from beleidsgraaf.graph import analysis, search
from beleidsgraaf.graph.store import EmbeddedStore
from beleidsgraaf.settings import Settings
from tests.conftest import DATA_DIR

HUB = "nationale-omgevingsvisie"


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, EmbeddedStore]]:
    path = tmp_path_factory.mktemp("national") / "store"
    store = EmbeddedStore(path)
    store.load_nquads("".join(gen.generate(10_000)).encode())
    app = create_app(Settings(store_path=path, data_dir=DATA_DIR, base_iri=gen.BASE), store=store)
    with TestClient(app) as client:
        yield client, store
    store.close()


def get(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    return r.json()


def test_search_does_not_build_the_projection_and_keeps_its_index_per_version(
        national: tuple[TestClient, EmbeddedStore]) -> None:
    client, store = national
    projections, indexes = analysis.projection_builds(), search.INDEXES.builds
    found = get(client, "/api/search?q=omgevingsvsie&limit=100")          # a typo
    assert found["totaal"] > 10 and all("omgevingsvisie" in i["id"] for i in found["items"][:10])
    assert get(client, f"/api/search?q={HUB.replace('-', ' ')}")["items"][0]["id"] == HUB
    areas = get(client, "/api/search?type=gebied&limit=100")["items"]
    assert areas and all(i["page"].startswith("/doc/gebied/") for i in areas)
    page = client.get("/zoeken?q=nationale%20omgevingsvisie")                # the HTML search page too
    assert page.status_code == 200 and f"/doc/document/{HUB}" in page.text
    assert search.INDEXES.builds == indexes + 1                            # one index for this version
    assert analysis.projection_builds() == projections                     # and no projection of the graph
    # a new version gets a new index, and it holds the new name
    store.update('INSERT DATA { GRAPH <urn:g> { <urn:x> <http://purl.org/dc/terms/identifier> "testvisie-x" ; '
                 'a <https://w3id.org/beleidsgraaf/def#Programma> ; '
                 '<http://www.w3.org/2000/01/rdf-schema#label> "Testvisie Zeldzaam"@nl } }')
    assert get(client, "/api/search?q=zeldzaam")["items"][0]["id"] == "testvisie-x"
    assert search.INDEXES.builds == indexes + 2 and analysis.projection_builds() == projections
    # the filters that need the relations build the projection once
    assert get(client, "/api/search?theme=duurzame-inrichting")["totaal"] > 0
    assert analysis.projection_builds() == projections + 1


def test_impact_of_a_national_hub_is_bounded(national: tuple[TestClient, EmbeddedStore]) -> None:
    client, _store = national
    whole = get(client, f"/api/entities/{HUB}/impact")
    assert whole["ingekort"] is False and len(whole["knopen"]) == whole["totaal_knopen"] > 20
    assert len(whole["stappen"]) == whole["totaal_stappen"]
    cut = get(client, f"/api/entities/{HUB}/impact?limit=5")
    assert cut["ingekort"] is True and cut["totaal_knopen"] == whole["totaal_knopen"]
    assert len(cut["knopen"]) == 5 and len(cut["stappen"]) <= 5
    assert [n["niveau"] for n in cut["knopen"]] == sorted(n["niveau"] for n in cut["knopen"])   # nearest first
    listed = {n["id"] for n in cut["knopen"]}
    assert all(s["van"]["id"] in listed and s["naar"]["id"] in listed for s in cut["stappen"])
    assert client.get(f"/api/entities/{HUB}/lineage?limit=0").status_code == 422


def test_stats_say_whether_betweenness_is_estimated(national: tuple[TestClient, EmbeddedStore],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    client, store = national
    exact = get(client, "/api/stats?top=3")
    assert exact["betweenness_steekproef"] is None                    # 10 k triples: small enough for exact
    monkeypatch.setattr(analysis, "BETWEENNESS_BUDGET", 1_000)
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:y> <urn:p> <urn:z> } }")   # a new version
    sampled = get(client, "/api/stats?top=3")
    assert sampled["betweenness_steekproef"] == analysis.BETWEENNESS_MIN_SAMPLE
    assert sampled["meest_centraal"] and sampled["entiteiten"] == exact["entiteiten"]


def test_a_request_during_a_long_build_gets_503_with_retry_after(national: tuple[TestClient, EmbeddedStore],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    client, store = national
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:y> <urn:p> <urn:w> } }")   # a new version to build
    assert get(client, "/api/search?q=omgevingsvisie")["totaal"] > 0         # its search index is ready
    release = threading.Event()
    build = analysis._CACHE.factory

    def slow(s: Any) -> analysis.Projection:
        release.wait(10)
        return build(s)

    monkeypatch.setattr(analysis._CACHE, "factory", slow)
    monkeypatch.setattr(analysis, "REQUEST_WAIT", 0.0)
    try:
        r = client.get(f"/api/entities/{HUB}")
        assert r.status_code == 503 and r.headers["Retry-After"] == str(analysis.RETRY_AFTER)
        assert r.json()["error"] == "not_ready" and "wordt opgebouwd" in r.json()["message"]
        assert get(client, "/api/search?q=omgevingsvisie")["totaal"] > 0     # search does not need it
    finally:
        release.set()
    monkeypatch.setattr(analysis, "REQUEST_WAIT", 30.0)
    assert get(client, f"/api/entities/{HUB}")["id"] == HUB                  # the background build finished


def test_the_app_freezes_its_long_lived_objects_at_start(hengelo_store: EmbeddedStore) -> None:
    """Full garbage collections skip what lives as long as the app (no pause that grows with the heap)."""
    import gc

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        with TestClient(create_app(Settings(data_dir=DATA_DIR), store=hengelo_store)) as client:
            assert gc.get_freeze_count() > 10_000  # at start, before any request built anything
            assert client.get("/api/stats").status_code == 200
    finally:
        gc.unfreeze()
