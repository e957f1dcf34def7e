"""Start a real ``beleidsgraaf serve`` (uvicorn + store engine process) on a free loopback port for tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

TOKEN = "test-token-9f2c"


@dataclass
class LiveServer:
    url: str
    store_path: Path
    proc: subprocess.Popen[bytes]
    token: str = TOKEN

    @property
    def endpoint(self) -> str:
        return self.url + "/sparql"

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def kill_hard(self) -> None:
        """SIGKILL the server and its engine process (same process group); return once all have exited."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        wait_group_gone(self.proc.pid)


def group_members(pgid: int) -> list[int]:
    """Processes of process group ``pgid`` that still run (zombies have closed their files and are left out)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if fields[0] not in "ZX" and int(fields[2]) == pgid:
            members.append(int(stat.parent.name))
    return members


def wait_group_gone(pgid: int, timeout: float = 30) -> None:
    """Wait until no process of the group runs: the main process may die before its engine child, which still
    holds the store's lock until the kernel has torn it down.

    Raises:
        TimeoutError: a process of the group still runs after ``timeout`` seconds.

    """
    deadline = time.monotonic() + timeout
    while members := group_members(pgid):
        if time.monotonic() > deadline:
            raise TimeoutError(f"processes {members} of group {pgid} still run after {timeout} s")
        time.sleep(0.01)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def empty_store(path: Path) -> Path:
    """An empty on-disk Oxigraph store (so ``serve`` does not build the Hengelo graph into it)."""
    store = ox.Store(str(path))
    store.flush()
    del store
    return path


@contextmanager
def live_server(store_path: Path, *, token: str | None = TOKEN, args: tuple[str, ...] = (),
                env: dict[str, str] | None = None) -> Iterator[LiveServer]:
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("BELEIDSGRAAF_")}
    environ["BELEIDSGRAAF_STORE_PATH"] = str(store_path)
    if token:
        environ["BELEIDSGRAAF_WRITE_TOKEN"] = token
    environ.update(env or {})
    log_path = store_path.parent / f"server-{port}.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "beleidsgraaf.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        env=environ, start_new_session=True, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    server = LiveServer(url, store_path, proc, token or "")
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                err = log_path.read_text(errors="replace")
                raise RuntimeError(f"server exited with {proc.returncode}: {err[-2000:]}")
            try:
                if httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start within 120 s")
            time.sleep(0.2)
        yield server
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        wait_group_gone(proc.pid)
        log.close()
