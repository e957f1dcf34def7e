"""The view's data, selection and page, on the real Hengelo store and a graph with hostile names."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from beleidsgraaf.cli import main
from beleidsgraaf.errors import InvalidParameter, NotFound
from beleidsgraaf.graph.store import EmbeddedStore
from beleidsgraaf.settings import Settings
from beleidsgraaf.viz.network import ViewOptions, cached_graph, render_view, safe_json, select_nodes

from .conftest import BASE, XSS_IMG, XSS_SCRIPT


def _edges(store: EmbeddedStore, source: str, rel: str) -> dict[str, list[str]]:
    graph = cached_graph(store)
    return {e.target: [c.quote for c in e.claims] for e in graph.edges if e.source == source and e.rel == rel}


def test_graph_has_the_sourced_relations(hengelo_store: EmbeddedStore) -> None:
    graph = cached_graph(hengelo_store)
    elaborates = _edges(hengelo_store, "ros-twente", "isUitwerkingVan")
    assert "rsia" in elaborates
    assert any("De ROS vormt een verdere uitwerking" in q for q in elaborates["rsia"])
    assert {"gemeente-enschede", "gemeente-hengelo", "gemeente-almelo"} <= set(_edges(hengelo_store, "rsia",
                                                                                        "opgesteldDoor"))
    rsia = graph.nodes["rsia"]
    assert rsia.label_nl == "Regionale Stedelijke Investeringsagenda"
    assert "RSIA" in rsia.alt
    assert rsia.segment == "document"
    assert graph.nodes["gemeente-hengelo"].segment == "organisatie"  # a TOOI IRI, typed through its class
    assert cached_graph(hengelo_store) is graph  # cached per store version


def test_funding_event_is_attached_with_amount(hengelo_store: EmbeddedStore) -> None:
    node = cached_graph(hengelo_store).nodes["routekaart-verduurzamen-maatschappelijk-vastgoed"]
    fundings = [e for e in node.events if e["kind"] == "financiering"]
    assert any(e["amount"] and float(e["amount"]["value"]) == 10_000_000 for e in fundings)
    assert all(e["claims"] for e in fundings)


def test_selection_by_focus_theme_and_type(hengelo_store: EmbeddedStore) -> None:
    graph = cached_graph(hengelo_store)
    one = select_nodes(graph, ViewOptions(focus="ros-twente", depth=1))
    assert {"ros-twente", "rsia", "position-paper-twente-2050"} <= one
    assert "gemeente-enschede" not in one  # two steps away (via rsia)
    assert "gemeente-enschede" in select_nodes(graph, ViewOptions(focus="ros-twente", depth=2))
    assert select_nodes(graph, ViewOptions(focus="ros-twente", depth=0)) == {"ros-twente"}
    docs = select_nodes(graph, ViewOptions(types=("document",)))
    assert "rsia" in docs and "gemeente-hengelo" not in docs
    programmes = select_nodes(graph, ViewOptions(types=("Agenda",)))  # a class: itself and subclasses
    assert "rsia" in programmes and "ros-twente" not in programmes
    themed = select_nodes(graph, ViewOptions(theme="toekomstbestendige-stedelijke-ontwikkeling"))
    assert {"rsia", "ros-twente", "toekomstbestendige-stedelijke-ontwikkeling"} <= themed
    assert len(themed) < len(graph.nodes)


def test_selection_errors_name_the_parameter(hengelo_store: EmbeddedStore) -> None:
    graph = cached_graph(hengelo_store)
    with pytest.raises(NotFound) as missing:
        select_nodes(graph, ViewOptions(focus="ros-twent"))
    assert "focus" in str(missing.value) and "ros-twente" in missing.value.suggestions
    with pytest.raises(NotFound, match="theme"):
        select_nodes(graph, ViewOptions(theme="rsia"))  # an entity, but not a strategic theme
    with pytest.raises(InvalidParameter) as bad_type:
        select_nodes(graph, ViewOptions(types=("bestand",)))
    assert bad_type.value.parameter == "type"
    with pytest.raises(InvalidParameter) as bad_depth:
        select_nodes(graph, ViewOptions(focus="rsia", depth=99))
    assert bad_depth.value.parameter == "depth"


def _external_references(html: str) -> list[str]:
    """Script, link, image and CSS references in the page (outside inline scripts) that would load something."""
    html = re.sub(r"(<script\b[^>]*>).*?</script>", r"\1</script>", html, flags=re.S | re.I)
    refs = re.findall(r"<(?:script|img|iframe|link|source)\b[^>]*\b(?:src|href)\s*=\s*[\"']?([^\"'\s>]+)", html,
                      flags=re.I)
    refs += re.findall(r"url\(\s*['\"]?([^'\")]+)", html, flags=re.I)
    refs += re.findall(r"@import\s+([^;]+)", html, flags=re.I)
    return [r for r in refs if not r.startswith("data:")]


def test_page_is_self_contained_with_csp(hengelo_store: EmbeddedStore) -> None:
    page = render_view(hengelo_store, ViewOptions())
    html = page.html
    assert "default-src 'none'" in page.csp and "connect-src 'none'" in page.csp
    assert f'content="{page.csp}"' in unescape(html)
    assert "vis-network" in html and "new vis.Network" in html
    assert _external_references(html) == []
    assert page.nodes == len(cached_graph(hengelo_store).nodes)
    vis = json.loads(re.search(r'<script type="application/json" id="bg-vis">(.*?)</script>', html, re.S)[1])
    assert vis["options"]["physics"]["enabled"] is False
    assert vis["options"]["edges"]["smooth"] is False
    assert all("x" in n and "y" in n for n in vis["nodes"])


def test_hostile_names_are_escaped_in_the_page(hostile_store: EmbeddedStore) -> None:
    html = render_view(hostile_store, ViewOptions(title=XSS_IMG)).html
    assert XSS_IMG not in html
    assert XSS_SCRIPT not in html
    assert html.count("</script>") == 4  # the two JSON blocks and the two scripts, nothing injected
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the title, escaped by the template
    data = json.loads(re.search(r'<script type="application/json" id="bg-data">(.*?)</script>', html, re.S)[1])
    assert data["nodes"]["kwaadaardig"]["nl"] == XSS_IMG  # unchanged once parsed


def test_safe_json_cannot_close_a_script_element() -> None:
    text = safe_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_cli_writes_a_standalone_file(built_store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ros.html"
    code = main(["viz", "--store", str(built_store_path), "-o", str(out), "--focus", "ros-twente", "--depth", "1",
                 "--server-url", "http://example.invalid:9000", "--layout-cache", str(tmp_path / "cache")])
    assert code == 0
    html = out.read_text(encoding="utf-8")
    assert '"serverUrl":"http://example.invalid:9000"' in html
    assert '"focus":"ros-twente"' in html
    assert list((tmp_path / "cache").glob("layout-*.json"))
    assert main(["viz", "--store", str(built_store_path), "-o", str(out), "--focus", "nope-nope"]) == 1
    assert "focus" in capsys.readouterr().err


def test_routes_serve_the_view(hengelo_store: EmbeddedStore, built_store_path: Path) -> None:
    from beleidsgraaf.api.app import create_app

    app = create_app(Settings(store_path=built_store_path, base_iri=BASE), store=hengelo_store)
    with TestClient(app) as client:
        whole = client.get("/viz")
        assert whole.status_code == 200
        assert "default-src 'none'" in whole.headers["content-security-policy"]
        assert whole.headers["content-type"].startswith("text/html")
        focused = client.get("/viz/ros-twente", params={"depth": 1})
        assert focused.status_code == 200 and '"focus":"ros-twente"' in focused.text
        assert '"serverUrl":""' in focused.text  # links stay on this server
        missing = client.get("/viz/ros-twent")
        assert missing.status_code == 404 and "ros-twente" in missing.json()["suggestions"]
        assert client.get("/viz", params={"type": "bestand"}).status_code == 422
        assert client.get("/viz/rsia", params={"depth": 42}).status_code == 422
