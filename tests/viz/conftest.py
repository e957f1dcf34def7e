"""Fixtures of the network-view tests: a tiny graph with hostile names, a live server and headless Chromium."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from beleidsgraaf.graph.pipeline import build
from beleidsgraaf.graph.store import EmbeddedStore
from beleidsgraaf.settings import Settings

BASE = "https://data.beleidsgraaf.nl"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(2)</script>"

SOURCES = """bronnen:
  - id: test-bron
    bestand: sources/test.txt
    document: test-document
    titel: "Test <b>bron</b>"
    records: test
    secties:
      - {kop: "Kop <i>een</i>", niveau: 1}
"""
TEXT = f"""Kop <i>een</i>
Het Testdocument beschrijft het programma {XSS_IMG} als uitwerking.
Daarnaast staat er {XSS_SCRIPT} in de tekst.
"""
RECORDS = f"""bron: test-bron
records:
  - id: test-document
    type: Nota
    naam: Testdocument
    citaat: "Het Testdocument beschrijft"
  - id: kwaadaardig
    type: Programma
    naam: "{XSS_IMG}"
    ook: ["\\"><svg onload=alert(3)>"]
    citaat: "het programma {XSS_IMG} als uitwerking"
    relaties:
      - {{relatie: isUitwerkingVan, doel: test-document, citaat: "Daarnaast staat er {XSS_SCRIPT} in de tekst."}}
  - id: script-programma
    type: Programma
    naam: "{XSS_SCRIPT}"
    citaat: "{XSS_SCRIPT}"
    relaties:
      - {{relatie: verwijstNaar, doel: kwaadaardig, citaat: "{XSS_IMG}"}}
"""


@pytest.fixture(scope="session")
def hostile_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny graph, built through the normal records pipeline, whose names and quotes are HTML/script."""
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    (data / "sources").mkdir(parents=True)
    (data / "test").mkdir()
    (data / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (data / "sources" / "test.txt").write_text(TEXT, encoding="utf-8")
    (data / "test" / "records.yaml").write_text(RECORDS, encoding="utf-8")
    build(data, root / "store", BASE)
    return root / "store"


@pytest.fixture(scope="session")
def hostile_store(hostile_store_path: Path) -> EmbeddedStore:
    """The hostile graph, opened read-only."""
    return EmbeddedStore(hostile_store_path, read_only=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(hengelo_store: EmbeddedStore, built_store_path: Path) -> Iterator[str]:
    """The real web app under uvicorn on a free loopback port, serving the built Hengelo store."""
    import uvicorn

    from beleidsgraaf.api.app import create_app

    settings = Settings(store_path=built_store_path, base_iri=BASE)
    app = create_app(settings, store=hengelo_store)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright (no browser download)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (bash .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page with every request outside ``allowed`` blocked and recorded, and its console errors."""

    def __init__(self, page: Any, allowed: str) -> None:
        self.page = page
        self.allowed = allowed
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.on("request", self._request)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.allowed) or url.startswith("data:") or url.startswith("blob:")):
            self.blocked.append(url)

    def open(self, url: str) -> Any:
        """Navigate and wait for the first frame of the network."""
        self.page.goto(url)
        self.page.wait_for_function("window.__bgFirstDraw !== null && window.__bgFirstDraw !== undefined",
                                    timeout=60_000)
        return self.page


def _watched(browser: Any, allowed: str) -> tuple[Any, Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)

    def route(route: Any) -> None:
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    return context, Watched(context.new_page(), allowed)


@pytest.fixture()
def watched(browser: Any, live_server: str) -> Iterator[Watched]:
    """A fresh page in which every request that is not to the test server is aborted and recorded."""
    context, w = _watched(browser, live_server)
    yield w
    context.close()


@pytest.fixture()
def file_watched(browser: Any) -> Iterator[Watched]:
    """A fresh page for standalone files: any request other than the file itself is aborted and recorded."""
    context, w = _watched(browser, "file://")
    yield w
    context.close()
