"""National-scale benchmark: load, advisor queries, HTTP throughput and the remote-store backend.

    python benchmarks/run.py                      # full run (scales 10k,100k,1M,5M; about 20-40 min on 2 cores)
    python benchmarks/run.py --quick              # smoke test at tiny scale (seconds), nothing written to docs/
    python benchmarks/run.py --scales 100k --skip-http --skip-remote

For every scale it generates the national graph (benchmarks/generate.py, seeded), then, each engine in a child
process of its own (so peak memory is that engine's):

- ``oxigraph-disk``: the embedded on-disk store, built with ``build_store`` (bulk load, as ``beleidsgraaf
  build`` does); ``oxigraph-mem``: pyoxigraph in memory; ``rdflib``: rdflib's in-memory Dataset, the baseline
  (up to ``--rdflib-max``; a query that exceeds ``--limit`` seconds is recorded as such and the engine is
  restarted for the next query);
- ``remote-oxigraph`` / ``remote-virtuoso``: the remote backend (:mod:`beleidsgraaf.graph.remote`) against a
  server started on loopback, loaded with ``build_remote``;

and runs the fixed suite of advisor queries (median and p95 of ``--reps`` runs after one warm-up).
HTTP: the web app under uvicorn (1 and 2 worker processes) on loopback, 8 connections for a fixed duration per
endpoint, requests/s and p50/p99 latency; and a 1 M-row SELECT streamed through /sparql with the server's peak
RSS. Results are printed and written to the ``national`` section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing as mp
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "src"))

from benchmarks import generate as gen  # noqa: E402
from benchmarks.report import table, write_section  # noqa: E402

PREFIXES = f"""PREFIX bg: <{gen.BG}>
PREFIX rdf: <{gen.RDF}>
PREFIX rdfs: <{gen.RDFS}>
PREFIX dcterms: <{gen.DCT}>
PREFIX xsd: <{gen.XSD}>
PREFIX skos: <{gen.SKOS}>
"""
LINEAGE = "(bg:isUitwerkingVan|bg:bouwtVoortOp|bg:maaktDeelUitVan|bg:geeftUitvoeringAan)+"
LABEL = 'OPTIONAL { ?{v} rdfs:label ?{v}Label FILTER(LANG(?{v}Label) = "nl") }'


def _label(v: str) -> str:
    return LABEL.replace("{v}", v)


#: name -> (query template with {doc} {plan} {hub} {term}, whether it is a country-wide aggregate)
QUERIES: dict[str, tuple[str, bool]] = {
    "one-hop relations": (
        "SELECT ?rel ?other ?otherLabel WHERE { { <{doc}> ?rel ?other } UNION { ?other ?rel <{doc}> } "
        "?rel rdfs:subPropertyOf+ bg:relatie . " + _label("other") + " }", False),
    "transitive lineage": (
        "SELECT DISTINCT ?a ?aLabel WHERE { <{plan}> " + LINEAGE + " ?a . " + _label("a") + " }", False),
    "transitive impact": (
        "SELECT DISTINCT ?d ?dLabel WHERE { ?d " + LINEAGE + " <{hub}> . " + _label("d") + " }", False),
    "label search": (
        'SELECT ?e ?label WHERE { ?e rdfs:label ?label FILTER(CONTAINS(LCASE(STR(?label)), "{term}")) }', False),
    "count per type": (
        "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a ?type } GROUP BY ?type", True),
    "count per type and municipality": (
        "SELECT ?org ?type (COUNT(?d) AS ?n) WHERE { ?d bg:opgesteldDoor ?org ; a ?type } GROUP BY ?org ?type", True),
    "date range (adoptions H1 2023)": (
        "SELECT ?d ?v ?from ?to WHERE { ?d bg:vaststelling ?v . ?v bg:vroegst ?from ; bg:laatst ?to "
        'FILTER(?from >= "2023-01-01"^^xsd:date && ?to <= "2023-06-30"^^xsd:date) }', True),
    "shared area and theme": (
        "SELECT DISTINCT ?other ?area ?theme WHERE { <{doc}> bg:betreftGebied ?area ; bg:valtOnder ?theme . "
        "?other bg:betreftGebied ?area ; bg:valtOnder ?theme FILTER(?other != <{doc}>) }", False),
    "neighbourhood CONSTRUCT": (
        "CONSTRUCT { <{doc}> ?p ?o . ?s ?q <{doc}> . ?o rdfs:label ?ol . ?s rdfs:label ?sl } WHERE { "
        "{ <{doc}> ?p ?o OPTIONAL { ?o rdfs:label ?ol } } UNION { ?s ?q <{doc}> OPTIONAL { ?s rdfs:label ?sl } } }",
        False),
    "DESCRIBE": ("DESCRIBE <{doc}>", False),
}

SCALES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "5M": 5_000_000}


def parse_scale(text: str) -> tuple[str, int]:
    """'100k' -> ('100k', 100000); also plain numbers."""
    t = text.strip()
    if t in SCALES:
        return t, SCALES[t]
    mult = {"k": 1_000, "M": 1_000_000}.get(t[-1], 1)
    n = int(float(t[:-1] if mult != 1 else t) * mult)
    return t, n


# --- engines (run in child processes) -----------------------------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _materialise(result: Any) -> int:
    """Consume a query result completely; return the number of rows/triples (or 1 for a boolean)."""
    if isinstance(result, bool):
        return 1
    n = 0
    for item in result:
        n += 1
        if hasattr(item, "__iter__"):
            for _ in item:
                pass
    return n


class Engine:
    """Loads the graph and runs queries; one per child process."""

    name = ""

    def load(self, path: Path, workdir: Path) -> int:
        raise NotImplementedError

    def run(self, sparql: str) -> int:
        raise NotImplementedError

    def close(self) -> None:
        pass


class OxigraphDisk(Engine):
    name = "oxigraph-disk"

    def load(self, path: Path, workdir: Path) -> int:
        from beleidsgraaf.graph.store import EmbeddedStore, build_store

        info = build_store(workdir / "store", path, build_id="bench", graphs=None)  # parallel bulk load
        self.store = EmbeddedStore(workdir / "store", read_only=True)
        return info.quads

    def run(self, sparql: str) -> int:
        return _materialise(self.store.query(sparql))


class OxigraphMem(Engine):
    name = "oxigraph-mem"

    def load(self, path: Path, workdir: Path) -> int:
        import pyoxigraph as ox

        self.store = ox.Store()
        self.store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
        return len(self.store)

    def run(self, sparql: str) -> int:
        return _materialise(self.store.query(sparql, use_default_graph_as_union=True))


class Rdflib(Engine):
    name = "rdflib"

    def load(self, path: Path, workdir: Path) -> int:
        from rdflib import Dataset

        self.ds = Dataset(default_union=True)
        self.ds.parse(str(path), format="nquads")
        return sum(1 for _ in self.ds.quads((None, None, None, None)))

    def run(self, sparql: str) -> int:
        res = self.ds.query(sparql)
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            return len(res.graph) if res.graph is not None else 0
        if res.type == "ASK":
            return 1
        return sum(1 for _ in res)


class Remote(Engine):
    def __init__(self, server: dict[str, Any]) -> None:
        self.server = server
        self.name = f"remote-{server['name']}"

    def load(self, path: Path, workdir: Path) -> int:
        from beleidsgraaf.graph.remote import RemoteStore, build_remote

        s = self.server
        self.store = RemoteStore(s["query_url"], s["update_url"], user=s.get("user"), password=s.get("password"),
                                 timeout=600)
        info = build_remote(self.store, path.read_bytes(), build_id="bench",
                            graphs=sorted({line.rsplit(" ", 2)[-2][1:-1] for line in path.read_text().splitlines()}))
        return info.quads

    def run(self, sparql: str) -> int:
        return _materialise(self.store.query(sparql))

    def close(self) -> None:
        self.store.close()


def _make_engine(kind: str, server: dict[str, Any] | None) -> Engine:
    if kind == "remote":
        assert server is not None
        return Remote(server)
    return {"oxigraph-disk": OxigraphDisk, "oxigraph-mem": OxigraphMem, "rdflib": Rdflib}[kind]()


def _child(kind: str, server: dict[str, Any] | None, path: str, workdir: str, queries: list[tuple[str, str]],
           reps: int, slow_after: float, conn: Any) -> None:
    """Child process: load, report, then run each query (warm-up + reps), reporting each as it finishes."""
    engine = _make_engine(kind, server)
    t0 = time.perf_counter()
    quads = engine.load(Path(path), Path(workdir))
    conn.send(("loaded", quads, time.perf_counter() - t0, _peak_mb()))
    for name, sparql in queries:
        conn.send(("start", name))
        times = []
        rows = 0
        for i in range(reps + 1):
            t = time.perf_counter()
            rows = engine.run(sparql)
            dt = time.perf_counter() - t
            if i > 0 or reps == 0:
                times.append(dt)
            if dt > slow_after and len(times) >= 1:
                break
        conn.send(("done", name, times, rows))
    engine.close()
    conn.send(("end", _peak_mb()))


@dataclass
class EngineResult:
    engine: str
    scale: str
    quads: int = 0
    load_s: float = 0.0
    peak_mb: float = 0.0
    queries: dict[str, dict[str, Any]] = field(default_factory=dict)
    note: str = ""


def run_engine(kind: str, scale: str, path: Path, queries: dict[str, str], *, reps: int, limit: float,
               load_limit: float, server: dict[str, Any] | None = None, say: Callable[[str], None] = print
               ) -> EngineResult:
    """Run one engine at one scale in child processes, restarting it after a query that exceeds ``limit``."""
    ctx = mp.get_context("spawn")
    result = EngineResult(kind if kind != "remote" else f"remote-{server['name']}", scale)  # type: ignore[index]
    pending = list(queries.items())
    while pending:
        parent, child = ctx.Pipe()
        with tempfile.TemporaryDirectory(prefix="bench-") as work:
            proc = ctx.Process(target=_child, args=(kind, server, str(path), work, pending, reps, limit / 2, child))
            proc.start()
            try:
                if not parent.poll(load_limit):
                    result.note = f"load exceeded {load_limit:.0f} s"
                    for name, _ in pending:
                        result.queries[name] = {"status": "not run (load too slow)"}
                    return result
                _, quads, load_s, peak = parent.recv()
                if not result.quads:
                    result.quads, result.load_s, result.peak_mb = quads, load_s, peak
                    say(f"  {result.engine} @ {scale}: loaded {quads} quads in {load_s:.1f} s "
                        f"({quads / load_s:,.0f}/s), peak {peak:,.0f} MB")
                while pending:
                    if not parent.poll(60):
                        raise RuntimeError("child did not start the next query")
                    msg = parent.recv()
                    if msg[0] != "start":
                        raise RuntimeError(f"unexpected message {msg}")
                    name = msg[1]
                    deadline = limit * (reps + 1)
                    if not parent.poll(deadline):
                        result.queries[name] = {"status": f"> {limit:.0f} s (limit)"}
                        say(f"    {name}: exceeded the limit of {limit:.0f} s")
                        pending.pop(0)
                        break
                    _, name, times, rows = parent.recv()
                    times_ms = sorted(t * 1000 for t in times)
                    med = statistics.median(times_ms)
                    p95 = times_ms[min(len(times_ms) - 1, round(0.95 * (len(times_ms) - 1)))]
                    result.queries[name] = {"median_ms": med, "p95_ms": p95, "rows": rows, "runs": len(times_ms)}
                    say(f"    {name}: median {med:,.1f} ms, p95 {p95:,.1f} ms, {rows} rows")
                    pending.pop(0)
                else:
                    if parent.poll(30):
                        msg = parent.recv()
                        if msg[0] == "end":
                            result.peak_mb = max(result.peak_mb, msg[1])
            except (EOFError, RuntimeError) as exc:
                result.note = f"engine failed: {exc}"
                for name, _ in pending:
                    result.queries.setdefault(name, {"status": "failed"})
                pending = []
            finally:
                if proc.is_alive():
                    proc.kill()
                proc.join()
    return result


def suite(path: Path, say: Callable[[str], None]) -> dict[str, str]:
    """The query texts for a generated graph: entities chosen with a quick query on an in-memory copy."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)

    def one(q: str) -> str:
        res = store.query(PREFIXES + q, use_default_graph_as_union=True)
        for row in res:  # type: ignore[union-attr]
            return str(row[0].value)
        raise RuntimeError(f"no answer: {q}")

    doc = one("SELECT ?d WHERE { ?d a bg:Programma ; dcterms:identifier ?id ; bg:betreftGebied ?a ; "
              "bg:valtOnder ?t . ?o bg:betreftGebied ?a ; bg:valtOnder ?t FILTER(?o != ?d) } ORDER BY ?id LIMIT 1")
    plan = one("SELECT ?p WHERE { ?p a bg:Uitvoeringsplan ; dcterms:identifier ?id } ORDER BY ?id LIMIT 1")
    hub = f"{gen.BASE}/id/document/klimaatakkoord"
    name = one("SELECT ?n WHERE { ?g a bg:Gemeente ; skos:altLabel ?n } ORDER BY ?n LIMIT 1")
    term = name.lower().replace('"', "")
    say(f"  suite: doc {doc.rsplit('/', 1)[-1]}, plan {plan.rsplit('/', 1)[-1]}, hub klimaatakkoord, term {term!r}")
    out = {}
    for qname, (template, _agg) in QUERIES.items():
        out[qname] = PREFIXES + template.replace("{doc}", doc).replace("{plan}", plan).replace(
            "{hub}", hub).replace("{term}", term)
    return out


# --- HTTP ---------------------------------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def app_server(store_path: Path, workers: int, env_extra: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """Run the web app with uvicorn on loopback (``workers`` processes, read-only store); yield (url, pid)."""
    import httpx

    port = _free_port()
    env = {**os.environ, "BELEIDSGRAAF_STORE_PATH": str(store_path), "BELEIDSGRAAF_MAX_ROWS": "2000000",
           "BELEIDSGRAAF_QUERY_TIMEOUT": "120", **(env_extra or {})}
    cmd = [sys.executable, "-m", "uvicorn", "beleidsgraaf.api.workers:create", "--factory", "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {proc.returncode}")
            try:
                if httpx.get(f"{url}/api/stats", timeout=60).status_code < 500:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        yield url, proc.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()


WRK_SCRIPT = """
local bodies = {}
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
local counter = 0
local offset = 0
wrk.method = "%(method)s"
%(headers)s
setup = function(thread) offset = offset + 1; thread:set("offset", offset) end
init = function(args) counter = (offset or 0) * 7919 end
request = function()
  counter = counter + 1
  if #bodies == 0 then return wrk.format() end
  return wrk.format(nil, nil, nil, bodies[(counter %% #bodies) + 1])
end
"""


def wrk_test(url: str, method: str, bodies: list[dict[str, str]], *, connections: int, duration: float,
             headers: dict[str, str]) -> dict[str, Any] | None:
    """Load with wrk (C, from Debian's package), cycling through ``bodies``; None when wrk is not installed.

    A load generator in Python needs about as much CPU per request as the server, on the same 2 cores; wrk
    needs a small fraction of that, so it measures the server.
    """
    import shutil
    from urllib.parse import urlencode

    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as work:
        body_file = Path(work) / "bodies.txt"
        body_file.write_text("".join(urlencode(b) + "\n" for b in bodies), encoding="utf-8")
        all_headers = {**headers, **({"Content-Type": "application/x-www-form-urlencoded"} if bodies else {})}
        script = Path(work) / "load.lua"
        script.write_text(WRK_SCRIPT % {
            "bodies": body_file, "method": method,
            "headers": "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in all_headers.items())},
            encoding="utf-8")
        out = subprocess.run([wrk, "-t2", f"-c{connections}", f"-d{duration:.0f}s", "--latency", "-s", str(script),
                              url], capture_output=True, text=True, timeout=duration + 60).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]

    total = re.search(r"(\d+) requests in", out)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = sum(int(x) for x in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = bad + (sum(int(x) for x in sock.groups()) if sock else 0)
    return {"rps": float(rate.group(1)) if rate else 0.0, "p50": ms("50%"), "p99": ms("99%"), "errors": errors,
            "n": int(total.group(1)) if total else 0, "tool": "wrk"}


def load_test(url: str, method: str, body: dict[str, str] | None, *, connections: int, duration: float,
              headers: dict[str, str] | None = None) -> dict[str, Any]:
    """``connections`` threads, each with its own keep-alive connection, for ``duration`` seconds (the fallback
    when wrk is not installed; Python's client shares the 2 cores with the server and caps the rate)."""
    import httpx

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def worker() -> None:
        nonlocal errors
        local: list[float] = []
        bad = 0
        with httpx.Client(timeout=60, headers=headers) as client:
            while time.monotonic() < stop:
                t = time.perf_counter()
                try:
                    r = client.request(method, url, data=body) if body else client.request(method, url)
                    r.read()
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                local.append(time.perf_counter() - t)
                bad += 0 if ok else 1
        with lock:
            latencies.extend(local)
            errors += bad

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.monotonic() - start
    lat = sorted(x * 1000 for x in latencies)
    if not lat:
        return {"rps": 0.0, "p50": 0.0, "p99": 0.0, "errors": errors, "n": 0, "tool": "httpx"}
    return {"rps": len(lat) / elapsed, "p50": lat[len(lat) // 2], "p99": lat[min(len(lat) - 1, int(len(lat) * 0.99))],
            "errors": errors, "n": len(lat), "tool": "httpx"}


def _rss_tree_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (MB), from /proc (workers and their engines).

    One pass over ``/proc/*/stat`` finds the descendants (no ``ps`` started per process: the stream test
    samples this every 50 ms while it measures).
    """
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "(comm)", which may hold spaces
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total = 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
    return total


def _documents(url: str, n: int) -> list[str]:
    """IRIs of up to ``n`` documents with relations, asked of the running server (for varied one-hop queries)."""
    import httpx

    q = PREFIXES + f"SELECT DISTINCT ?d WHERE {{ ?d a bg:Programma ; bg:valtOnder ?t }} LIMIT {n}"
    r = httpx.post(f"{url}/sparql", data={"query": q}, headers={"Accept": "application/sparql-results+json"},
                   timeout=300)
    r.raise_for_status()
    return [b["d"]["value"] for b in r.json()["results"]["bindings"]]


def http_bench(scale: str, path: Path, queries: dict[str, str], *, duration: float, workers_list: list[int],
               stream_rows: int, say: Callable[[str], None]) -> list[list[object]]:
    """HTTP throughput of /sparql and the main /api calls; returns table rows.

    Every endpoint runs with the answer cache on (the default: a repeated query is answered from it). The
    one-hop query also runs with the cache off (``BELEIDSGRAAF_RESULT_CACHE_MB=0``), once always the same query
    and once over 1,000 different documents, so the table shows the engine's own rate too; and again with each
    worker's engine serving a copy of the store in memory (``BELEIDSGRAAF_STORE_IN_MEMORY``).
    """
    from beleidsgraaf.graph.store import build_store

    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-http-") as work:
        store = Path(work) / "store"
        build_store(store, path, build_id=f"bench-{scale}", graphs=None)
        one_hop = queries["one-hop relations"]
        doc_iri = one_hop.split("{ <", 1)[1].split(">", 1)[0]
        doc_id = doc_iri.rsplit("/", 1)[-1]
        label = queries["label search"].split('"')[-2]
        endpoints: dict[str, tuple[str, str, list[dict[str, str]]]] = {
            "/sparql one-hop": ("POST", "/sparql", [{"query": one_hop}]),
            "/sparql label search": ("POST", "/sparql", [{"query": queries["label search"]}]),
            "/api/entities/{id}": ("GET", f"/api/entities/{doc_id}", []),
            "/api/entities/{id}/lineage": ("GET", f"/api/entities/{doc_id}/lineage", []),
            "/api/search?q=": ("GET", f"/api/search?q={label}", []),
        }
        # (workers, answer cache, store in memory)
        configs = [(w, True, False) for w in workers_list] + [(w, False, m) for m in (False, True)
                                                                for w in workers_list]
        for workers, cache, memory in configs:
            tag = "" if cache else " (cache off" + (", store in memory)" if memory else ")")
            say(f"  HTTP @ {scale}, {workers} worker(s){tag}")
            env = {} if cache else {"BELEIDSGRAAF_RESULT_CACHE_MB": "0"}
            if memory:
                env["BELEIDSGRAAF_STORE_IN_MEMORY"] = "true"
            with app_server(store, workers, env) as (url, pid):
                rss = f"server RSS {_rss_tree_mb(pid):,.0f} MB"
                todo = dict(endpoints)
                if not cache:
                    docs = _documents(url, 1000)
                    todo = {"/sparql one-hop": endpoints["/sparql one-hop"],
                            f"/sparql one-hop, {len(docs):,} documents": (
                                "POST", "/sparql", [{"query": one_hop.replace(doc_iri, d)} for d in docs])}
                for name, (method, rel, bodies) in todo.items():
                    rows.append(_http_row(scale, workers, name + tag, url, method, rel, bodies, duration, rss, say))
        if stream_rows:  # in a server of its own, so no index built for an earlier endpoint counts as its memory
            say(f"  HTTP @ {scale}, streamed SELECT")
            with app_server(store, 1) as (url, pid):
                rows.append(stream_test(url, pid, scale, stream_rows, say))
    return rows


def _http_row(scale: str, workers: int, name: str, url: str, method: str, rel: str, bodies: list[dict[str, str]],
              duration: float, rss: str, say: Callable[[str], None]) -> list[object]:
    """One endpoint under load (wrk, else the Python client) after a first request that must succeed."""
    import httpx

    accept = {"Accept": "application/sparql-results+json"}
    deadline, ok = time.monotonic() + 300, 0
    while True:  # warm up: every worker must have answered (a worker still building its indexes answers 503)
        try:
            probe = httpx.request(method, url + rel, data=bodies[0] if bodies else None, timeout=300,
                                  headers=accept)
        except httpx.HTTPError as exc:
            say(f"    {name}: first request failed: {exc!r}")
            return [scale, workers, name, "error", "", "", f"first request: {exc!r}"[:80]]
        ok = ok + 1 if probe.status_code == 200 else 0
        if ok >= 4 * workers or (probe.status_code not in (200, 503)) or time.monotonic() > deadline:
            break
        if probe.status_code == 503:
            time.sleep(0.5)
    if probe.status_code != 200:
        say(f"    {name}: HTTP {probe.status_code}")
        return [scale, workers, name, f"HTTP {probe.status_code}", "", "", "not available"]
    r = wrk_test(url + rel, method, bodies, connections=8, duration=duration, headers=accept) or \
        load_test(url + rel, method, bodies[0] if bodies else None, connections=8, duration=duration, headers=accept)
    say(f"    {name}: {r['rps']:,.0f} req/s, p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, {r['errors']} errors "
        f"({r['tool']}; {rss})")
    return [scale, workers, name, f"{r['rps']:,.0f}", f"{r['p50']:.1f}", f"{r['p99']:.1f}",
            f"{r['errors']} errors / {r['n']} requests ({r['tool']}); {rss}"]


def _stream_once(url: str, pid: int, n: int) -> tuple[int, int, float, float]:
    """Stream a SELECT of ``n`` rows as TSV while sampling the server's RSS every 50 ms: (rows, bytes, s, peak MB).

    Raises:
        httpx.HTTPError: the request failed; RuntimeError: the server answered with an error status.

    """
    import httpx

    q = PREFIXES + f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {n}"
    peak = [_rss_tree_mb(pid)]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _rss_tree_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    lines = size = 0
    t = time.perf_counter()
    try:
        with httpx.stream("POST", f"{url}/sparql", data={"query": q}, timeout=600,
                          headers={"Accept": "text/tab-separated-values"}) as r:
            if r.status_code != 200:
                raise RuntimeError(f"HTTP {r.status_code}")
            for chunk in r.iter_bytes(1 << 16):
                lines += chunk.count(b"\n")
                size += len(chunk)
    finally:
        done.set()
        sampler.join()
    return max(0, lines - 1), size, time.perf_counter() - t, max(peak[0], _rss_tree_mb(pid))


def stream_test(url: str, pid: int, scale: str, n: int, say: Callable[[str], None]) -> list[object]:
    """A SELECT of ``n`` rows through /sparql, after one of ``n / 10`` rows, with the server's peak RSS for each.

    Memory is bounded when the larger stream needs (almost) no more than the smaller one: a server that held the
    body would grow by about the difference in body size.
    """
    import httpx

    name = f"/sparql {n:,}-row SELECT (TSV)"
    base_rss = _rss_tree_mb(pid)
    try:
        _rows, small_size, _dt, small_peak = _stream_once(url, pid, max(1, n // 10))
        rows, size, dt, peak = _stream_once(url, pid, n)
    except (httpx.HTTPError, RuntimeError) as exc:
        return [scale, 1, name, "error", "", "", str(exc)[:80]]
    say(f"    streamed {rows:,} rows ({size / 1e6:,.0f} MB) in {dt:.1f} s; server RSS {base_rss:,.0f} MB before, "
        f"peak {small_peak:,.0f} MB for {small_size / 1e6:,.0f} MB, {peak:,.0f} MB for {size / 1e6:,.0f} MB")
    return [scale, 1, name, f"{rows / dt:,.0f} rows/s", "", "",
            f"{rows:,} rows, body {size / 1e6:,.0f} MB; server RSS {base_rss:,.0f} MB before, peak "
            f"{small_peak:,.0f} MB for a tenth of the rows ({small_size / 1e6:,.0f} MB), {peak:,.0f} MB for all "
            "(sampled every 50 ms)"]


# --- main ---------------------------------------------------------------------------------------------------


def _fmt(q: dict[str, Any] | None) -> str:
    if not q:
        return "—"
    if "median_ms" in q:
        return f"{q['median_ms']:,.1f} / {q['p95_ms']:,.1f}"
    return str(q.get("status", "—"))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write docs/benchmarks.md (section ``national``)."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scales", default="10k,100k,1M,5M")
    p.add_argument("--quick", action="store_true", help="tiny scale, few runs, short HTTP; writes no docs")
    p.add_argument("--skip-http", action="store_true")
    p.add_argument("--skip-remote", action="store_true")
    p.add_argument("--remote", default="oxigraph,virtuoso", help="remote servers to test (oxigraph,virtuoso)")
    p.add_argument("--remote-scales", default="100k,1M")
    p.add_argument("--rdflib-max", default="1M", help="largest scale for the rdflib baseline")
    p.add_argument("--mem-max", default="1M", help="largest scale for pyoxigraph in memory")
    p.add_argument("--http-scales", default="100k,1M")
    p.add_argument("--workers", default="1,2", help="uvicorn worker counts for the HTTP part")
    p.add_argument("--duration", type=float, default=8.0, help="seconds per HTTP endpoint")
    p.add_argument("--stream-rows", type=int, default=1_000_000)
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--limit", type=float, default=30.0, help="seconds per query run before it is abandoned")
    p.add_argument("--cache", type=Path, default=HERE.parent / "var" / "bench", help="generated graphs")
    p.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    p.add_argument("--json", type=Path, help="also write the raw results as JSON")
    p.add_argument("--from-json", type=Path, help="only render (and write) the tables of an earlier --json run")
    p.add_argument("--engines-from", type=Path,
                   help="start from the load and query results of an earlier --json run; engines measured now "
                        "(--kinds) replace theirs (e.g. HTTP and the on-disk store again on a quiet machine)")
    p.add_argument("--kinds", default="oxigraph-disk,oxigraph-mem,rdflib",
                   help="embedded engines to measure (oxigraph-disk,oxigraph-mem,rdflib)")
    args = p.parse_args(argv)
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        for key, value in saved.get("args", {}).items():
            setattr(args, key, value)
        engines = [EngineResult(**e) for e in saved["engines"]]
        body = render(engines, saved["http"], saved.get("elapsed", 0.0), args, saved.get("load"))
        print(body)
        if not args.no_write:
            write_section("national", "Landelijke schaal / national scale (benchmarks/run.py)", body)
        return 0
    if args.quick:
        args.scales, args.remote_scales, args.http_scales = "5k", "5k", "5k"
        args.reps, args.duration, args.stream_rows, args.workers = 1, 1.0, 2000, "1"
        args.rdflib_max = args.mem_max = "5k"
        args.no_write = True
    say = lambda m: print(m, flush=True)  # noqa: E731
    scales = [parse_scale(s) for s in args.scales.split(",") if s]
    rdflib_max = parse_scale(args.rdflib_max)[1]
    mem_max = parse_scale(args.mem_max)[1]
    remote_scales = {parse_scale(s)[0] for s in args.remote_scales.split(",") if s}
    http_scales = {parse_scale(s)[0] for s in args.http_scales.split(",") if s}
    args.cache.mkdir(parents=True, exist_ok=True)
    results: list[EngineResult] = []
    http_rows: list[list[object]] = []
    started = time.time()
    if args.engines_from:
        results = [EngineResult(**e) for e in json.loads(args.engines_from.read_text(encoding="utf-8"))["engines"]]
    wanted = {k for k in args.kinds.split(",") if k}
    for label, n in scales:
        path = args.cache / f"national-{label}-seed2024.nq"
        if not path.exists():
            t = time.perf_counter()
            with path.with_suffix(".tmp").open("w", encoding="utf-8") as out:
                for line in gen.generate(n):
                    out.write(line)
            path.with_suffix(".tmp").rename(path)
            say(f"generated {label} in {time.perf_counter() - t:.1f} s: {path}")
        say(f"== scale {label}")
        queries = suite(path, say)
        kinds = ["oxigraph-disk"]
        if n <= mem_max:
            kinds.append("oxigraph-mem")
        if n <= rdflib_max:
            kinds.append("rdflib")
        measured = [run_engine(kind, label, path, queries, reps=args.reps if kind != "rdflib" else
                               max(1, min(3, args.reps)), limit=args.limit, load_limit=1800, say=say)
                    for kind in kinds if kind in wanted]
        if not args.skip_remote and label in remote_scales:
            measured.extend(remote_bench(label, path, queries, args, say))
        again = {(r.engine, r.scale) for r in measured}
        results = [r for r in results if (r.engine, r.scale) not in again] + measured
        if not args.skip_http and label in http_scales:
            http_rows += http_bench(label, path, queries, duration=args.duration,
                                    workers_list=[int(w) for w in args.workers.split(",")],
                                    stream_rows=args.stream_rows if label == max(
                                        http_scales, key=lambda s: parse_scale(s)[1]) else 0, say=say)
    elapsed, load = time.time() - started, os.getloadavg()[0]
    rank = {"oxigraph-disk": 0, "oxigraph-mem": 1, "rdflib": 2}
    results.sort(key=lambda r: (parse_scale(r.scale)[1], rank.get(r.engine, 3), r.engine))
    body = render(results, http_rows, elapsed, args, load)
    print(body)
    if args.json:
        kept = {k: getattr(args, k) for k in ("reps", "limit", "duration")}
        args.json.write_text(json.dumps({"engines": [r.__dict__ for r in results], "http": http_rows,
                                         "elapsed": elapsed, "load": load, "args": kept}, indent=1, default=str),
                             encoding="utf-8")
    if not args.no_write:
        write_section("national", "Landelijke schaal / national scale (benchmarks/run.py)", body)
        say("written: docs/benchmarks.md (section national)")
    return 0


def remote_bench(label: str, path: Path, queries: dict[str, str], args: argparse.Namespace,
                 say: Callable[[str], None]) -> list[EngineResult]:
    """The same suite on the remote backend against servers started on loopback."""
    from benchmarks.servers import oxigraph_binary, oxigraph_server, virtuoso_binary, virtuoso_server

    out = []
    for name in [s for s in args.remote.split(",") if s]:
        starter = {"oxigraph": (oxigraph_binary, oxigraph_server), "virtuoso": (virtuoso_binary, virtuoso_server)}
        if name not in starter:
            continue
        binary, start = starter[name]
        if binary() is None:
            res = EngineResult(f"remote-{name}", label, note="server not installed")
            out.append(res)
            say(f"  remote-{name}: not installed, skipped")
            continue
        with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as work, start(Path(work)) as srv:
            server = {"name": srv.name, "query_url": srv.query_url, "update_url": srv.update_url,
                      "user": srv.user, "password": srv.password}
            reps = max(1, min(5, args.reps))
            out.append(run_engine("remote", label, path, queries, reps=reps, limit=args.limit, load_limit=3600,
                                  server=server, say=say))
    return out


def _num(text: object) -> float | None:
    try:
        return float(str(text).split()[0].replace(",", ""))
    except (ValueError, IndexError):
        return None


def targets(results: list[EngineResult], http_rows: list[list[object]]) -> list[list[object]]:
    """The issue's targets at 1 M triples, each with what was measured and whether it was met."""
    out: list[list[object]] = []
    disk = next((r for r in results if r.engine == "oxigraph-disk" and r.scale == "1M"), None)
    base = next((r for r in results if r.engine == "rdflib" and r.scale == "1M"), None)
    if disk is None:
        return [["(no 1M run)", "", ""]]
    rate = disk.quads / disk.load_s if disk.load_s else 0
    out.append(["load into the on-disk store ≥ 150,000 quads/s at 1 M", f"{rate:,.0f} quads/s",
                "yes" if rate >= 150_000 else "**no**"])
    for q, (_t, aggregate) in QUERIES.items():
        r = disk.queries.get(q, {})
        limit = 300 if aggregate else 50
        med = r.get("median_ms")
        met = med is not None and med <= limit
        out.append([f"{q}: median ≤ {limit} ms at 1 M", f"{med:,.1f} ms" if med is not None else str(r),
                    "yes" if met else "**no**"])
    slower = []
    if base is not None:
        for q in QUERIES:
            b, d = base.queries.get(q, {}), disk.queries.get(q, {})
            if "median_ms" in b and "median_ms" in d and d["median_ms"] > b["median_ms"]:
                slower.append(q)
        out.append(["no query slower than the rdflib baseline", ", ".join(slower) or "none slower",
                    "yes" if not slower else "**no**"])
    one_hop = [row for row in http_rows if row[0] == "1M" and str(row[2]).startswith("/sparql one-hop")
               and _num(row[3]) is not None]
    for row in one_hop:
        rps, p99 = _num(row[3]) or 0, _num(row[5]) or 1e9
        variant = str(row[2]).removeprefix("/sparql one-hop").strip(" ,") or "same query, answer cache on"
        out.append([f"/sparql one-hop ≥ 2,000 req/s, p99 ≤ 20 ms ({row[1]} worker(s), 8 connections; {variant})",
                    f"{rps:,.0f} req/s, p99 {p99:,.1f} ms", "yes" if rps >= 2000 and p99 <= 20 else "**no**"])
    stream = [row for row in http_rows if "row SELECT" in str(row[2])]
    for row in stream:
        m = re.search(r"body ([\d,]+) MB;.* peak ([\d,]+) MB for a tenth .* ([\d,]+) MB for all", str(row[6]))
        what = "1 M-row SELECT streams with bounded server memory (peak RSS for all rows < peak for a tenth + " \
               "10 % of the body)"
        if m is None:
            out.append([what, f"{row[3]}; {row[6]}", "**no**"])
            continue
        body, small_peak, peak = (float(x.replace(",", "")) for x in m.groups())
        out.append([what, f"{row[3]}; {row[6]}", "yes" if peak - small_peak < body / 10 else "**no**"])
    return out


def render(results: list[EngineResult], http_rows: list[list[object]], elapsed: float,
           args: argparse.Namespace, load: float | None = None) -> str:
    """The Markdown body: load table, query tables per scale, ratio to rdflib, HTTP table, targets."""
    parts = []
    load_rows = [[r.scale, r.engine, f"{r.quads:,}", f"{r.load_s:,.1f}",
                  f"{r.quads / r.load_s:,.0f}" if r.load_s else "—", f"{r.peak_mb:,.0f}", r.note]
                 for r in results]
    parts.append("### Laden / load\n\n" + table(
        ["scale", "engine", "quads", "load s", "quads/s", "peak RSS MB", "note"], load_rows))
    for scale in dict.fromkeys(r.scale for r in results):
        at = [r for r in results if r.scale == scale]
        base = next((r for r in at if r.engine == "rdflib"), None)
        headers = ["query", *[r.engine for r in at]]
        if base:
            headers.append("rdflib / oxigraph-disk")
        rows = []
        disk = next((r for r in at if r.engine == "oxigraph-disk"), None)
        for q in QUERIES:
            row: list[object] = [q + (" ¹" if QUERIES[q][1] else "")]
            row += [_fmt(r.queries.get(q)) for r in at]
            if base and disk:
                b, d = base.queries.get(q, {}), disk.queries.get(q, {})
                if "median_ms" in b and "median_ms" in d and d["median_ms"] > 0:
                    row.append(f"{b['median_ms'] / d['median_ms']:,.0f}×")
                elif "status" in b and "median_ms" in d:
                    row.append(f"> {args.limit * 1000 / max(d['median_ms'], 0.001):,.0f}×")
                else:
                    row.append("—")
            rows.append(row)
        parts.append(f"### Adviseursvragen / advisor queries at {scale} (median / p95 ms)\n\n" + table(headers, rows))
    parts.append("¹ aggregate or scan over the whole country (target ≤ 300 ms at 1 M; others ≤ 50 ms).")
    if http_rows:
        parts.append(f"### HTTP (loopback, 8 connections, {args.duration:.0f} s per endpoint)\n\n" + table(
            ["scale", "workers", "endpoint", "req/s", "p50 ms", "p99 ms", "note"], http_rows))
    parts.append(f"Queries: the suite in `benchmarks/run.py` (`QUERIES`), entities picked deterministically from the "
                 f"generated graph. Runs: {args.reps} after one warm-up (rdflib: up to 3; a run over "
                 f"{args.limit:.0f} s "
                 f"is abandoned and recorded as such). Total time {elapsed / 60:.1f} min. "
                 f"Machine load: {load if load is not None else os.getloadavg()[0]:.1f} (1-min load average at the "
                 f"end of the run); other work on the machine makes the numbers noisy. "
                 f"Platform: {platform.platform()}.")
    parts.append("### Doelen / targets (1 M triples, 2 cores)\n\n" + table(["target", "measured", "met"],
                                                                          targets(results, http_rows)))
    return "\n\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
