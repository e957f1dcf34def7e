"""The endpoint as researchers meet it: a real ``beleidsgraaf serve`` process on the Hengelo graph.

Time limit, concurrency, no outbound requests, standard clients (SPARQLWrapper, rdflib's SPARQLStore and
SPARQLUpdateStore, curl) and durability of acknowledged updates across ``kill -9``.
"""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import httpx
import pyoxigraph as ox
import pytest

from tests.api.live_server import LiveServer, live_server

pytestmark = pytest.mark.server

BASE = "https://data.beleidsgraaf.nl"
DOC = f"{BASE}/id/document"
TOOI = "https://identifier.overheid.nl/tooi/id/gemeente/"
BG = "PREFIX bg: <https://w3id.org/beleidsgraaf/def#>\n"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FAST = BG + f"ASK {{ <{DOC}/ros-twente> bg:isUitwerkingVan <{DOC}/rsia> }}"


@pytest.fixture(scope="module")
def server(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = tmp_path_factory.mktemp("live") / "store"
    shutil.copytree(built_store_path, path)
    with live_server(path, args=("--query-timeout", "4")) as srv:
        yield srv


def fast_ask(server: LiveServer) -> bool:
    r = httpx.get(server.endpoint, params={"query": FAST}, timeout=60)
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


def test_time_limit_stops_the_query_with_503_and_the_server_keeps_serving(server: LiveServer) -> None:
    r = httpx.get(server.endpoint, params={"query": SLOW}, timeout=120)
    assert r.status_code == 503
    body = r.json()
    assert body["error"] == "query_timeout" and "stopped after 4 s" in body["message"]
    assert fast_ask(server) is True


def test_slow_query_does_not_delay_a_concurrent_fast_one(server: LiveServer) -> None:
    slow_done = threading.Event()
    slow_status: list[int] = []

    def slow() -> None:
        r = httpx.get(server.endpoint, params={"query": SLOW}, timeout=120)
        slow_status.append(r.status_code)
        slow_done.set()

    thread = threading.Thread(target=slow)
    thread.start()
    try:
        answers = [fast_ask(server) for _ in range(3)]
        finished_before_slow = not slow_done.is_set()
    finally:
        thread.join()
    assert answers == [True, True, True]
    assert finished_before_slow
    assert slow_status == [503]


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.end_headers()
        self.wfile.write(b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .")

    def do_POST(self) -> None:
        self.do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def listener() -> Iterator[tuple[str, list[str]]]:
    hits: ClassVar[list[str]] = []
    handler = type("Recorder", (_Recorder,), {"hits": hits})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()


def test_no_outbound_requests_from_service_load_from_or_uploads(
    server: LiveServer, listener: tuple[str, list[str]]
) -> None:
    url, hits = listener
    queries = [
        f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX x: <{url}/> SELECT * WHERE {{ SERVICE x:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        r = httpx.get(server.endpoint, params={"query": query}, timeout=30)
        assert r.status_code == 403, (query, r.status_code, r.text)
    for update in (f"LOAD <{url}/data.ttl>", f"LOAD SILENT <{url}/data.ttl> INTO GRAPH <http://example.org/g>"):
        r = httpx.post(server.endpoint, content=update.encode(), timeout=30,
                       headers={"Content-Type": "application/sparql-update", **server.auth()})
        assert r.status_code == 403, (update, r.text)
    r = httpx.put(server.url + "/store", params={"graph": "http://example.org/ctx"}, timeout=30,
                  content=json.dumps({"@context": f"{url}/ctx.jsonld", "@id": "http://example.org/x"}).encode(),
                  headers={"Content-Type": "application/ld+json", **server.auth()})
    assert r.status_code == 400
    assert hits == []


def test_sparqlwrapper_works_unchanged(server: LiveServer) -> None:
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(server.endpoint)
    sw.setQuery(BG + f"SELECT ?org WHERE {{ <{DOC}/rsia> bg:opgesteldDoor ?org }}")
    sw.setReturnFormat(JSON)
    result = sw.query().convert()
    orgs = {b["org"]["value"] for b in result["results"]["bindings"]}  # type: ignore[index]
    assert {TOOI + "gm0153", TOOI + "gm0164", TOOI + "gm0141"} <= orgs
    sw.setQuery(f"CONSTRUCT WHERE {{ <{DOC}/rsia> ?p ?o }}")
    sw.setReturnFormat(TURTLE)
    assert b"rsia" in sw.query().convert()  # type: ignore[operator]
    sw.setMethod("POST")
    sw.setQuery(FAST)
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True  # type: ignore[index]


def test_rdflib_sparqlstore_and_updatestore_work_unchanged(server: LiveServer) -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore

    store = SPARQLStore(server.endpoint)
    rows = list(Graph(store).query(BG + f"SELECT ?o WHERE {{ <{DOC}/ros-twente> bg:isUitwerkingVan ?o }}"))
    assert URIRef(f"{DOC}/rsia") in {row[0] for row in rows}  # type: ignore[index]
    update_store = SPARQLUpdateStore(server.endpoint, server.endpoint, headers=server.auth())
    graph = Graph(update_store, identifier=URIRef("http://example.org/rdflib"))
    graph.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal("via rdflib")))
    r = httpx.get(server.endpoint, timeout=30, params={
        "query": 'ASK { GRAPH <http://example.org/rdflib> { <http://example.org/s> ?p "via rdflib" } }'})
    assert r.json()["boolean"] is True


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_plain_curl_with_accept_headers(server: LiveServer) -> None:
    query = BG + f"SELECT ?org WHERE {{ <{DOC}/rsia> bg:opgesteldDoor ?org }}"
    out = subprocess.run(
        ["curl", "-sS", "-H", "Accept: text/csv", "--data-urlencode", f"query={query}", server.endpoint],
        capture_output=True, check=True, text=True, timeout=60).stdout
    assert out.splitlines()[0] == "org" and TOOI + "gm0164" in out
    out = subprocess.run(["curl", "-sS", "-H", "Accept: application/n-triples", "-G", "--data-urlencode",
                          f"query=DESCRIBE <{DOC}/rsia>", server.endpoint],
                         capture_output=True, check=True, text=True, timeout=60).stdout
    assert f"<{DOC}/rsia>" in out


def test_acknowledged_update_survives_kill_9(built_store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "store"
    shutil.copytree(built_store_path, path)
    update = "INSERT DATA { GRAPH <http://example.org/durable> { <http://example.org/d> <http://example.org/p> 42 } }"
    with live_server(path) as srv:
        r = httpx.post(srv.endpoint, content=update.encode(), timeout=120,
                       headers={"Content-Type": "application/sparql-update", **srv.auth()})
        assert r.status_code == 200, r.text
        srv.kill_hard()
    store = ox.Store(str(path))
    assert bool(store.query("ASK { GRAPH <http://example.org/durable> { <http://example.org/d> ?p 42 } }"))
