"""The network view in a real headless Chromium, with every request that is not to the page's own origin blocked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from beleidsgraaf.cli import main

from .conftest import XSS_IMG, XSS_SCRIPT, Watched

pytestmark = [pytest.mark.browser, pytest.mark.server]


def _clean(w: Watched) -> None:
    assert w.blocked == [], f"requests outside the page's origin: {w.blocked}"
    assert w.errors == [], f"console errors: {w.errors}"
    assert w.dialogs == []


def _visible(page: Any) -> set[str]:
    return set(page.evaluate("window.bgView.visibleNodes()"))


def test_page_loads_offline_without_errors(watched: Watched, live_server: str) -> None:
    page = watched.open(f"{live_server}/viz")
    assert page.evaluate("window.__bgFirstDraw") > 0
    assert len(_visible(page)) > 100
    assert page.locator("#bg-types label").count() >= 5  # the legend
    _clean(watched)


def test_search_by_acronym_selects_and_centres(watched: Watched, live_server: str) -> None:
    page = watched.open(f"{live_server}/viz")
    page.fill("#bg-search", "RSIA")
    first = page.locator("#bg-results li").first
    assert first.get_attribute("data-node") == "rsia"
    assert "Regionale Stedelijke Investeringsagenda" in first.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-selected='rsia']")
    assert page.locator("#bg-panel-title").inner_text() == "Regionale Stedelijke Investeringsagenda"
    centre = page.evaluate("window.bgView.network.getViewPosition()")
    pos = page.evaluate("window.bgView.network.getPositions(['rsia']).rsia")
    assert abs(centre["x"] - pos["x"]) < 1 and abs(centre["y"] - pos["y"]) < 1
    assert "#knoop=rsia" in page.url  # the URL now opens the view on RSIA
    _clean(watched)


def test_clicking_ros_twente_shows_what_it_elaborates_with_quotes(watched: Watched, live_server: str) -> None:
    page = watched.open(f"{live_server}/viz")
    page.evaluate("window.bgView.network.focus('ros-twente', {scale: 1.5, animation: false})")
    box = page.locator("#bg-network").bounding_box()
    xy = page.evaluate("""() => { const n = window.bgView.network;
        return n.canvasToDOM(n.getPositions(['ros-twente'])['ros-twente']); }""")
    page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
    page.wait_for_selector("body[data-selected='ros-twente']")
    assert page.locator("#bg-panel-title").inner_text() == "Ruimtelijke OntwikkelStrategie Twente"
    items = page.locator("#bg-panel .rels-out li[data-rel='isUitwerkingVan']")
    targets = {items.nth(i).get_attribute("data-other") for i in range(items.count())}
    assert {"rsia", "position-paper-twente-2050"} <= targets
    rsia = page.locator("#bg-panel .rels-out li[data-rel='isUitwerkingVan'][data-other='rsia']")
    assert "Regionale Stedelijke Investeringsagenda" in rsia.inner_text()
    assert "De ROS vormt een verdere uitwerking van de Regionale Sted" in rsia.locator("blockquote").first.inner_text()
    assert page.locator("#bg-entity-link").get_attribute("href") == "/doc/document/ros-twente"
    assert page.locator("#bg-sparql-link").get_attribute("href").startswith("/sparql?query=")
    _clean(watched)


def test_filters_hide_types_relations_and_other_themes(watched: Watched, live_server: str) -> None:
    page = watched.open(f"{live_server}/viz")
    assert "gemeente-hengelo" in _visible(page)
    page.check("#bg-types input[data-type='organisatie']")  # already checked: a no-op
    page.uncheck("#bg-types input[data-type='organisatie']")
    visible = _visible(page)
    assert "gemeente-hengelo" not in visible and "gemeente-enschede" not in visible and "rsia" in visible
    page.check("#bg-types input[data-type='organisatie']")
    assert "gemeente-hengelo" in _visible(page)
    page.uncheck("#bg-rels input[data-rel='isUitwerkingVan']")
    rels = page.evaluate("window.bgView.visibleEdges().map(id => window.bgView.edges.get(id).rel)")
    assert rels and "isUitwerkingVan" not in rels
    page.select_option("#bg-theme", "duurzame-inrichting")
    themed = _visible(page)
    assert "duurzame-inrichting" in themed
    assert "toekomstbestendig-sociaal-domein" not in themed and len(themed) < 200
    _clean(watched)


def test_deep_links_open_focused(watched: Watched, live_server: str) -> None:
    page = watched.open(f"{live_server}/viz/ros-twente?depth=1")
    page.wait_for_selector("body[data-selected='ros-twente']")
    assert "rsia" in _visible(page) and "gemeente-enschede" not in _visible(page)
    page = watched.open(f"{live_server}/viz#knoop=rsia")
    page.wait_for_selector("body[data-selected='rsia']")
    assert page.locator("#bg-panel-title").inner_text() == "Regionale Stedelijke Investeringsagenda"
    _clean(watched)


def test_keyboard_search_panel_and_png_export(watched: Watched, live_server: str) -> None:
    page = watched.open(f"{live_server}/viz")
    page.locator("#bg-network").focus()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "bg-search"
    page.keyboard.type("ros")
    page.keyboard.press("ArrowDown")
    chosen = page.get_attribute("#bg-results li[aria-selected='true']", "data-node")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"body[data-selected='{chosen}']")
    page.locator("#bg-panel .linkbtn").first.focus()
    page.keyboard.press("Enter")  # a related entity, chosen from the panel by keyboard
    page.wait_for_function(f"document.body.getAttribute('data-selected') !== '{chosen}'")
    page.locator("#bg-network").focus()
    page.keyboard.press("Escape")
    assert page.locator("#bg-panel").is_hidden()
    with page.expect_download() as download:
        page.click("#bg-png")
    path = download.value.path()
    assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    _clean(watched)


def test_english_labels_on_request(watched: Watched, live_server: str) -> None:
    page = watched.open(f"{live_server}/viz#knoop=ros-twente")
    page.click("#bg-lang")
    assert page.locator("#bg-panel-title").inner_text() == "Spatial Development Strategy Twente"
    assert page.evaluate("window.bgView.nodes.get('ros-twente').label") == "Spatial Development Strategy Twente"
    _clean(watched)


def test_standalone_file_is_offline_and_shows_hostile_names_as_text(
    file_watched: Watched, hostile_store_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "hostile.html"
    assert main(["viz", "--store", str(hostile_store_path), "-o", str(out), "--title", XSS_IMG]) == 0
    page = file_watched.open(out.as_uri())
    assert page.locator("img").count() == 0 and page.locator("svg").count() == 0
    assert page.locator("#bg-title").inner_text() == XSS_IMG
    page.fill("#bg-search", "img src")
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-selected='kwaadaardig']")
    assert page.locator("#bg-panel-title").inner_text() == XSS_IMG
    quotes = page.locator("#bg-panel blockquote").all_inner_texts()
    assert any(XSS_SCRIPT in q for q in quotes)
    assert page.locator("#bg-panel img, #bg-panel script, #bg-panel svg").count() == 0
    assert page.evaluate("window.bgView.nodes.get('script-programma').label") == XSS_SCRIPT
    assert page.locator("#bg-entity-link").get_attribute("href") == \
        "http://127.0.0.1:8000/doc/document/kwaadaardig"
    assert file_watched.blocked == []
    assert file_watched.errors == [] and file_watched.dialogs == []
