"""Measure the store engine behind /sparql: start, restart after a timeout, query overhead of the process.

Usage: ``python -m benchmarks.endpoint_engine STORE_PATH`` (a built store; it is copied, never changed).
Writes the section ``endpoint-engine`` of docs/benchmarks.md.
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from beleidsgraaf.errors import QueryTimeout
from beleidsgraaf.graph.engine import QueryRequest
from beleidsgraaf.graph.engine_process import ProcessEngine
from beleidsgraaf.graph.store import EmbeddedStore
from benchmarks.report import table, write_section

QUERIES = {
    "ASK one relation": "ASK { ?s <https://w3id.org/beleidsgraaf/def#isUitwerkingVan> ?o }",
    "labels (all, JSON)": "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
    "count per type": "SELECT ?t (COUNT(*) AS ?n) WHERE { ?s a ?t } GROUP BY ?t",
}
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def median_ms(fn: object, runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(source: Path) -> None:
    work = Path(tempfile.mkdtemp()) / "store"
    shutil.copytree(source, work)
    rows: list[list[object]] = []
    embedded = EmbeddedStore(work)

    def run_embedded(query: str) -> object:
        return embedded.ask(query) if query.startswith("ASK") else embedded.select(query)

    for name, query in QUERIES.items():
        rows.append([name, "embedded (in process)", f"{median_ms(lambda q=query: run_embedded(q)):.2f}"])
    embedded.close()
    t = time.perf_counter()
    engine = ProcessEngine(work, query_timeout=2.0)
    start = time.perf_counter() - t
    for name, query in QUERIES.items():
        rows.append([name, "engine process (pipe)",
                     f"{median_ms(lambda q=query: engine.run_query(QueryRequest(q, 'json'))):.2f}"])
    t = time.perf_counter()
    with contextlib.suppress(QueryTimeout):
        engine.run_query(QueryRequest(SLOW, "json"))
    stopped = time.perf_counter() - t
    t = time.perf_counter()
    engine.ask(QUERIES["ASK one relation"])
    after = (time.perf_counter() - t) * 1000
    engine.close()
    shutil.rmtree(work.parent, ignore_errors=True)
    body = "\n\n".join([
        f"Engine process start (spawn + open store): {start:.2f} s. A query with a 2 s limit was answered with "
        f"503 after {stopped:.2f} s (limit + kill + restart); the next query took {after:.1f} ms.",
        "Median of 20 runs, milliseconds:",
        table(["query", "where", "ms"], rows),
    ])
    write_section("endpoint-engine", "SPARQL endpoint: the store engine process", body)
    print(body)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/store"))
