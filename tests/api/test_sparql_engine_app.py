"""The app's default store is the engine process, and it keeps the GraphStore contract for the other routers."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from beleidsgraaf.api.app import create_app
from beleidsgraaf.graph.engine_process import ProcessEngine
from beleidsgraaf.graph.store import literal
from beleidsgraaf.settings import Settings
from tests.api.live_server import empty_store

pytestmark = pytest.mark.server

TURTLE = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/a> rdfs:label "Koers 2040"@nl . <http://example.org/b> rdfs:label "Omgevingsvisie"@nl ."""


def test_default_app_store_is_the_engine_process_and_a_graphstore(tmp_path: Path) -> None:
    path = empty_store(tmp_path / "store")
    settings = Settings(store_path=path, write_token="tok", query_timeout=5)
    with TestClient(create_app(settings)) as client:
        store = client.app.state.store  # type: ignore[attr-defined]
        assert isinstance(store, ProcessEngine) and store.pid is not None
        before = store.version
        r = client.put("/store", params={"graph": "http://example.org/g"}, content=TURTLE.encode(),
                       headers={"Content-Type": "text/turtle", "Authorization": "Bearer tok"})
        assert r.status_code == 201, r.text
        assert store.version != before
        rows = store.select(
            "SELECT ?s ?q WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l "
            "FILTER(CONTAINS(STR(?l), ?q)) }", {"q": literal("Koers")})
        assert [row["s"].value for row in rows] == ["http://example.org/a"]
        assert store.ask("ASK { ?s ?p ?o }") is True
        assert "http://example.org/g" in store.named_graphs()
        pid = store.pid
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the engine process stopped with the app


def test_reads_in_flight_are_sent_again_after_a_timeout_kill(tmp_path: Path) -> None:
    import threading

    from beleidsgraaf.errors import QueryTimeout, StoreError
    from beleidsgraaf.graph.engine import QueryRequest, UpdateRequest

    engine = ProcessEngine(empty_store(tmp_path / "store"), query_timeout=30, check_shapes=False)
    try:
        triples = " ".join(f"<http://example.org/s{i}> <http://example.org/p> {i} ." for i in range(200))
        engine.call(UpdateRequest(f"INSERT DATA {{ {triples} }}"))
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        outcome: list[BaseException] = []

        def in_flight() -> None:
            try:
                engine.call(QueryRequest(slow, "json"), timeout=6)
            except (QueryTimeout, StoreError) as exc:
                outcome.append(exc)

        thread = threading.Thread(target=in_flight)
        thread.start()
        with pytest.raises(QueryTimeout):
            engine.call(QueryRequest(slow, "json"), timeout=1)
        thread.join()
        # the other read was not failed by the restart but sent again, and then hit its own limit
        assert len(outcome) == 1 and isinstance(outcome[0], QueryTimeout)
        assert engine.restarts == 2
        assert engine.ask("ASK { <http://example.org/s7> ?p 7 }") is True
    finally:
        engine.close()


# -- streaming, flow control, the answer cache and read-only engines ----------------------------------------------

ROWS = 30_000
ALL = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o }"


def big_store(path: Path) -> Path:
    from beleidsgraaf.graph.store import build_store

    data = "".join(f'<http://example.org/s{i}> <http://example.org/p> "waarde nummer {i}" <http://example.org/g> .\n'
                   for i in range(ROWS)).encode()
    build_store(path, data, build_id="groot", graphs=None)
    return path


def collector() -> tuple[list[bytes], threading.Event, Callable[[bytes], None]]:
    """A list that receives the pieces of a streamed answer, and an event set at the first."""
    pieces: list[bytes] = []
    arrived = threading.Event()

    def on_chunk(piece: bytes) -> None:
        pieces.append(piece)
        arrived.set()

    return pieces, arrived, on_chunk


def test_a_streamed_answer_stays_a_few_pieces_ahead_and_stops_when_cancelled(tmp_path: Path) -> None:
    import time

    from beleidsgraaf.graph.engine import QueryAnswer, QueryRequest
    from beleidsgraaf.graph.engine_process import STREAM_WINDOW

    engine = ProcessEngine(big_store(tmp_path / "store"), query_timeout=30, check_shapes=False)
    try:
        whole = engine.call(QueryRequest(ALL, "tsv", max_rows=10**6))
        assert isinstance(whole, QueryAnswer) and whole.count == ROWS and not whole.streamed
        pieces, arrived, on_chunk = collector()
        call = engine.submit(QueryRequest(ALL, "tsv", max_rows=10**6), on_chunk=on_chunk)
        assert arrived.wait(20)
        time.sleep(1.0)  # give the engine time to run ahead, if it could
        assert len(pieces) == STREAM_WINDOW, "without credit the engine must stop after the window"
        acknowledged = 0
        while not call.future.done():
            while acknowledged < len(pieces):
                engine.credit(call)
                acknowledged += 1
            time.sleep(0.01)
        answer = call.future.result()
        assert isinstance(answer, QueryAnswer) and answer.streamed and len(pieces) > STREAM_WINDOW
        assert b"".join(pieces) + answer.body == whole.body  # the same document, piece by piece

        pieces.clear()
        arrived.clear()
        call = engine.submit(QueryRequest(ALL, "tsv", max_rows=10**6), on_chunk=on_chunk)
        assert arrived.wait(20)
        engine.cancel(call)  # the client went away
        answer = call.future.result(timeout=20)
        assert isinstance(answer, QueryAnswer) and answer.count < ROWS and len(pieces) <= STREAM_WINDOW
    finally:
        engine.close()


def test_large_select_streams_over_http_as_a_complete_document(tmp_path: Path) -> None:
    import json

    settings = Settings(store_path=big_store(tmp_path / "store"), query_timeout=30, max_rows=10**6)
    with TestClient(create_app(settings)) as client:
        r = client.post("/sparql", data={"query": ALL}, headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200 and r.headers["x-result-streamed"] == "true"
        rows = json.loads(r.content)["results"]["bindings"]
        assert len(rows) == ROWS and {row["o"]["value"] for row in rows} >= {"waarde nummer 0", "waarde nummer 29999"}
        small = client.post("/sparql", data={"query": ALL + " LIMIT 3"},
                            headers={"Accept": "text/tab-separated-values"})
        assert small.status_code == 200 and "x-result-streamed" not in small.headers
        assert small.text.count("\n") == 4


def test_cached_answers_skip_the_engine_until_a_write(tmp_path: Path) -> None:
    path = empty_store(tmp_path / "store")
    settings = Settings(store_path=path, write_token="tok", query_timeout=5)
    query = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    with TestClient(create_app(settings)) as client:
        engine = client.app.state.store  # type: ignore[attr-defined]
        sent: list[object] = []
        submit = engine.submit

        def counting(request: object, *args: object, **kwargs: object) -> object:
            sent.append(request)
            return submit(request, *args, **kwargs)

        engine.submit = counting
        first = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
        again = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
        assert first.text == again.text == "l\r\n" and len(sent) == 1
        r = client.post("/sparql", data={"update": 'INSERT DATA { <http://example.org/a> '
                                         '<http://www.w3.org/2000/01/rdf-schema#label> "Koers 2040"@nl }'},
                        headers={"Authorization": "Bearer tok"})
        assert r.status_code == 200, r.text
        after = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
        assert after.text == "l\r\nKoers 2040\r\n", "a write must make earlier answers unreachable"


def test_read_only_engine_refuses_writes_and_still_stops_slow_queries(tmp_path: Path) -> None:
    from beleidsgraaf.errors import QueryTimeout, StoreError
    from beleidsgraaf.graph.engine import QueryRequest, UpdateRequest

    path = big_store(tmp_path / "store")
    engines = [ProcessEngine(path, query_timeout=1, check_shapes=False, read_only=True) for _ in range(2)]
    try:
        assert all(e.ask("ASK { <http://example.org/s7> ?p ?o }") for e in engines)  # two readers at once
        with pytest.raises(StoreError, match="read-only"):
            engines[0].call(UpdateRequest("INSERT DATA { <http://example.org/x> <http://example.org/p> 1 }"))
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        with pytest.raises(QueryTimeout):
            engines[1].call(QueryRequest(slow, "json"))
        assert engines[1].restarts == 1 and engines[1].ask("ASK { <http://example.org/s8> ?p ?o }")
    finally:
        for e in engines:
            e.close()


def test_workers_factory_serves_the_embedded_store_through_read_only_engines(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from beleidsgraaf.api import workers
    from beleidsgraaf.settings import get_settings

    monkeypatch.setenv("BELEIDSGRAAF_STORE_PATH", str(big_store(tmp_path / "store")))
    get_settings.cache_clear()
    try:
        with TestClient(workers.create()) as client:
            engine = client.app.state.store  # type: ignore[attr-defined]
            assert isinstance(engine, ProcessEngine) and engine.read_only
            r = client.get("/sparql", params={"query": "ASK { <http://example.org/s1> ?p ?o }"},
                           headers={"Accept": "application/sparql-results+json"})
            assert r.json()["boolean"] is True
    finally:
        get_settings.cache_clear()


def test_a_streamed_result_cut_by_max_rows_says_so(tmp_path: Path) -> None:
    import json

    import httpx

    from tests.api.live_server import live_server

    limit = 20_000
    with live_server(big_store(tmp_path / "store"), env={"BELEIDSGRAAF_MAX_ROWS": str(limit)}) as server:
        r = httpx.post(server.url + "/sparql", data={"query": ALL}, timeout=60,
                       headers={"Accept": "application/sparql-results+json"})
        assert r.headers["x-result-streamed"] == "true" and r.headers["x-result-limit"] == str(limit)
        body = json.loads(r.content)
        assert len(body["results"]["bindings"]) == limit and body["truncated"]["limit"] == limit
        got = bytearray()
        with pytest.raises(httpx.RemoteProtocolError), httpx.stream(
                "POST", server.url + "/sparql", data={"query": ALL}, timeout=60,
                headers={"Accept": "text/tab-separated-values"}) as stream:
            for chunk in stream.iter_bytes():
                got += chunk
        assert got.count(b"\n") == limit + 1, "every row up to the limit arrives; then the transfer breaks off"


def test_a_stream_that_has_begun_is_cut_not_repeated_when_the_engine_restarts(tmp_path: Path) -> None:
    import time

    from beleidsgraaf.errors import QueryTimeout, StoreError
    from beleidsgraaf.graph.engine import QueryRequest

    engine = ProcessEngine(big_store(tmp_path / "store"), query_timeout=60, check_shapes=False)
    try:
        pieces, arrived, on_chunk = collector()
        call = engine.submit(QueryRequest(ALL, "tsv", max_rows=10**6), on_chunk=on_chunk)
        assert arrived.wait(20)
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        with pytest.raises(QueryTimeout):
            engine.call(QueryRequest(slow, "json"), timeout=1)  # kills the engine the stream runs in
        with pytest.raises(StoreError, match="restarted"):
            call.future.result(timeout=30)
        seen = len(pieces)
        time.sleep(1.0)
        assert len(pieces) == seen and pieces[0].startswith(b"?s\t?o\n") and b"?s\t?o" not in b"".join(pieces[1:])
    finally:
        engine.close()
