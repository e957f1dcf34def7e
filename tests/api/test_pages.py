"""Linked-data pages: landing page, entity pages, content negotiation on entity IRIs, the dataset description."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from beleidsgraaf.api.app import create_app
from beleidsgraaf.api.pages import negotiate
from beleidsgraaf.graph.store import EmbeddedStore
from beleidsgraaf.settings import Settings
from tests.conftest import BASE, DATA_DIR

BG = Namespace("https://w3id.org/beleidsgraaf/def#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
ROS = URIRef(f"{BASE}/id/document/ros-twente")
RSIA = URIRef(f"{BASE}/id/document/rsia")
TOOI_HENGELO = URIRef("https://identifier.overheid.nl/tooi/id/gemeente/gm0164")
#: Routes whose links are not followed (none: every route of the app exists in this checkout).
FOREIGN: tuple[str, ...] = ()
VOID_ELEMENTS = {"meta", "link", "input", "br", "img", "hr", "source", "wbr", "area", "base", "col", "embed",
                 "param", "track", "circle", "line"}


@pytest.fixture(scope="module")
def client(built_store_path: Path) -> Iterator[TestClient]:
    store = EmbeddedStore(built_store_path, read_only=True)
    app = create_app(Settings(store_path=built_store_path, data_dir=DATA_DIR, base_iri=BASE), store=store)
    with TestClient(app) as c:
        yield c


class Checker(HTMLParser):
    """Collects links and checks that every element is closed in order (a well-formedness check)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and value:
                self.links.append(value)
            if name == "src" and value and not value.startswith("/"):
                self.errors.append(f"external resource {value}")
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and value:
                self.links.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(html: str) -> Checker:
    assert html.lstrip().lower().startswith("<!doctype html>")
    c = Checker()
    c.feed(html)
    c.close()
    assert not c.errors, c.errors[:5]
    assert not c.stack, f"unclosed: {c.stack}"
    assert "<script" not in html.lower()
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")   # nothing is loaded from elsewhere
    return c


def internal_links(c: Checker) -> set[str]:
    return {urlsplit(h).path for h in c.links if h.startswith("/") and not h.startswith(FOREIGN)}


def test_landing_page_links_resolve(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    c = check_html(r.text)
    text = " ".join(c.text)
    assert "Kennisgraaf" in text and "Knowledge graph" in text
    hrefs = {h for h in c.links if h.startswith("/")}
    for entry in ("/zoeken", "/viz", "/sparql", "/dataset", "/api", "/openapi.json"):
        assert entry in hrefs
    assert "/doc/opgave/duurzame-inrichting" in hrefs
    for path in sorted(internal_links(c)):
        assert client.get(path).status_code == 200, path


def test_entity_page(client: TestClient) -> None:
    r = client.get("/doc/document/ros-twente")
    assert r.status_code == 200
    c = check_html(r.text)
    text = " ".join(" ".join(c.text).split())
    assert "Ruimtelijke OntwikkelStrategie Twente" in text and "Spatial Development Strategy Twente" in text
    assert "is uitwerking van" in text and "elaborates" in text
    assert "De ROS vormt een verdere uitwerking van de Regionale" in text    # the quote is on the page
    assert "/doc/document/rsia" in c.links                                     # related entities are links
    assert "/viz/ros-twente" in c.links and "/viz" in c.links
    assert "<svg" in r.text                                                    # the neighbourhood picture
    links = internal_links(c)
    assert len([p for p in links if p.startswith("/doc/")]) >= 5
    for path in sorted(links):
        assert client.get(path).status_code == 200, path


def test_ready_sparql_query_runs(client: TestClient, hengelo_store: EmbeddedStore) -> None:
    c = check_html(client.get("/doc/document/ros-twente").text)
    sparql_link = next(h for h in c.links if h.startswith("/sparql?query="))
    query = parse_qs(urlsplit(sparql_link).query)["query"][0]
    rows = hengelo_store.select(query)
    assert any(row["ander"].value == str(RSIA) and "citaat" in row for row in rows)


def test_page_of_a_public_body_and_of_an_event(client: TestClient) -> None:
    r = client.get("/doc/organisatie/gemeente-hengelo")
    assert r.status_code == 200
    check_html(r.text)
    assert str(TOOI_HENGELO) in r.text
    event = client.get("/api/entities/routekaart-verduurzamen-maatschappelijk-vastgoed").json()["gebeurtenissen"][0]
    path = urlsplit(event["iri"]).path                     # /id/gebeurtenis/...
    r = client.get(path, headers={"accept": "text/html"}, follow_redirects=True)
    assert r.status_code == 200
    c = check_html(r.text)
    assert "/doc/document/routekaart-verduurzamen-maatschappelijk-vastgoed" in c.links or "bg:door" in r.text


def test_unknown_page_is_404_with_suggestions(client: TestClient) -> None:
    r = client.get("/doc/document/ros-twnte")
    assert r.status_code == 404
    c = check_html(r.text)
    assert "/doc/document/ros-twente" in c.links


def test_search_page_escapes_input(client: TestClient) -> None:
    r = client.get("/zoeken", params={"q": '"><script>alert(1)</script>'})
    assert r.status_code == 200
    check_html(r.text)
    assert "&lt;script&gt;" in r.text
    r = client.get("/zoeken", params={"q": "Hart van Zuid"})
    assert "/doc/gebied/hart-van-zuid" in check_html(r.text).links


def test_labels_with_markup_are_escaped(store_copy: Path) -> None:
    store = EmbeddedStore(store_copy)
    store.update(
        "PREFIX bg: <https://w3id.org/beleidsgraaf/def#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX dcterms: <http://purl.org/dc/terms/> "
        f"INSERT DATA {{ GRAPH <{BASE}/graph/test> {{ <{BASE}/id/document/kwaad> a bg:Nota ; "
        "dcterms:identifier \"kwaad\" ; rdfs:label \"<script>alert('x')</script> & <b>vet</b>\"@nl ; "
        f"bg:isUitwerkingVan <{RSIA}> . }} }}")
    app = create_app(Settings(store_path=store_copy, data_dir=DATA_DIR, base_iri=BASE), store=store)
    with TestClient(app) as client:
        for path in ("/doc/document/kwaad", "/doc/document/rsia", "/zoeken?q=kwaad"):
            r = client.get(path)
            assert r.status_code == 200, path
            check_html(r.text)
            assert "<script>alert" not in r.text and "<b>vet</b>" not in r.text
            assert "&lt;script&gt;" in r.text


# --- content negotiation ----------------------------------------------------------------------------------


def test_entity_iri_sends_browsers_to_the_page(client: TestClient) -> None:
    r = client.get("/id/document/ros-twente", headers={"accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"},
                   follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/doc/document/ros-twente"
    assert "Accept" in r.headers["vary"]


def test_entity_iri_as_turtle_with_provenance(client: TestClient) -> None:
    r = client.get("/id/document/ros-twente", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert "Accept" in r.headers["vary"]
    g = Graph().parse(data=r.text, format="turtle")
    assert (ROS, BG.isUitwerkingVan, RSIA) in g
    claims = [c for c in g.subjects(RDF.subject, ROS) if (c, RDF.predicate, BG.isUitwerkingVan) in g
              and (c, RDF.object, RSIA) in g]
    assert claims
    quote = g.value(claims[0], BG.citaat)
    assert quote is not None and "De ROS vormt een verdere uitwerking" in str(quote)
    assert g.value(claims[0], BG.sectie) is not None
    assert (claims[0], BG.bron, URIRef(f"{BASE}/id/document/jaarstukken-2024-hengelo")) in g
    assert (RSIA, RDFS.label, Literal("Regionale Stedelijke Investeringsagenda", lang="nl")) in g


def test_incoming_relations_and_their_claims_are_in_the_description(client: TestClient) -> None:
    g = Graph().parse(data=client.get("/id/document/rsia", headers={"accept": "text/turtle"}).text, format="turtle")
    assert (ROS, BG.isUitwerkingVan, RSIA) in g
    assert any((c, RDF.subject, ROS) in g for c in g.subjects(RDF.object, RSIA))


@pytest.mark.parametrize(("accept", "fmt"), [("application/ld+json", "json-ld"),
                                              ("application/n-triples", "nt")])
def test_entity_iri_other_rdf_formats(client: TestClient, accept: str, fmt: str) -> None:
    r = client.get("/id/organisatie/gemeente-hengelo", headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    if fmt == "json-ld":
        json.loads(r.text)
    g = Graph().parse(data=r.text, format=fmt)
    assert (TOOI_HENGELO, RDF.type, BG.Gemeente) in g


def test_rdf_documents_by_extension(client: TestClient) -> None:
    r = client.get("/doc/document/rsia.ttl")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert (RSIA, BG.opgesteldDoor, TOOI_HENGELO) in Graph().parse(data=r.text, format="turtle")


def test_unacceptable_and_unknown(client: TestClient) -> None:
    assert client.get("/id/document/ros-twente", headers={"accept": "image/png"}).status_code == 406
    r = client.get("/id/document/ros-twentee", headers={"accept": "text/turtle"})
    assert r.status_code == 404 and "ros-twente" in r.json()["suggestions"]
    r = client.get("/id/gebied/ros-twente", headers={"accept": "text/turtle"})   # wrong segment
    assert r.status_code == 404 and r.json()["suggestions"] == ["ros-twente"]


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "html"), ("*/*", "html"), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"),
    ("text/html;q=0.5, text/turtle", "ttl"), ("text/turtle;q=0.2, application/n-triples;q=0.9", "nt"),
    ("application/json, image/png", None), ("text/turtle;q=0", None), ("*/*;q=0.1, text/turtle;q=0.1", "ttl"),
])
def test_negotiate(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept) == expected


def test_dataset_description(client: TestClient) -> None:
    r = client.get("/dataset")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    ds = URIRef(f"{BASE}/dataset")
    assert (ds, RDF.type, DCAT.Dataset) in g and (ds, RDF.type, VOID.Dataset) in g
    triples = g.value(ds, VOID.triples)
    assert triples is not None and int(triples) > 1000
    assert g.value(ds, VOID.sparqlEndpoint) is not None
    assert (ds, VOID.exampleResource, ROS) in g
    classes = {g.value(p, VOID["class"]) for p in g.objects(ds, VOID.classPartition)}
    assert BG.Gemeente in classes
    assert (ds, URIRef("http://purl.org/dc/terms/source"), URIRef(f"{BASE}/id/document/jaarstukken-2024-hengelo")) in g
    js = client.get("/dataset", headers={"accept": "application/ld+json"})
    assert js.headers["content-type"].startswith("application/ld+json")
    Dataset().parse(data=js.text, format="json-ld")


def test_pages_answer_the_overview_questions(client: TestClient) -> None:
    theme = check_html(client.get("/doc/opgave/duurzame-inrichting").text)
    assert "/doc/document/routekaart-verduurzamen-maatschappelijk-vastgoed" in theme.links
    assert "/api/themes/duurzame-inrichting" in theme.links
    area = check_html(client.get("/doc/gebied/hart-van-zuid").text)
    assert "/doc/document/omgevingsprogramma-kms-locatie" in area.links   # via the KMS site within it
    org = check_html(client.get("/doc/organisatie/gemeente-enschede").text)
    assert "/doc/document/rsia" in org.links
    ros = client.get("/doc/document/ros-twente").text
    lineage = check_html(ros)
    assert "/api/entities/ros-twente/lineage" in lineage.links and "Bouwt voort op" in ros
    for path in sorted(internal_links(area) | internal_links(org)):
        assert client.get(path).status_code == 200, path


def test_dataset_links_follow_the_host_and_are_not_kept_without_bound(client: TestClient) -> None:
    for n in range(20):
        r = client.get("/dataset", headers={"host": f"h{n}.example"})
        assert f"http://h{n}.example/sparql" in r.text
    from beleidsgraaf.api.pages import MAX_DATASET_VARIANTS
    from beleidsgraaf.graph.analysis import get_projection

    store = client.app.state.store  # type: ignore[attr-defined]
    assert get_projection(store).cached("dataset:") <= MAX_DATASET_VARIANTS


def test_api_reference_page_is_offline_html(client: TestClient) -> None:
    r = client.get("/api")
    assert r.status_code == 200
    c = check_html(r.text)
    text = " ".join(c.text)
    for path in ("/api/search", "/api/entities/{id}/lineage", "/api/timeline", "/api/stats"):
        assert f"GET {path}" in text
    assert "Zoek entiteiten" in text and "Search entities" in text     # Dutch and English descriptions
    examples = [h for h in c.links if h.startswith("/api/")]
    assert len(examples) >= 10
    for href in examples:
        assert client.get(href).status_code == 200, href
