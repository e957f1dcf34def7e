"""The W3C SPARQL 1.1 Protocol test suite (all 34 tests) against a live server on a throw-away store.

The manifest and data are the W3C files, unchanged, in ``w3c_protocol/``. Each test's requests are sent in
order with the write token (the update tests need it); the data graphs a test names (``ut:graphData``) are
loaded first through the Graph Store Protocol under the IRI in their ``rdfs:label``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from tests.api.live_server import LiveServer, empty_store, live_server

HERE = Path(__file__).parent / "w3c_protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

MANIFEST = Graph().parse(HERE / "manifest.ttl", format="turtle", publicID=(HERE / "manifest.ttl").as_uri())
_manifest_node = next(MANIFEST.subjects(RDF.type, MF.Manifest))
ENTRIES = list(Collection(MANIFEST, MANIFEST.value(_manifest_node, MF.entries)))

RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld", "application/n-quads": "nquads", "application/trig": "trig"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = empty_store(tmp_path_factory.mktemp("w3c") / "store")
    with live_server(path) as srv:
        yield srv


def _name(entry: URIRef) -> str:
    return str(entry).rsplit("#", 1)[-1]


def _load_graph_data(server: LiveServer, entry: URIRef, client: httpx.Client) -> None:
    for node in MANIFEST.objects(entry, UT.graphData):
        source = Path(str(MANIFEST.value(node, UT.graph)).removeprefix("file://"))
        iri = str(MANIFEST.value(node, RDFS.label))
        r = client.put(server.url + "/store", params={"graph": iri}, content=source.read_bytes(),
                       headers={"Content-Type": "application/n-triples", **server.auth()})
        assert r.status_code in (201, 204), r.text


def _boolean(response: httpx.Response) -> bool:
    media = response.headers["content-type"].split(";")[0]
    if media == "application/sparql-results+json":
        return bool(json.loads(response.content)["boolean"])
    assert media == "application/sparql-results+xml", media
    root = ElementTree.fromstring(response.content)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None
    return node.text == "true"


def _check(response: httpx.Response, expected: URIRef) -> None:
    statuses = {str(s).removeprefix(HTS) for s in MANIFEST.objects(expected, MF.expectedStatus)}
    assert f"{response.status_code // 100}xx" in statuses, (response.status_code, response.text[:500])
    fmt = MANIFEST.value(expected, MF.expectedFormat)
    media = response.headers.get("content-type", "").split(";")[0]
    if fmt is not None and str(fmt) == "boolean":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml"), media
    elif fmt is not None and str(fmt) == "tabular":
        assert media in RESULT_TYPES, media
    elif fmt is not None and str(fmt) == "RDF":
        assert media in RDF_TYPES, media
        Graph().parse(data=response.content, format=RDF_TYPES[media])
    boolean = MANIFEST.value(expected, MF.expectedBoolean)
    if boolean is not None:
        assert _boolean(response) is bool(boolean.toPython())


@pytest.mark.server
@pytest.mark.parametrize("entry", ENTRIES, ids=[_name(e) for e in ENTRIES])
def test_w3c_protocol(server: LiveServer, entry: URIRef) -> None:
    action = MANIFEST.value(entry, MF.action)
    requests = list(Collection(MANIFEST, MANIFEST.value(action, HT.requests)))
    with httpx.Client(timeout=60, follow_redirects=False) as client:
        _load_graph_data(server, entry, client)
        for req in requests:
            headers = dict(server.auth())
            header_list = MANIFEST.value(req, HT.headers)
            if header_list is not None:
                for h in Collection(MANIFEST, header_list):
                    headers[str(MANIFEST.value(h, HT.fieldName))] = str(MANIFEST.value(h, HT.fieldValue))
            body_node = MANIFEST.value(req, HT.body)
            content = None
            if body_node is not None:
                encoding = str(MANIFEST.value(body_node, CNT.characterEncoding) or "UTF-8")
                content = str(MANIFEST.value(body_node, CNT.chars)).encode(encoding)
            path = str(MANIFEST.value(req, HT.absolutePath))
            method = str(MANIFEST.value(req, HT.methodName))
            response = client.request(method, server.url + path, headers=headers, content=content)
            _check(response, MANIFEST.value(req, HT.resp))


def test_manifest_has_all_34_tests() -> None:
    assert len(ENTRIES) == 34
