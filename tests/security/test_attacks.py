"""The attack catalogue of SECURITY.md, against a real ``beleidsgraaf serve``: one test per attack.

Attacks that tests/api already covers (SERVICE/FROM/LOAD to a loopback listener, DOCTYPE in RDF/XML, remote
JSON-LD contexts, the token in the header, CORS on /sparql, the slow SPARQL query) are listed in SECURITY.md with
their test; the tests here add what those do not cover.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.live_server import LiveServer
from tests.security.conftest import BG, DOC, SECRET, Listener

pytestmark = pytest.mark.server

UPDATE = {"Content-Type": "application/sparql-update"}
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def quad_count(server: LiveServer) -> int:
    r = httpx.get(server.endpoint, params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"},
                  headers=JSON_RESULTS, timeout=60)
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def ask(server: LiveServer, query: str) -> bool:
    r = httpx.get(server.endpoint, params={"query": query}, headers=JSON_RESULTS, timeout=60)
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


def assert_error_body(r: httpx.Response) -> None:
    """A refused request says what was wrong: JSON with error and message, or an HTML page with a message."""
    if r.headers.get("content-type", "").startswith("application/json"):
        body = r.json()
        assert body.get("message") or body.get("detail"), r.text
    else:
        assert r.text.strip(), r.status_code


# -- SSRF: every place that takes a URL ---------------------------------------------------------------------------


def test_ssrf_through_protocol_parameters_and_updates(server: LiveServer, listener: Listener) -> None:
    """URL-taking parameters and update clauses not covered by tests/api: none makes the server connect out."""
    url = listener.url
    select = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    for params in ({"default-graph-uri": f"{url}/g"}, {"named-graph-uri": f"{url}/g"},
                   {"default-graph-uri": f"{url}/g", "named-graph-uri": f"{url}/h"}):
        r = httpx.get(server.endpoint, params={"query": select, **params}, timeout=30)
        assert r.status_code in (200, 403), (params, r.text)  # an unknown graph is empty or refused, never fetched
    updates = [
        f"INSERT {{ GRAPH <http://example.org/x> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"INSERT {{ GRAPH <http://example.org/x> {{ ?s ?p ?o }} }} USING <{url}/g> WHERE {{ ?s ?p ?o }}",
        f"WITH <{url}/g> INSERT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
        f"LOAD <{url}/a.ttl> INTO GRAPH <http://example.org/x>",
        f"PREFIX l: <{url}/> LOAD l:a.ttl",
        f"BASE <{url}/> LOAD <a.ttl>",
        f"ADD <{url}/g> TO <http://example.org/x>",
        f"COPY <{url}/g> TO <http://example.org/x>",
        f"CREATE GRAPH <http://example.org/y> ; LOAD SILENT <{url}/b.ttl>",
    ]
    for update in updates:
        r = httpx.post(server.endpoint, content=update.encode(), headers={**UPDATE, **server.auth()}, timeout=60)
        assert r.status_code in (200, 400, 403, 404), (update, r.status_code, r.text)
        assert_error_body(r) if r.status_code != 200 else None
    insert = "INSERT { GRAPH <http://example.org/x> { ?s ?p ?o } } WHERE { ?s ?p ?o } "
    for param in ("using-graph-uri", "using-named-graph-uri"):
        r = httpx.post(server.endpoint, params={param: f"{url}/g"}, content=insert.encode(),
                       headers={**UPDATE, **server.auth()}, timeout=60)
        assert r.status_code in (200, 403), (param, r.text)
    # Graph Store: the graph parameter only names a graph; uploads cannot pull in remote documents
    r = httpx.get(server.url + "/store", params={"graph": f"{url}/g"}, timeout=30)
    assert r.status_code == 404
    nested = {"@id": "http://example.org/x", "http://example.org/p": {"@context": {"@import": f"{url}/c.jsonld"},
                                                                      "@value": "x"}}
    for doc in (nested, {"@context": [{"@vocab": "http://example.org/"}, f"{url}/c.jsonld"], "@id": "http://e/x"}):
        r = httpx.post(server.url + "/store", params={"graph": "http://example.org/ctx"}, content=json.dumps(doc),
                       headers={"Content-Type": "application/ld+json", **server.auth()}, timeout=30)
        assert r.status_code == 400 and r.json()["error"] == "forbidden_context", r.text
    xml = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "{url}/xxe">]><rdf:RDF '
           'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://e/x">'
           '<rdf:value>&e;</rdf:value></rdf:Description></rdf:RDF>')
    r = httpx.put(server.url + "/store", params={"graph": "http://example.org/xxe"}, content=xml.encode(),
                  headers={"Content-Type": "application/rdf+xml", **server.auth()}, timeout=30)
    assert r.status_code == 400
    assert listener.connections == [], listener.connections


# -- local files ----------------------------------------------------------------------------------------------------


def test_local_file_read_through_file_iris(server: LiveServer, secret_dir: Any) -> None:
    """``file:`` IRIs in SERVICE, FROM, FROM NAMED, LOAD, parameters, XML entities and JSON-LD never read a file."""
    secret = (secret_dir / "secret.txt").as_uri()
    ttl = secret_dir / "secret.ttl"
    ttl.write_text(f'<http://example.org/geheim> <http://example.org/p> "{SECRET}" .\n', encoding="utf-8")
    sttl = ttl.as_uri()
    answers: list[httpx.Response] = []
    for query in (f"SELECT * WHERE {{ SERVICE <{sttl}> {{ ?s ?p ?o }} }}",
                  f"SELECT * FROM <{sttl}> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * FROM NAMED <{sttl}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ GRAPH <{sttl}> {{ ?s ?p ?o }} }}",
                  f"DESCRIBE <{sttl}>"):
        r = httpx.get(server.endpoint, params={"query": query}, timeout=30)
        assert r.status_code in (200, 403), (query, r.text)
        answers.append(r)
    r = httpx.get(server.endpoint, params={"query": "SELECT * { ?s ?p ?o } LIMIT 1", "default-graph-uri": sttl},
                  timeout=30)
    answers.append(r)
    for update in (f"LOAD <{sttl}>", f"LOAD <{sttl}> INTO GRAPH <http://example.org/f>",
                   f"ADD <{sttl}> TO <http://example.org/f>"):
        r = httpx.post(server.endpoint, content=update.encode(), headers={**UPDATE, **server.auth()}, timeout=60)
        assert r.status_code in ((200, 400, 403, 404) if update.startswith("ADD") else (400, 403)), (update, r.text)
        answers.append(r)
    xml = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "{secret}">]><rdf:RDF '
           'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://e/x">'
           '<rdf:value>&e;</rdf:value></rdf:Description></rdf:RDF>')
    answers.append(httpx.put(server.url + "/store", params={"graph": "http://example.org/f"}, content=xml.encode(),
                             headers={"Content-Type": "application/rdf+xml", **server.auth()}, timeout=30))
    answers.append(httpx.put(server.url + "/store", params={"graph": "http://example.org/f"},
                             content=json.dumps({"@context": secret, "@id": "http://e/x"}).encode(),
                             headers={"Content-Type": "application/ld+json", **server.auth()}, timeout=30))
    assert answers[-1].status_code == 400 and answers[-2].status_code == 400
    for r in answers:
        assert SECRET not in r.text, r.request.url
    assert not ask(server, f'ASK {{ ?s ?p "{SECRET}" }}')
    assert not ask(server, "ASK { GRAPH <http://example.org/f> { ?s ?p ?o } }")


# -- entity expansion -------------------------------------------------------------------------------------------------


def test_rdf_xml_entity_expansion_is_refused_in_every_spelling(server: LiveServer) -> None:
    """Billion laughs in plain, lower-case, spaced and UTF-16 spellings: refused; the server stays responsive."""
    laughs = "".join(f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10))}">' for i in range(1, 10))
    doc = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "ha">{laughs}]><rdf:RDF '
           'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://e/x">'
           '<rdf:value>&l9;</rdf:value></rdf:Description></rdf:RDF>')
    spellings = [doc.encode(), doc.replace("<!DOCTYPE", "<!doctype").encode(),
                 doc.replace("<!DOCTYPE", "<! DOCTYPE").encode(),
                 doc.replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")]
    for body in spellings:
        for method in ("PUT", "POST"):
            r = httpx.request(method, server.url + "/store", params={"graph": "http://example.org/laughs"},
                              content=body, headers={"Content-Type": "application/rdf+xml", **server.auth()},
                              timeout=60)
            assert r.status_code == 400, (method, body[:60], r.status_code, r.text[:300])
            assert_error_body(r)
    assert not ask(server, "ASK { GRAPH <http://example.org/laughs> { ?s ?p ?o } }")
    assert ask(server, BG + f"ASK {{ <{DOC}/ros-twente> bg:isUitwerkingVan <{DOC}/rsia> }}")


# -- sizes --------------------------------------------------------------------------------------------------------------


def test_oversized_bodies_get_413_on_every_write_route(server: LiveServer) -> None:
    big = b"#" + b" " * 5_100_000  # over the default 5,000,000 bytes
    targets = [("POST", "/sparql", {"Content-Type": "application/sparql-query"}),
               ("POST", "/sparql", {"Content-Type": "application/sparql-update", **server.auth()}),
               ("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"}),
               ("PUT", "/store?graph=http://example.org/big", {"Content-Type": "text/turtle", **server.auth()}),
               ("POST", "/review/x.yaml", {"Content-Type": "application/x-www-form-urlencoded"}),
               ("POST", "/review/x.yaml/schrijven", {"Content-Type": "application/x-www-form-urlencoded"})]
    for method, path, headers in targets:
        r = httpx.request(method, server.url + path, content=big, headers=headers, timeout=120)
        assert r.status_code == 413, (method, path, r.status_code, r.text[:200])
        assert "BELEIDSGRAAF_MAX_BODY_BYTES" in r.json()["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted while it is read
        for _ in range(60):
            yield b"a=" + b"b" * 100_000 + b"&"

    for method, path, headers in targets:
        r = httpx.request(method, server.url + path, content=chunks(), headers=headers, timeout=120)
        assert r.status_code == 413, ("chunked", method, path, r.status_code, r.text[:200])
    assert ask(server, "ASK { ?s ?p ?o }")


def test_oversized_headers_get_431(server: LiveServer) -> None:
    for path in ("/sparql?query=ASK%7B%7D", "/api/search?q=rsia", "/", "/store?graph=http://example.org/g"):
        r = httpx.get(server.url + path, headers={"X-Filler": "x" * 9000}, timeout=30)
        assert r.status_code == 431, (path, r.status_code)
        assert "BELEIDSGRAAF_MAX_HEADER_BYTES" in r.json()["message"]
        r = httpx.get(server.url + path, headers={f"X-F{i}": "y" * 200 for i in range(45)}, timeout=30)
        assert r.status_code == 431, (path, r.status_code)
    r = httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"X-Small": "x" * 1000}, timeout=30)
    assert r.status_code == 200


# -- a slow query next to fast ones ----------------------------------------------------------------------------------


def test_slow_query_does_not_hold_up_the_api_and_pages(server: LiveServer) -> None:
    """tests/api covers fast SPARQL next to a slow one; here REST calls and pages must finish while it runs."""
    done = threading.Event()
    status: list[int] = []

    def slow() -> None:
        r = httpx.get(server.endpoint, params={"query": SLOW}, timeout=120)
        status.append(r.status_code)
        done.set()

    thread = threading.Thread(target=slow)
    thread.start()
    try:
        results = []
        for path in ("/api/entities/ros-twente", "/api/search?q=rsia", "/doc/document/rsia", "/api/stats"):
            r = httpx.get(server.url + path, timeout=120)
            results.append((path, r.status_code, done.is_set()))
    finally:
        thread.join()
    assert [(p, s) for p, s, _ in results] == [(p, 200) for p, _, _ in results]
    assert not any(finished for _, _, finished in results), results
    assert status == [503]


# -- the write token --------------------------------------------------------------------------------------------------


PROBE_INSERT = "INSERT DATA { GRAPH <http://example.org/tok> { <http://example.org/t> <http://example.org/p> %d } }"


def test_token_in_the_query_string_or_form_is_not_accepted(server: LiveServer) -> None:
    token = server.token
    attempts = [
        ("POST", "/sparql", {"access_token": token}, PROBE_INSERT % 1, UPDATE),
        ("POST", "/sparql", {"token": token}, PROBE_INSERT % 2, UPDATE),
        ("POST", "/sparql", {"access_token": token}, f"update={PROBE_INSERT % 3}",
         {"Content-Type": "application/x-www-form-urlencoded"}),
        ("PUT", "/store", {"graph": "http://example.org/tok", "access_token": token},
         "<http://example.org/t> <http://example.org/p> 4 .", {"Content-Type": "text/turtle"}),
        ("DELETE", "/store", {"graph": f"{BASE_GRAPH}", "token": token}, None, {}),
    ]
    for method, path, params, body, headers in attempts:
        r = httpx.request(method, server.url + path, params=params, content=body.encode() if body else None,
                          headers=headers, timeout=60)
        assert r.status_code == 401, (method, path, r.status_code, r.text)
        assert_error_body(r)
    r = httpx.post(server.endpoint, data={"update": PROBE_INSERT % 5, "access_token": token}, timeout=60)
    assert r.status_code == 401
    r = httpx.post(server.endpoint, content=(PROBE_INSERT % 6).encode(), timeout=60,
                   headers={**UPDATE, "Authorization": f"Basic {token}"})
    assert r.status_code == 401
    r = httpx.post(server.endpoint, content=(PROBE_INSERT % 7).encode(), timeout=60,
                   headers={**UPDATE, "Authorization": f"Bearer {token}x"})
    assert r.status_code == 403
    r = httpx.post(server.endpoint, content=(PROBE_INSERT % 8).encode(), timeout=60,
                   headers={**UPDATE, "Authorization": f"Bearer {token[:-1]}"})
    assert r.status_code == 403
    assert not ask(server, "ASK { GRAPH <http://example.org/tok> { ?s ?p ?o } }")
    assert ask(server, f"ASK {{ GRAPH <{BASE_GRAPH}> {{ ?s ?p ?o }} }}")
    r = httpx.post(server.endpoint, content=(PROBE_INSERT % 9).encode(), headers={**UPDATE, **server.auth()},
                   timeout=60)
    assert r.status_code == 200  # the same request with the header is accepted: the refusals above are about the token
    assert ask(server, "ASK { GRAPH <http://example.org/tok> { ?s ?p 9 } }")


BASE_GRAPH = "https://data.beleidsgraaf.nl/graph/ontologie"


def test_every_write_route_is_closed_when_updates_are_disabled(readonly_server: LiveServer) -> None:
    srv = readonly_server
    before = quad_count(srv)
    auth = {"Authorization": "Bearer anything"}
    writes = [
        ("POST", "/sparql", {}, (PROBE_INSERT % 1).encode(), {**UPDATE, **auth}),
        ("POST", "/sparql", {}, f"update={PROBE_INSERT % 2}".encode(),
         {"Content-Type": "application/x-www-form-urlencoded", **auth}),
        ("PUT", "/store", {"graph": "http://example.org/ro"}, b"<http://e/a> <http://e/b> 1 .",
         {"Content-Type": "text/turtle", **auth}),
        ("POST", "/store", {}, b"<http://e/a> <http://e/b> 1 .", {"Content-Type": "text/turtle", **auth}),
        ("DELETE", "/store", {"graph": BASE_GRAPH}, None, auth),
        ("POST", "/review/x.yaml", {}, b"token=anything", {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/review/x.yaml/schrijven", {}, b"token=", {"Content-Type": "application/x-www-form-urlencoded"}),
    ]
    for method, path, params, body, headers in writes:
        r = httpx.request(method, srv.url + path, params=params, content=body, headers=headers, timeout=60)
        assert r.status_code == 403, (method, path, r.status_code, r.text[:300])
        assert_error_body(r)
    assert quad_count(srv) == before


# -- SPARQL injection through the REST parameters ---------------------------------------------------------------------


def _injections(url: str) -> list[str]:
    """Payloads that would call the listener if a route formatted them into a query, after a string, a
    language-tagged string (the rest of the line is a comment), an IRI or a function call, in a flat or a nested group. They start with a real id, so
    the pattern before the injected SERVICE has solutions and the engine evaluates the SERVICE."""
    service = f"SERVICE <{url}/inj> {{ ?zz ?zy ?zx }}"
    out = [f"ros-twente{closer}{tail}" for closer in ('"', "'", ">", '")', '"))')
           for tail in (f" . {service} }} #", f" }} {service} }} #")]
    return [*out, 'x" } ; DROP ALL ; INSERT DATA { <http://e/a> <http://e/b> 1 } #']


def _get_routes(schema: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    routes = []
    for path, ops in schema["paths"].items():
        if "get" in ops and not path.startswith(("/sparql", "/store", "/review")):
            routes.append((path, ops["get"].get("parameters", [])))
    return routes


VALID = {"id": "ros-twente", "entity_id": "ros-twente", "segment": "document", "slug": "rsia", "q": "rsia",
         "from": "koers-2040", "to": "rsia"}


def test_sparql_injection_through_every_rest_parameter(server: LiveServer, listener: Listener) -> None:
    """Every string parameter of every GET route (from the OpenAPI schema) gets injection payloads."""
    schema = httpx.get(server.url + "/openapi.json", timeout=30).json()
    routes = _get_routes(schema)
    assert any(p.startswith("/api/") for p, _ in routes) and len(routes) >= 10
    before = quad_count(server)
    tried = 0
    for path, params in routes:
        strings = [p for p in params if p.get("schema", {}).get("type", "string") == "string"
                   or "anyOf" in p.get("schema", {})]
        for target in strings:
            for payload in _injections(listener.url):
                query: dict[str, str] = {}
                concrete = path
                for p in params:
                    value = payload if p["name"] == target["name"] else VALID.get(p["name"], "")
                    if p["in"] == "path":
                        concrete = concrete.replace("{" + p["name"] + "}", httpx.URL("/" + value).raw_path.decode()
                                                    .lstrip("/").replace("/", "%2F").replace("?", "%3F")
                                                    .replace("#", "%23"))
                    elif p["in"] == "query" and (p.get("required") or p["name"] == target["name"]):
                        query[p["name"]] = value
                r = httpx.get(server.url + concrete, params=query, timeout=60)
                tried += 1
                assert r.status_code < 500, (path, target["name"], payload, r.status_code, r.text[:300])
                if r.status_code >= 400:
                    assert_error_body(r)
    assert tried >= 50
    assert listener.connections == [], listener.connections
    assert quad_count(server) == before
    assert not ask(server, "ASK { <http://e/a> <http://e/b> 1 }")


# -- path traversal ----------------------------------------------------------------------------------------------------


def test_path_traversal_in_routes_that_read_files_or_ids(server: LiveServer) -> None:
    names = ["../secret.yaml", "..%2Fsecret.yaml", "..%252Fsecret.yaml", "%2e%2e%2fsecret.yaml",
             "....//secret.yaml", "..\\secret.yaml", "%2e%2e/secret.yaml", "secret.yaml%00.yaml",
             "/etc/passwd", "%2Fetc%2Fpasswd", ".secret.yaml"]
    prefixes = ["/review/", "/doc/document/", "/id/document/", "/viz/", "/api/entities/", "/doc/",
                "/static/", "/review/x/"]
    for prefix in prefixes:
        for name in names:
            r = httpx.get(server.url + prefix + name, timeout=30, headers={"Accept": "text/html"})
            assert r.status_code in (303, 400, 404, 405, 422), (prefix, name, r.status_code)
            assert SECRET not in r.text and "root:x:0:0" not in r.text, (prefix, name)
            if r.status_code >= 400:
                assert_error_body(r)
    r = httpx.post(server.url + "/review/..%2Fsecret.yaml", data={"token": server.token}, timeout=30)
    assert r.status_code in (400, 404, 422) and SECRET not in r.text


# -- HTML and script injection ---------------------------------------------------------------------------------------


XSS_LABEL = "<script>alert('label')</script><img src=x onerror=alert(1)>"
XSS_QUOTE = "</script><script>alert('quote')</script>\"'><svg onload=alert(2)>"


def test_html_and_script_injection_through_labels_and_quotes(server: LiveServer) -> None:
    """Markup put into a label and a quote by an (authorised) editor is shown as text on every page."""
    claim = httpx.get(server.endpoint, headers=JSON_RESULTS, timeout=60, params={"query": BG + (
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT ?c ?q ?g WHERE { GRAPH ?g { ?c rdf:subject "
        f"<{DOC}/ros-twente> ; bg:citaat ?q }} }} LIMIT 1")}).json()["results"]["bindings"][0]
    c, g = claim["c"]["value"], claim["g"]["value"]
    update = BG + (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX oa: <http://www.w3.org/ns/oa#>\n"
        f"INSERT DATA {{ GRAPH <{g}> {{ <{DOC}/ros-twente> skos:altLabel {json.dumps(XSS_LABEL)}@nl }} }} ;\n"
        f"DELETE {{ GRAPH ?g {{ ?c bg:citaat ?q . ?qs oa:exact ?e . ?ps oa:end ?end }} }}\n"
        f"INSERT {{ GRAPH ?g {{ ?c bg:citaat ?nq . ?qs oa:exact ?nq . ?ps oa:end ?nend }} }}\n"
        f"WHERE {{ GRAPH ?g {{ ?c bg:citaat ?q ; oa:hasSelector ?qs , ?ps . ?qs a oa:TextQuoteSelector ; "
        f"oa:exact ?e . ?ps a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }}\n"
        f"  FILTER (?c = <{c}>) BIND (CONCAT(STR(?q), {json.dumps(' ' + XSS_QUOTE)}) AS ?nq)\n"
        f"  BIND (STRDT(STR(?start + STRLEN(?nq)), DATATYPE(?end)) AS ?nend) }}")
    r = httpx.post(server.endpoint, content=update.encode(), headers={**UPDATE, **server.auth()}, timeout=120)
    if r.status_code != 200:
        pytest.fail(f"could not place the payload: {r.status_code} {r.text[:500]}")
    pages = {
        "entity page": "/doc/document/ros-twente",
        "entity page of the target": "/doc/document/rsia",
        "search page": "/zoeken?q=" + httpx.URL("", params={"x": XSS_LABEL}).query.decode()[2:],
        "network view": "/viz",
        "network view of the entity": "/viz/ros-twente",
        "query page": "/sparql?format=html&query=" + httpx.URL("", params={"x": BG + (
            f"SELECT ?l ?q WHERE {{ <{DOC}/ros-twente> <http://www.w3.org/2004/02/skos/core#altLabel> ?l . "
            f"<{c}> bg:citaat ?q }}")}).query.decode()[2:],
    }
    for what, path in pages.items():
        r = httpx.get(server.url + path, timeout=120, headers={"Accept": "text/html"})
        assert r.status_code == 200, (what, r.status_code, r.text[:300])
        page = r.text
        for raw in ("<script>alert(", "<img src=x onerror", "<svg onload", "</script><script>"):
            assert raw not in page, (what, raw)
        if what != "search page" and what != "entity page of the target":
            assert "alert('label')" in page or "alert(\\u0027label\\u0027)" in page or "alert(&#x27;label" in page \
                or "alert(&#39;label" in page, what  # the payload reached the page, as text
        if what in ("entity page", "query page"):
            assert "svg onload=alert(2)" in page, what  # the quote reached the page, as text


# -- CORS on the write routes ------------------------------------------------------------------------------------------


def test_cors_preflight_from_a_foreign_origin_on_write_routes(server: LiveServer) -> None:
    origin = "https://aanvaller.example"
    for path in ("/sparql", "/store?graph=http://example.org/g", "/review/x.yaml", "/review/x.yaml/schrijven",
                 "/api/search?q=rsia"):
        for method in ("POST", "PUT", "DELETE"):
            for asked in ("content-type", "authorization", "content-type, authorization"):
                r = httpx.options(server.url + path, timeout=30, headers={
                    "Origin": origin, "Access-Control-Request-Method": method,
                    "Access-Control-Request-Headers": asked})
                allow_methods = r.headers.get("access-control-allow-methods", "")
                assert r.headers.get("access-control-allow-credentials") is None, (path, method)
                assert method not in allow_methods or (method == "POST" and path == "/sparql" \
                    and "authorization" not in asked), (path, method, asked, dict(r.headers))
                if "authorization" in asked:
                    assert "access-control-allow-origin" not in r.headers, (path, method, dict(r.headers))
    r = httpx.post(server.url + "/store", params={"graph": "http://example.org/cors"}, timeout=30,
                   content=b"<http://e/a> <http://e/b> 1 .",
                   headers={"Origin": origin, "Content-Type": "text/turtle", **server.auth()})
    assert "access-control-allow-origin" not in r.headers
    r = httpx.get(server.url + "/api/entities/rsia", headers={"Origin": origin, "Cookie": "s=1"}, timeout=30)
    assert r.headers.get("access-control-allow-credentials") is None
