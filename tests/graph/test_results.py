"""The SELECT result writers: every kind of term, escapes, and the bounded cache of written terms."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from beleidsgraaf.graph import results
from beleidsgraaf.graph.results import SolutionWriter, write_solutions

XSD = "http://www.w3.org/2001/XMLSchema#"
IRI = ox.NamedNode("https://data.beleidsgraaf.nl/id/document/ros-twente")
TRICKY = 'Regionale "ROS" \\ Twente\n\tĳzer — €10 miljoen\x01'

ROWS: list[list[object | None]] = [
    [IRI, ox.Literal(TRICKY, language="nl"), None],
    [ox.BlankNode("b0"), ox.Literal("10000000", datatype=ox.NamedNode(XSD + "decimal")), ox.Literal("platte tekst")],
    [IRI, None, ox.Triple(IRI, ox.NamedNode("https://w3id.org/beleidsgraaf/def#isUitwerkingVan"), IRI)],
]
EXPECTED = [
    {"s": {"type": "uri", "value": IRI.value}, "o": {"type": "literal", "value": TRICKY, "xml:lang": "nl"}},
    {"s": {"type": "bnode", "value": "b0"},
     "o": {"type": "literal", "value": "10000000", "datatype": XSD + "decimal"},
     "x": {"type": "literal", "value": "platte tekst"}},
    {"s": {"type": "uri", "value": IRI.value},
     "x": {"type": "triple", "value": {
         "subject": {"type": "uri", "value": IRI.value},
         "predicate": {"type": "uri", "value": "https://w3id.org/beleidsgraaf/def#isUitwerkingVan"},
         "object": {"type": "uri", "value": IRI.value}}}},
]


def test_json_bindings_have_every_term_kind_and_escape() -> None:
    doc = json.loads(write_solutions("json", ["s", "o", "x"], ROWS))
    assert doc == {"head": {"vars": ["s", "o", "x"]}, "results": {"bindings": EXPECTED}}


def test_rows_written_in_several_pieces_make_one_document() -> None:
    writer = SolutionWriter("json", ["s", "o", "x"])
    text = writer.head() + writer.rows(ROWS[:1]) + writer.rows([]) + writer.rows(ROWS[1:]) + writer.tail(3)
    doc = json.loads(text)
    assert doc["results"]["bindings"] == EXPECTED
    assert doc["truncated"]["limit"] == 3


def test_a_term_written_before_is_written_the_same_in_every_format() -> None:
    first = {fmt: write_solutions(fmt, ["s", "o", "x"], ROWS) for fmt in ("json", "xml", "tsv")}
    again = {fmt: write_solutions(fmt, ["s", "o", "x"], ROWS) for fmt in ("json", "xml", "tsv")}
    assert first == again
    assert b"<literal xml:lang=\"nl\">" in first["xml"]
    assert b'"Regionale \\"ROS\\" \\\\ Twente\\n\\t\xc4\xb3zer' in first["tsv"]


def test_the_cache_of_written_terms_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "TERM_CACHE_SIZE", 10)
    rows: list[list[object | None]] = [[ox.NamedNode(f"https://voorbeeld.nl/{i}")] for i in range(100)]
    doc = json.loads(write_solutions("json", ["s"], rows))
    assert [b["s"]["value"] for b in doc["results"]["bindings"]] == [f"https://voorbeeld.nl/{i}" for i in range(100)]
    assert len(results._JSON_TEXTS) <= 10
