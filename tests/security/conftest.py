"""Fixtures of the security suite: a live server on a private store copy, a loopback listener, a secret file."""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.api.live_server import LiveServer, live_server

BASE = "https://data.beleidsgraaf.nl"
DOC = f"{BASE}/id/document"
BG = "PREFIX bg: <https://w3id.org/beleidsgraaf/def#>\n"
#: A string that must never appear in any response: it is the content of a file outside every served folder.
SECRET = "GEHEIM-7c1e9a-niet-lezen"


@dataclass
class Listener:
    """A loopback TCP listener that records every connection (any protocol) made to it."""

    url: str
    port: int
    connections: list[bytes] = field(default_factory=list)


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """A raw TCP listener on loopback; the test asserts that nobody connected to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    port = int(sock.getsockname()[1])
    rec = Listener(f"http://127.0.0.1:{port}", port)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    rec.connections.append(conn.recv(4096) or b"<connected>")
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/turtle\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    rec.connections.append(b"<connected>")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield rec
    finally:
        stop.set()
        thread.join(5)
        sock.close()


@pytest.fixture(scope="module")
def secret_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with ``secret.yaml``/``secret.txt`` (holding :data:`SECRET`) and an empty review folder inside."""
    root = tmp_path_factory.mktemp("secrets")
    (root / "secret.yaml").write_text(f"geheim: {SECRET}\n", encoding="utf-8")
    (root / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (root / "review").mkdir()
    return root


@pytest.fixture(scope="module")
def server(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory, secret_dir: Path) -> Iterator[LiveServer]:
    """A live server with a write token, a 4 s query limit and a review folder next to a secret file."""
    path = tmp_path_factory.mktemp("sec-live") / "store"
    shutil.copytree(built_store_path, path)
    env = {"BELEIDSGRAAF_REVIEW_DIR": str(secret_dir / "review")}
    with live_server(path, args=("--query-timeout", "4"), env=env) as srv:
        yield srv


@pytest.fixture(scope="module")
def readonly_server(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory,
                    secret_dir: Path) -> Iterator[LiveServer]:
    """A live server without a write token (updates disabled)."""
    path = tmp_path_factory.mktemp("sec-ro") / "store"
    shutil.copytree(built_store_path, path)
    env = {"BELEIDSGRAAF_REVIEW_DIR": str(secret_dir / "review")}
    with live_server(path, token=None, env=env) as srv:
        yield srv

