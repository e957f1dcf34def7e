"""The remote backend against real servers started on loopback: Oxigraph server and Virtuoso open source.

Each server is started once per module with a fresh database in a temporary folder. Without the server
binaries these tests are skipped locally and fail under CI (CI=true), where .ci/run installs both.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from benchmarks.servers import Server, oxigraph_binary, oxigraph_server, virtuoso_binary, virtuoso_server

from beleidsgraaf.errors import InvalidParameter, NotFound, QueryError, StoreError
from beleidsgraaf.graph.backends import build_backend, open_backend
from beleidsgraaf.graph.remote import RemoteStore, build_remote
from beleidsgraaf.graph.store import Binding, EmbeddedStore, iri, literal
from beleidsgraaf.settings import Settings
from tests.conftest import BASE, DATA_DIR

pytestmark = pytest.mark.server

BG = "https://w3id.org/beleidsgraaf/def#"
HENGELO = "https://identifier.overheid.nl/tooi/id/gemeente/gm0164"


def _require(binary: str | None, what: str) -> None:
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is not installed; .ci/run installs it")
        pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A running, empty SPARQL server."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "oxigraph":
        _require(oxigraph_binary(), "the oxigraph CLI (pip install oxigraph)")
        with oxigraph_server(folder) as srv:
            yield srv
    else:
        _require(virtuoso_binary(), "virtuoso-t (apt-get install virtuoso-opensource)")
        with virtuoso_server(folder, memory_mb=256) as srv:
            yield srv


@pytest.fixture(scope="module")
def remote_settings(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings that point every command at the server."""
    return Settings(data_dir=DATA_DIR, store_path=tmp_path_factory.mktemp("unused") / "store", base_iri=BASE,
                    remote_query_url=server.query_url, remote_update_url=server.update_url,
                    remote_user=server.user, remote_password=server.password)


@pytest.fixture(scope="module")
def built_remote(remote_settings: Settings) -> Iterator[RemoteStore]:
    """The Hengelo graph built into the server with `build_backend` (what `beleidsgraaf build` runs)."""
    result, info = build_backend(remote_settings)
    assert result.ok
    assert info.quads > 0
    store = open_backend(remote_settings)
    assert isinstance(store, RemoteStore)
    yield store
    store.close()


def _rows(rows: list[dict[str, Binding]]) -> list[tuple[tuple[str, str, str, str, str], ...]]:
    return sorted(tuple(sorted((k, b.kind, b.value, b.lang or "", b.datatype or "") for k, b in r.items()))
                  for r in rows)


def test_build_loads_every_quad_of_the_embedded_build(built_remote: RemoteStore, hengelo_store: EmbeddedStore) -> None:
    assert len(built_remote) == len(hengelo_store)
    assert built_remote.named_graphs() == hengelo_store.named_graphs()
    info = built_remote.info()
    assert info is not None and info.quads == len(hengelo_store)
    assert info.graphs == hengelo_store.named_graphs()


def test_dump_equals_the_embedded_store(built_remote: RemoteStore, hengelo_store: EmbeddedStore) -> None:
    embedded = sorted(set(hengelo_store.dump_nquads().decode().splitlines()))
    remote = built_remote.dump_nquads().decode().splitlines()
    # compare the parsed quads (stores may write equal literals differently, e.g. escapes)
    # the embedded store keeps xsd:nonNegativeInteger values as xsd:integer; the servers keep the datatype
    def parse(lines: list[str]) -> list[str]:
        quads = ox.parse("\n".join(lines), format=ox.RdfFormat.N_QUADS)
        return sorted(str(q).replace("XMLSchema#nonNegativeInteger", "XMLSchema#integer") for q in quads)

    assert parse(remote) == parse(embedded)


def test_select_with_bound_values_matches_the_embedded_store(
    built_remote: RemoteStore, hengelo_store: EmbeddedStore
) -> None:
    q = ("SELECT ?e ?q ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l "
         "FILTER(LANG(?l) = 'nl' && CONTAINS(LCASE(STR(?l)), ?q)) }")
    bound = {"q": literal("hengelo")}
    remote = built_remote.select(q, bound)
    assert any(r["e"].value == HENGELO for r in remote)
    assert _rows(remote) == _rows(hengelo_store.select(q, bound))


def test_relations_with_their_claims_match(built_remote: RemoteStore, hengelo_store: EmbeddedStore) -> None:
    q = (f"SELECT ?s ?p ?o ?doc ?quote WHERE {{ ?c a <{BG}Bewering> ; "
         "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ; "
         "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ; "
         f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ; <{BG}bron> ?doc ; <{BG}citaat> ?quote }}")
    remote = built_remote.select(q)
    assert len(remote) > 10
    assert _rows(remote) == _rows(hengelo_store.select(q))


def test_ask_and_construct(built_remote: RemoteStore, hengelo_store: EmbeddedStore) -> None:
    ask = "ASK { ?doc ?rel ?who . FILTER(?who = ?target) }"
    assert built_remote.ask(ask, {"target": iri(HENGELO)})
    assert not built_remote.ask(ask, {"target": iri("https://data.beleidsgraaf.nl/id/document/bestaat-niet")})
    construct = f"CONSTRUCT {{ <{HENGELO}> ?p ?o }} WHERE {{ <{HENGELO}> ?p ?o }}"
    remote = built_remote.query(construct)
    embedded = hengelo_store.query(construct)
    assert isinstance(remote, ox.QueryTriples)
    assert sorted(map(str, remote)) == sorted(map(str, embedded))


def test_hostile_values_are_only_data_on_the_server(built_remote: RemoteStore) -> None:
    before = len(built_remote)
    for value in ['"} } ; DROP ALL ; #', "x\" . } INSERT DATA { <http://e/s> <http://e/p> 1 } #",
                  "\\u0022) } DROP ALL #", "line\nbreak\t\"'''", "ĳ – “q” 💡"]:
        rows = built_remote.select("SELECT ?q WHERE { }", {"q": literal(value)})
        assert [r["q"].value for r in rows] == [value]
        assert not built_remote.ask("ASK { ?s ?p ?q }", {"q": literal(value)})
    assert len(built_remote) == before


def test_errors_are_mapped(built_remote: RemoteStore, server: Server) -> None:
    with pytest.raises(QueryError):
        built_remote.select("SELECT ?x WHERE { ?x ?y ")
    read_only = RemoteStore(server.query_url, base_iri=BASE)
    with pytest.raises(StoreError, match="read-only"):
        read_only.update("CLEAR ALL")
    read_only.close()


def test_rebuild_replaces_graphs_and_drops_stale_ones(built_remote: RemoteStore, remote_settings: Settings,
                                                      hengelo_store: EmbeddedStore) -> None:
    stale = f"{BASE}/graph/verouderd"
    built_remote.update(f"INSERT DATA {{ GRAPH <{stale}> {{ <{BASE}/id/document/x> <{BG}citaat> \"oud\" }} }}")
    main = next(g for g in built_remote.named_graphs() if g.endswith("hengelo-jaarstukken-2024-h5-1"))
    built_remote.update(f"INSERT DATA {{ GRAPH <{main}> {{ <{BASE}/id/document/x> <{BG}citaat> \"extra\" }} }}")
    assert stale in built_remote.named_graphs()
    build_backend(remote_settings)
    assert stale not in built_remote.named_graphs()
    assert len(built_remote) == len(hengelo_store)


def test_big_graph_is_moved_into_place_in_one_step(server: Server, tmp_path: Path) -> None:
    """A graph larger than one request is loaded into a staging graph and moved, leaving no staging graph."""
    import beleidsgraaf.graph.remote as remote

    base = "https://bench.example"
    store = RemoteStore(server.query_url, server.update_url, user=server.user, password=server.password,
                        base_iri=base)
    old = remote.CHUNK_TRIPLES, remote.REQUEST_TRIPLES
    remote.CHUNK_TRIPLES, remote.REQUEST_TRIPLES = 50, 100  # 182 triples: staging graph, two requests, MOVE
    try:
        g = f"{base}/graph/groot"
        lines = "".join(f"<{base}/id/x/{i}> <{BG}omschrijving> \"t{i}\" <{g}> .\n" for i in range(180))
        lines += f"_:b <{BG}omschrijving> \"blank\" <{g}> .\n_:b <{BG}citaat> \"same node\" <{g}> .\n"
        build_remote(store, lines.encode(), build_id="b1", graphs=[g])
        assert store.named_graphs() == [g]
        rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
        assert rows[0]["n"].value == "182"
        # the two blank-node triples stayed one node
        rows = store.select(f"SELECT ?b WHERE {{ GRAPH <{g}> {{ ?b <{BG}omschrijving> \"blank\" ; "
                            f"<{BG}citaat> \"same node\" }} }}")
        assert len(rows) == 1
        assert store.info() is not None and store.info().build_id == "b1"  # type: ignore[union-attr]
        store.update(f"DROP SILENT GRAPH <{g}> ; DROP SILENT GRAPH <{base}/graph/beleidsgraaf-meta>")
    finally:
        remote.CHUNK_TRIPLES, remote.REQUEST_TRIPLES = old
        store.close()


def _canonical(value: object) -> object:
    """JSON with lists sorted (stores order ties and mixed-language labels differently) and no version."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items() if k != "versie"}  # build id + updates seen
    if isinstance(value, list):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


@pytest.fixture(scope="module")
def remote_client(built_remote: RemoteStore, remote_settings: Settings) -> Iterator[object]:
    """The web app serving from the remote store (as ``beleidsgraaf.api.workers:create`` makes it)."""
    from fastapi.testclient import TestClient

    from beleidsgraaf.api.app import create_app

    app = create_app(remote_settings, store=built_remote)  # type: ignore[arg-type]
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def embedded_client(built_store_path: Path, remote_settings: Settings) -> Iterator[object]:
    """The same app on the embedded store, to compare answers with."""
    from fastapi.testclient import TestClient

    from beleidsgraaf.api.app import create_app

    store = EmbeddedStore(built_store_path, read_only=True)
    settings = remote_settings.model_copy(update={"remote_query_url": None, "store_path": built_store_path})
    with TestClient(create_app(settings, store=store)) as client:
        yield client


def test_api_answers_the_same_on_the_remote_store(remote_client, embedded_client) -> None:  # type: ignore[no-untyped-def]
    for url in ("/api/entities/gemeente-hengelo", "/api/search?q=hengelo", "/api/stats",
                "/api/organisations/gemeente-hengelo"):
        remote, embedded = remote_client.get(url), embedded_client.get(url)
        assert remote.status_code == embedded.status_code == 200, (url, remote.text[:300])
        assert _canonical(remote.json()) == _canonical(embedded.json()), url


def test_sparql_endpoint_and_network_view_work_on_the_remote_store(remote_client, embedded_client) -> None:  # type: ignore[no-untyped-def]
    q = ("SELECT ?d ?l WHERE { ?d <http://www.w3.org/2000/01/rdf-schema#label> ?l ; "
         "<https://w3id.org/beleidsgraaf/def#opgesteldDoor> ?org } ORDER BY ?d ?l")
    headers = {"Accept": "application/sparql-results+json"}
    remote = remote_client.post("/sparql", data={"query": q}, headers=headers)
    embedded = embedded_client.post("/sparql", data={"query": q}, headers=headers)
    if embedded.status_code == 404:
        pytest.skip("the app has no /sparql route")
    assert remote.status_code == 200, remote.text[:500]
    assert _canonical(remote.json()["results"]) == _canonical(embedded.json()["results"])
    bad = remote_client.post("/sparql", data={"query": "SELECT ?x WHERE { ?x "}, headers=headers)
    assert bad.status_code == 400
    view = remote_client.get("/viz/gemeente-hengelo")
    assert view.status_code == embedded_client.get("/viz/gemeente-hengelo").status_code
    if view.status_code == 200:
        assert "Hengelo" in view.text


def test_graph_store_requests_of_the_endpoint_work_remotely(server: Server) -> None:
    eng = pytest.importorskip("beleidsgraaf.graph.engine")
    store = RemoteStore(server.query_url, server.update_url, user=server.user, password=server.password,
                        base_iri="https://gsp.example")
    g = "https://gsp.example/graph/upload"
    turtle = b'@prefix ex: <http://e/> . ex:a ex:p "v\\"1" ; ex:q [ ex:r 2 ] .'
    try:
        answer = store.call(eng.GraphWrite("put", g, turtle, "turtle"))
        assert answer.added == 3
        assert g in store.call(eng.ListGraphs())
        body = store.call(eng.GraphRead(g, "ntriples"))
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        assert len(triples) == 3
        assert any(isinstance(t.object, ox.BlankNode) for t in triples)
        rows = store.call(eng.QueryRequest("SELECT ?o WHERE { <http://e/a> <http://e/p> ?o }"))
        assert [r["o"].value for r in rows.rows] == ['v"1']
        store.call(eng.GraphWrite("delete", g))
        assert g not in store.call(eng.ListGraphs())
        with pytest.raises(NotFound):
            store.call(eng.GraphRead(g, "turtle"))
        with pytest.raises(InvalidParameter):
            store.call(eng.GraphWrite("put", g, b"not turtle <", "turtle"))
    finally:
        store.update(f"DROP SILENT GRAPH <{g}>")
        store.close()


def test_app_opens_the_remote_store_from_the_settings(built_remote: RemoteStore, remote_settings: Settings) -> None:
    """`beleidsgraaf serve` with BELEIDSGRAAF_REMOTE_QUERY_URL set serves the remote store (no local store)."""
    from fastapi.testclient import TestClient

    from beleidsgraaf.api.app import create_app

    assert not remote_settings.store_path.exists()
    with TestClient(create_app(remote_settings)) as client:
        assert isinstance(client.app.state.store, RemoteStore)  # type: ignore[attr-defined]
        r = client.get("/api/entities/gemeente-hengelo")
        assert r.status_code == 200, r.text[:300]
    assert not remote_settings.store_path.exists()


def test_cli_build_query_and_export_use_the_remote_store(
    built_remote: RemoteStore, remote_settings: Settings, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from beleidsgraaf import cli
    from beleidsgraaf.settings import get_settings

    monkeypatch.setenv("BELEIDSGRAAF_REMOTE_QUERY_URL", remote_settings.remote_query_url or "")
    monkeypatch.setenv("BELEIDSGRAAF_REMOTE_UPDATE_URL", remote_settings.remote_update_url or "")
    if remote_settings.remote_user and remote_settings.remote_password:
        monkeypatch.setenv("BELEIDSGRAAF_REMOTE_USER", remote_settings.remote_user)
        monkeypatch.setenv("BELEIDSGRAAF_REMOTE_PASSWORD", remote_settings.remote_password.get_secret_value())
    monkeypatch.setenv("BELEIDSGRAAF_STORE_PATH", str(remote_settings.store_path))
    get_settings.cache_clear()
    try:
        assert cli.main(["build", "--data", str(DATA_DIR)]) == 0
        assert remote_settings.remote_query_url in capsys.readouterr().out
        assert cli.main(["query", "--format", "csv", f"SELECT ?d WHERE {{ ?d bg:opgesteldDoor <{HENGELO}> }}"]) == 0
        out = capsys.readouterr().out
        assert "https://data.beleidsgraaf.nl/id/document/" in out
        assert cli.main(["export", "--format", "nquads"]) == 0
        assert len(capsys.readouterr().out.splitlines()) == len(built_remote)
    finally:
        get_settings.cache_clear()
    assert not remote_settings.store_path.exists()
