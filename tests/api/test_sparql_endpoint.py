"""The /sparql endpoint and /store in-process (TestClient on a private copy of the built Hengelo store)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from beleidsgraaf.api.app import create_app
from beleidsgraaf.graph.store import EmbeddedStore
from beleidsgraaf.settings import Settings

BASE = "https://data.beleidsgraaf.nl"
DOC = f"{BASE}/id/document"
TOOI = "https://identifier.overheid.nl/tooi/id/gemeente/"
TOKEN = "s3cret-token"
BG = "PREFIX bg: <https://w3id.org/beleidsgraaf/def#>\n"
RSIA_BY = BG + f"SELECT ?org WHERE {{ <{DOC}/rsia> bg:opgesteldDoor ?org }}"
ONTOLOGY = f"{BASE}/graph/ontologie"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def make_client(path: Path, **overrides: object) -> TestClient:
    settings = Settings(store_path=path, base_iri=BASE, **overrides)  # type: ignore[arg-type]
    return TestClient(create_app(settings, store=EmbeddedStore(path)))


@pytest.fixture()
def client(store_copy: Path) -> Iterator[TestClient]:
    with make_client(store_copy, write_token=TOKEN) as c:
        yield c


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def ask(client: TestClient, query: str) -> bool:
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


# -- query forms and formats -----------------------------------------------------------------------------------


def test_select_in_every_result_format(client: TestClient) -> None:
    expected = {TOOI + "gm0153", TOOI + "gm0164", TOOI + "gm0141"}
    r = client.get("/sparql", params={"query": RSIA_BY})
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert {b["org"]["value"] for b in r.json()["results"]["bindings"]} >= expected
    r = client.get("/sparql", params={"query": RSIA_BY}, headers={"Accept": "application/sparql-results+xml"})
    root = ElementTree.fromstring(r.content)
    assert {u.text for u in root.iter(SRX + "uri")} >= expected
    r = client.get("/sparql", params={"query": RSIA_BY}, headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["org"] and {row[0] for row in rows[1:]} >= expected
    r = client.get("/sparql", params={"query": RSIA_BY}, headers={"Accept": "text/tab-separated-values"})
    lines = r.text.splitlines()
    assert lines[0] == "?org" and {f"<{iri}>" for iri in expected} <= set(lines[1:])


def test_content_negotiation_uses_q_values_and_wildcards(client: TestClient) -> None:
    def media(accept: str) -> str:
        r = client.get("/sparql", params={"query": RSIA_BY}, headers={"Accept": accept})
        assert r.status_code == 200, r.text
        return r.headers["content-type"].split(";")[0]

    assert media("text/csv;q=0.5, application/sparql-results+xml") == "application/sparql-results+xml"
    assert media("text/csv, application/sparql-results+xml;q=0.9") == "text/csv"
    assert media("*/*") == "application/sparql-results+json"
    assert media("text/*;q=0.9, text/csv;q=0.1") == "text/tab-separated-values"
    assert media("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") == "text/html"
    assert media("application/json") == "application/sparql-results+json"


def test_graph_results_in_every_rdf_format(client: TestClient) -> None:
    query = BG + f"CONSTRUCT {{ <{DOC}/rsia> bg:opgesteldDoor ?o }} WHERE {{ <{DOC}/rsia> bg:opgesteldDoor ?o }}"
    formats = {"text/turtle": "turtle", "application/n-triples": "nt", "application/n-quads": "nquads",
               "application/trig": "trig", "application/ld+json": "json-ld", "application/rdf+xml": "xml"}
    for media, rdflib_format in formats.items():
        r = client.get("/sparql", params={"query": query}, headers={"Accept": media})
        assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media, (media, r.text)
        g = Graph()
        if rdflib_format in ("nquads", "trig"):
            from rdflib import Dataset

            ds = Dataset()
            ds.parse(data=r.content, format=rdflib_format)
            g = Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
        else:
            g.parse(data=r.content, format=rdflib_format)
        assert len(g) >= 3, media


def test_describe_defaults_to_turtle(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": f"DESCRIBE <{DOC}/rsia>"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=r.text, format="turtle")) > 0


def test_ask_post_direct_and_form(client: TestClient) -> None:
    query = BG + f"ASK {{ <{DOC}/ros-twente> bg:isUitwerkingVan <{DOC}/rsia> }}"
    r = client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.json()["boolean"] is True
    r = client.post("/sparql", data={"query": query})
    assert r.json()["boolean"] is True


# -- protocol errors ---------------------------------------------------------------------------------------------


def test_protocol_errors(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": RSIA_BY}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.json()["available"]
    r = client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = client.post("/sparql", content=b"query=ASK%20%7B%7D")
    assert r.status_code == 415
    r = client.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D")
    assert r.status_code == 400 and r.json()["parameter"] == "query"
    r = client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"}, headers=auth())
    assert r.status_code == 400
    r = client.get("/sparql", params={"update": "CLEAR ALL"})
    assert r.status_code == 400
    r = client.post("/sparql?query=ASK%20%7B%7D", content=b"ASK {}",
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400


def test_malformed_query_gives_parser_message_and_position(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?s\nWHERE { ?s ?p }"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "malformed_query"
    assert body["position"]["line"] == 2
    assert "line 2" in body["message"]


def test_service_description(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = {str(o) for o in g.objects(None, URIRef(sd + "endpoint"))}
    assert endpoints == {"http://testserver/sparql"}
    names = {str(o) for o in g.objects(None, URIRef(sd + "name"))}
    assert ONTOLOGY in names
    assert (None, None, URIRef(sd + "SPARQL11Update")) in g  # a token is configured


# -- datasets ----------------------------------------------------------------------------------------------------


def test_default_graph_uri_restricts_the_dataset(client: TestClient) -> None:
    query = f"ASK {{ <{DOC}/rsia> ?p ?o }}"
    assert ask(client, query)
    r = client.get("/sparql", params={"query": query, "default-graph-uri": ONTOLOGY})
    assert r.json()["boolean"] is False
    r = client.get("/sparql", params={"query": f"ASK FROM <{ONTOLOGY}> {{ <{DOC}/rsia> ?p ?o }}"})
    assert r.status_code == 200 and r.json()["boolean"] is False
    r = client.get("/sparql", params={"query": "ASK FROM NAMED <" + ONTOLOGY + "> { GRAPH ?g { ?s ?p ?o } }"})
    assert r.json()["boolean"] is True


def test_from_a_graph_not_in_the_store_is_refused(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * FROM <http://127.0.0.1:9/data.ttl> { ?s ?p ?o }"})
    assert r.status_code == 403 and "not in the store" in r.json()["message"]


# -- limits --------------------------------------------------------------------------------------------------------


def test_row_limit_truncation_is_signalled(store_copy: Path) -> None:
    with make_client(store_copy, max_rows=2) as c:
        query = "SELECT ?s WHERE { ?s ?p ?o }"
        r = c.get("/sparql", params={"query": query})
        assert r.headers["x-result-truncated"] == "true" and r.headers["x-result-limit"] == "2"
        assert "Warning" in r.headers
        body = r.json()
        assert len(body["results"]["bindings"]) == 2 and body["truncated"]["limit"] == 2
        r = c.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
        assert r.headers["x-result-truncated"] == "true" and len(r.text.strip().splitlines()) == 3
        r = c.get("/sparql", params={"query": query + " LIMIT 1"})
        assert "x-result-truncated" not in r.headers
        r = c.get("/sparql", params={"query": query, "format": "html"})
        assert "ingekort tot 2 rijen" in r.text


def test_body_limit_413(store_copy: Path) -> None:
    with make_client(store_copy, max_body_bytes=100) as c:
        r = c.post("/sparql", content=b"ASK {}" + b" " * 200, headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 413
        r = c.post("/sparql", content=b"ASK {}", headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 200


# -- updates and the token -------------------------------------------------------------------------------------


INSERT = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 } }"
PROBE = "ASK { <http://example.org/a> <http://example.org/p> 1 }"


def test_updates_are_read_only_without_a_token(store_copy: Path) -> None:
    with make_client(store_copy) as c:
        r = c.post("/sparql", content=INSERT.encode(), headers={"Content-Type": "application/sparql-update",
                                                                  "Authorization": "Bearer anything"})
        assert r.status_code == 403 and r.json()["error"] == "read_only"
        assert not ask(c, PROBE)


def test_update_needs_the_right_bearer_token(client: TestClient) -> None:
    version = client.app.state.store.version  # type: ignore[attr-defined]
    headers = {"Content-Type": "application/sparql-update"}
    r = client.post("/sparql", content=INSERT.encode(), headers=headers)
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    r = client.post("/sparql", content=INSERT.encode(), headers={**headers, "Authorization": "Bearer wrong"})
    assert r.status_code == 403
    assert not ask(client, PROBE)
    r = client.post("/sparql", content=INSERT.encode(), headers={**headers, **auth()})
    assert r.status_code == 200 and r.json()["added"] == 1
    assert ask(client, PROBE)
    assert client.app.state.store.version != version  # type: ignore[attr-defined]
    r = client.post("/sparql", data={"update": "CLEAR GRAPH <http://example.org/g>"}, headers=auth())
    assert r.status_code == 200 and not ask(client, PROBE)


def test_update_that_breaks_the_shapes_is_rejected_and_nothing_applied(client: TestClient) -> None:
    update = BG + f"""INSERT DATA {{
      GRAPH <http://example.org/g> {{ <http://example.org/a> <http://example.org/p> 1 .
                                      <{DOC}/nieuw-programma> a bg:Programma }}
    }}"""
    r = client.post("/sparql", content=update.encode(),
                    headers={"Content-Type": "application/sparql-update", **auth()})
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "shapes_violation"
    assert any(v["focus"] == f"{DOC}/nieuw-programma" for v in body["violations"])
    assert not ask(client, PROBE)
    assert not ask(client, f"ASK {{ <{DOC}/nieuw-programma> ?p ?o }}")


def test_update_using_graph_uri(client: TestClient) -> None:
    update = ("INSERT { GRAPH <http://example.org/copy> { ?org a <http://example.org/Opsteller> } } "
              f"WHERE {{ <{DOC}/rsia> <https://w3id.org/beleidsgraaf/def#opgesteldDoor> ?org }}")
    r = client.post(f"/sparql?using-graph-uri={BASE}/graph/hengelo-jaarstukken-2024-h5-1", content=update.encode(),
                    headers={"Content-Type": "application/sparql-update", **auth()})
    assert r.status_code == 200, r.text
    assert ask(client, f"ASK {{ GRAPH <http://example.org/copy> {{ <{TOOI}gm0153> a <http://example.org/Opsteller> }} }}")


# -- graph store -------------------------------------------------------------------------------------------------


def test_graph_store_crud(client: TestClient) -> None:
    g = {"graph": "http://example.org/gsp"}
    turtle = b"<http://example.org/x> <http://example.org/p> 'een' ."
    assert client.get("/store", params=g).status_code == 404
    assert client.put("/store", params=g, content=turtle, headers={"Content-Type": "text/turtle"}).status_code == 401
    r = client.put("/store", params=g, content=turtle, headers={"Content-Type": "text/turtle", **auth()})
    assert r.status_code == 201
    r = client.post("/store", params=g, content=b'<http://example.org/y> <http://example.org/p> "twee" .',
                    headers={"Content-Type": "application/n-triples", **auth()})
    assert r.status_code == 204
    r = client.get("/store", params=g, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and len(r.text.strip().splitlines()) == 2
    assert client.head("/store", params=g).status_code == 200
    r = client.put("/store", params=g, content=turtle, headers={"Content-Type": "text/turtle", **auth()})
    assert r.status_code == 204
    r = client.get("/store", params=g, headers={"Accept": "application/n-triples"})
    assert len(r.text.strip().splitlines()) == 1
    assert client.delete("/store", params=g, headers=auth()).status_code == 204
    assert client.get("/store", params=g).status_code == 404
    r = client.put("/store", params=g, content=turtle, headers={"Content-Type": "image/png", **auth()})
    assert r.status_code == 415
    r = client.get("/store", params={"graph": ONTOLOGY}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and len(Graph().parse(data=r.text, format="turtle")) > 100


def test_rdfxml_with_entities_and_remote_jsonld_context_are_refused(client: TestClient) -> None:
    g = {"graph": "http://example.org/evil"}
    xml = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
           b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
           b'rdf:about="http://example.org/x"><rdf:value>&b;</rdf:value></rdf:Description></rdf:RDF>')
    r = client.put("/store", params=g, content=xml, headers={"Content-Type": "application/rdf+xml", **auth()})
    assert r.status_code == 400 and r.json()["error"] == "forbidden_xml"
    doc = json.dumps({"@context": ["http://127.0.0.1:9/context.jsonld"], "@id": "http://example.org/x"}).encode()
    r = client.put("/store", params=g, content=doc, headers={"Content-Type": "application/ld+json", **auth()})
    assert r.status_code == 400 and r.json()["error"] == "forbidden_context"
    assert client.get("/store", params=g).status_code == 404


# -- CORS --------------------------------------------------------------------------------------------------------


def test_cors_reads_from_any_origin_without_credentials_and_never_writes(client: TestClient) -> None:
    origin = {"Origin": "https://elders.example"}
    r = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers
    r = client.post("/sparql", content=INSERT.encode(),
                    headers={**origin, "Content-Type": "application/sparql-update", **auth()})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    r = client.options("/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"})
    assert r.headers["access-control-allow-origin"] == "*"
    r = client.options("/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type, authorization"})
    assert "access-control-allow-origin" not in r.headers


def test_query_errors_are_readable_cross_origin(client: TestClient) -> None:
    origin = {"Origin": "https://elders.example"}
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}, headers=origin)
    assert r.status_code == 400 and r.headers["access-control-allow-origin"] == "*"
    assert r.json()["position"]["line"] == 1
    r = client.post("/sparql", data={"query": "SELECT * WHERE { SERVICE <http://elders.example/q> { ?s ?p ?o } }"},
                    headers=origin)
    assert r.status_code == 403 and r.headers["access-control-allow-origin"] == "*"
    r = client.post("/sparql", data={"update": INSERT}, headers=origin)  # a write: no CORS, also not on errors
    assert r.status_code in (401, 403) and "access-control-allow-origin" not in r.headers


def test_cors_origins_are_configurable(store_copy: Path) -> None:
    with make_client(store_copy, cors_origins=["https://ok.example"]) as c:
        r = c.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://ok.example"})
        assert r.headers["access-control-allow-origin"] == "https://ok.example"
        r = c.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://other.example"})
        assert "access-control-allow-origin" not in r.headers


# -- the page ---------------------------------------------------------------------------------------------------


def test_query_page_offline_escaped_with_examples(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<textarea" in page and "Voorbeelden" in page
    assert 'src="http' not in page and "<link" not in page and "@import" not in page
    evil = 'SELECT ("<script>alert(1)</script>" AS ?x) {}'
    r = client.get("/sparql", params={"query": evil, "format": "html"})
    assert r.status_code == 200
    assert "<script>alert(1)</script>" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    r = client.get("/sparql", params={"query": "SELECT ?x { <oops", "format": "html"})
    assert r.status_code == 400 and "text/html" in r.headers["content-type"] and 'role="alert"' in r.text


def test_example_queries_answer_the_advisors_questions(client: TestClient) -> None:
    from beleidsgraaf.api.sparql_page import examples

    results = {}
    for ex in examples(BASE):
        r = client.get("/sparql", params={"query": ex.sparql})
        assert r.status_code == 200, (ex.title_en, r.text)
        results[ex.title_en] = r.json()["results"]["bindings"]
    lineage = results["Lineage of ROS Twente: what does it elaborate, what does it build on?"]
    assert any(b["naar"]["value"] == f"{DOC}/rsia" for b in lineage)
    drawn_up = {b["organisatie"]["value"] for b in results["Who drew up the RSIA?"]}
    assert {TOOI + "gm0153", TOOI + "gm0164", TOOI + "gm0141"} <= drawn_up


def test_relative_iris_resolve_against_the_host_the_client_used(client: TestClient) -> None:
    """The endpoint URL is the base IRI; it is remembered per host, never carried over to another host."""
    query = "SELECT ?b WHERE { BIND(<relatief> AS ?b) }"
    seen = []
    for host in ("a.voorbeeld.nl", "b.voorbeeld.nl", "a.voorbeeld.nl"):
        r = client.get("/sparql", params={"query": query}, headers={"Host": host,
                                                                     "Accept": "application/sparql-results+json"})
        assert r.status_code == 200, r.text
        seen.append(r.json()["results"]["bindings"][0]["b"]["value"])
    assert seen == ["http://a.voorbeeld.nl/relatief", "http://b.voorbeeld.nl/relatief", "http://a.voorbeeld.nl/relatief"]
