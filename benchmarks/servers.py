"""Start real SPARQL servers on loopback for the remote-store tests and the benchmark.

- Oxigraph server (PyPI package ``oxigraph``): ``oxigraph serve --location DIR --bind 127.0.0.1:PORT
  --union-default-graph``; query ``/query``, update ``/update``, no credentials.
- Virtuoso open source (Debian ``virtuoso-opensource``): ``virtuoso-t`` with a config written into a temporary
  folder; query ``/sparql``, update ``/sparql-auth`` with HTTP Digest credentials ``dba``/``dba``.

Each server runs in its own process group and is stopped by its pid when the ``with`` block ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Server:
    """A running SPARQL server: its endpoints and credentials."""

    name: str
    query_url: str
    update_url: str
    user: str | None = None
    password: str | None = None
    pid: int = 0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_binary() -> str | None:
    """Path of the ``oxigraph`` CLI (next to this Python first), or None."""
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def virtuoso_binary() -> str | None:
    """Path of ``virtuoso-t``, or None."""
    return shutil.which("virtuoso-t")


def _wait(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not start within {timeout} s: {log.read_text(errors='replace')[-2000:]}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    """Run an Oxigraph server with its data in ``folder`` (union default graph, like the embedded store)."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph CLI is not installed (pip install oxigraph)")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([binary, "serve", "--location", str(folder / "data"), "--bind",
                                 f"127.0.0.1:{port}", "--union-default-graph"],
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/query", proc, log)
        yield Server("oxigraph", f"{base}/query", f"{base}/update", pid=proc.pid)
    finally:
        _stop(proc)


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2
CheckpointInterval = 60
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/vsp
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 5000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
MaxSortedTopRows = 100000
"""


@contextlib.contextmanager
def virtuoso_server(folder: Path, memory_mb: int = 1024) -> Iterator[Server]:
    """Run Virtuoso open source with a fresh database in ``folder`` (updates through /sparql-auth, Digest)."""
    binary = virtuoso_binary()
    if binary is None:
        raise RuntimeError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    buffers = max(10000, memory_mb * 1024 // 8 * 2 // 3)  # 8 KiB pages, two thirds of the memory
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql_port=sql_port, http_port=http_port, buffers=buffers,
                                       dirty=buffers * 3 // 4), encoding="utf-8")
    log = folder / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([binary, "-c", str(ini), "+foreground"], cwd=folder, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{http_port}"
        _wait(f"{base}/sparql", proc, log)
        yield Server("virtuoso", f"{base}/sparql", f"{base}/sparql-auth", "dba", "dba", pid=proc.pid)
    finally:
        _stop(proc)
