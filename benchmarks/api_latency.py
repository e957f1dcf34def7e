"""Median latency of every REST API call and entity page, and of every named query, on the Hengelo graph.

    python benchmarks/api_latency.py                 # builds the graph into a temporary store first
    python benchmarks/api_latency.py --store var/store --repeat 100 --no-write

Calls go through the whole FastAPI stack in-process (Starlette's TestClient: routing, validation, JSON),
without a network socket, round-robin (each round times every call once). The projection and the search index
are built once per graph version; that one-off cost is measured and reported separately, then every call is
timed ``--repeat`` times and the median, the 90th percentile and the median CPU time are reported. Target: a
median under 10 ms per call on a 2-core machine. Results go to the ``api_latency`` section of
docs/benchmarks.md (see benchmarks/report.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from beleidsgraaf.graph import analysis, queries  # noqa: E402
from beleidsgraaf.graph.store import EmbeddedStore, iri, literal  # noqa: E402
from benchmarks.report import table, write_section  # noqa: E402

BASE = "https://data.beleidsgraaf.nl"
TARGET_MS = 10.0

CALLS = [
    ("zoeken / search", "/api/search?q=omgevingsvisie"),
    ("zoeken, acroniem / acronym", "/api/search?q=RSIA"),
    ("zoeken, tikfout / typo", "/api/search?q=omgevingsvsie"),
    ("zoeken, meerdere woorden / words", "/api/search?q=Hart%20van%20Zuid"),
    ("zoeken met filters / filtered", "/api/search?q=warmte&type=document&theme=duurzame-inrichting"),
    ("entiteit / entity", "/api/entities/ros-twente"),
    ("entiteit, TOOI / public body", "/api/entities/gemeente-hengelo"),
    ("onbekende id / unknown id (404)", "/api/entities/ros-twentee"),
    ("herkomst / lineage", "/api/entities/ros-twente/lineage"),
    ("impact", "/api/entities/rsia/impact"),
    ("pad / path", "/api/path?from=koers-2040&to=kms-locatie"),
    ("opgave / theme", "/api/themes/duurzame-inrichting"),
    ("gebied / area", "/api/areas/hart-van-zuid"),
    ("organisatie / organisation", "/api/organisations/gemeente-hengelo"),
    ("tijdlijn / timeline", "/api/timeline?from=2025&to=2025"),
    ("statistiek / stats", "/api/stats"),
    ("startpagina / landing page", "/"),
    ("entiteitpagina / entity page", "/doc/document/ros-twente"),
    ("IRI als Turtle / IRI as Turtle", "/id/document/ros-twente#ttl"),
    ("dataset (DCAT/VoID)", "/dataset"),
]

D = "http://www.w3.org/2001/XMLSchema#date"
QUERY_BINDINGS = {
    "timeline": {"from": literal("2025-01-01", datatype=D), "to": literal("2025-12-31", datatype=D)},
    "describe": {"e": iri(f"{BASE}/id/document/ros-twente")},
    "resource_claims": {"e": iri(f"{BASE}/id/document/ros-twente")},
}


def progress(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def timed(fn: object, repeat: int, cpu: list[float] | None = None) -> list[float]:
    """Wall-clock ms of each run; with ``cpu``, also the process CPU ms of each run (all threads)."""
    out = []
    for _ in range(repeat):
        c = time.process_time()
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append((time.perf_counter() - t) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - c) * 1000)
    return out


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) >= 10 else max(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="existing store (default: build the Hengelo graph first)")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per call (default 50)")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from beleidsgraaf.api.app import create_app
    from beleidsgraaf.graph.pipeline import build
    from beleidsgraaf.settings import Settings

    tmp = None
    store_path = args.store
    if store_path is None:
        tmp = tempfile.TemporaryDirectory()
        store_path = Path(tmp.name) / "store"
        progress("bouwen / building the Hengelo graph")
        build(ROOT / "data", store_path, BASE, progress=progress)
    store = EmbeddedStore(store_path, read_only=True)

    progress("projectie bouwen / building the projection (once per graph version)")
    t = time.perf_counter()
    proj = analysis.get_projection(store)
    build_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    analysis.stats(proj)
    stats_ms = (time.perf_counter() - t) * 1000
    from beleidsgraaf.graph.search import index_for
    t = time.perf_counter()
    index_for(proj)
    index_ms = (time.perf_counter() - t) * 1000

    app = create_app(Settings(store_path=store_path, data_dir=ROOT / "data", base_iri=BASE), store=store)
    client = TestClient(app)
    client.__enter__()   # one event-loop portal for all calls, as a real server has
    rows: list[list[object]] = []
    slow = []
    requests = []
    for name, url in CALLS:
        path, _, fmt = url.partition("#")
        headers = {"accept": "text/turtle"} if fmt == "ttl" else {}
        requests.append((name, path, headers, client.get(path, headers=headers).status_code))
    # round-robin: every round times every call once, so a burst of load elsewhere hits all calls alike
    wall: dict[str, list[float]] = {path: [] for _n, path, _h, _s in requests}
    cpu: dict[str, list[float]] = {path: [] for _n, path, _h, _s in requests}
    for r in range(args.repeat):
        for _name, path, headers, _status in requests:
            wall[path] += timed(lambda p=path, h=headers: client.get(p, headers=h), 1, cpu[path])
        if (r + 1) % 10 == 0 or r + 1 == args.repeat:
            progress(f"ronde / round {r + 1}/{args.repeat}")
    for name, path, _headers, status in requests:
        med = statistics.median(wall[path])
        if med >= TARGET_MS:
            slow.append(path)
        rows.append([name, f"`{path}`", status, f"{med:.2f}", f"{p90(wall[path]):.2f}",
                     f"{statistics.median(cpu[path]):.2f}", "ja / yes" if med < TARGET_MS else "**nee / no**"])

    qrows: list[list[object]] = []
    for n, (name, nq) in enumerate(queries.NAMED_QUERIES.items(), 1):
        bindings = QUERY_BINDINGS.get(name, {})
        count = len(queries.run(store, name, bindings))
        times = timed(lambda nm=name, b=bindings: queries.run(store, nm, b), max(5, args.repeat // 5))
        per = "verzoek / request" if nq.binds else "versie / version"
        qrows.append([f"`{name}`", per, count, f"{statistics.median(times):.2f}"])
        progress(f"[query {n}/{len(queries.NAMED_QUERIES)}] {name}: median {statistics.median(times):.2f} ms")

    head = ["aanroep / call", "pad / path", "status", "mediaan / median ms", "p90 ms", "CPU ms",
            f"< {TARGET_MS:.0f} ms"]
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    body = (
        f"{len(proj.entities)} entities, {len(proj.edges)} relations, {len(proj.events)} dated items; "
        f"{args.repeat} timed calls each, in-process through the whole FastAPI stack (TestClient, no socket). "
        f"Load average during the run (1/5/15 min): {load} on {os.cpu_count()} cores — other work on the "
        "machine inflates the wall-clock times; the CPU column is the processor time the process spent per "
        "call (all its threads, TestClient included), which does not depend on that load.\n\n"
        f"Once per graph version: projection {build_ms:.0f} ms, network statistics {stats_ms:.0f} ms, search "
        f"index {index_ms:.0f} ms (the first request after a build or update pays this).\n\n"
        + table(head, rows)
        + "\n\nNamed queries (`src/beleidsgraaf/graph/queries.py`); whole-graph ones run once per graph version "
          "to build the projection, the others per request with bound parameters:\n\n"
        + table(["query", "per", "rows", "mediaan / median ms"], qrows)
        + ("\n\nAbove target: " + ", ".join(f"`{s}`" for s in slow) if slow else "\n\nEvery call is under target.")
    )
    print(table(head, rows))
    print()
    print(table(["query", "per", "rows", "median ms"], qrows))
    if not args.no_write:
        write_section("api_latency", "REST API and entity pages: latency", body)
        progress("geschreven / written: docs/benchmarks.md (section api_latency)")
    client.__exit__(None, None, None)
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
