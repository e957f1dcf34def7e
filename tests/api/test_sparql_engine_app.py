"""The app's default store is the engine process, and it keeps the GraphStore contract for the other routers."""

from __future__ import annotations

import os
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
