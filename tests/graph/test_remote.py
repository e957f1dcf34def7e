"""The remote backend without a server: binding values into query text safely, query shapes, settings."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beleidsgraaf.errors import ConfigurationError, InvalidParameter, QueryError, StoreError
from beleidsgraaf.graph.backends import open_backend
from beleidsgraaf.graph.remote import RemoteStore, bind_values, query_shape, sparql_term
from beleidsgraaf.graph.store import Binding, EmbeddedStore, iri, literal
from beleidsgraaf.settings import Settings

XSD = "http://www.w3.org/2001/XMLSchema#"

HOSTILE = [
    '"} } ; DROP ALL ; #',
    "x\" . } INSERT DATA { <http://e/s> <http://e/p> <http://e/o> } #",
    "'''\"\"\"",
    "back\\slash\\",
    "\\u0022) } DROP ALL #",
    "\\\\u0022",
    "line\nbreak\r\n\ttab\b\f",
    "nul\x00ctl\x01\x1f\x7f",
    "}}}}{{{{ ?q ?q <http://x> #",
    "SERVICE <http://127.0.0.1:1/> { ?s ?p ?o }",
    "ĳ Wĳkgerichte aanpak – “quotes” 💡 \u2028\u2029",
    "",
]


def _roundtrip(value: Binding) -> Binding:
    """Bind ``value`` into a query, run it on an in-memory Oxigraph store, return what came back."""
    text = bind_values("SELECT ?q WHERE { }", {"q": value})
    result = ox.Store().query(text)
    assert isinstance(result, ox.QuerySolutions)
    rows = list(result)
    assert len(rows) == 1
    return Binding.of(rows[0]["q"])


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_literals_round_trip_exactly(value: str) -> None:
    assert _roundtrip(literal(value)) == literal(value, datatype=f"{XSD}string")
    assert _roundtrip(literal(value, lang="nl")) == literal(value, lang="nl")
    assert _roundtrip(literal(value, datatype=f"{XSD}gYear")).value == value


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
def test_any_text_round_trips_and_cannot_change_the_query(value: str) -> None:
    # the query has exactly one solution with exactly the value: nothing of the value became query structure
    assert _roundtrip(literal(value)).value == value


def test_iri_round_trips() -> None:
    value = "https://identifier.overheid.nl/tooi/id/gemeente/gm0164?a=b&c=%22#frag"
    assert _roundtrip(iri(value)) == iri(value)


@pytest.mark.parametrize("value", [
    "http://e/x> } ; DROP ALL ; #", "http://e/a b", 'http://e/"', "http://e/{", "http://e/\\", "http://e/\n",
    "relative/path", "", "http://e/^", "http://e/|", "http://e/`",
])
def test_bad_iris_are_rejected_naming_the_variable(value: str) -> None:
    with pytest.raises(InvalidParameter) as info:
        bind_values("SELECT ?doc WHERE { ?doc ?p ?o }", {"doc": iri(value)})
    assert info.value.parameter == "doc"


@pytest.mark.parametrize(("binding", "name"), [
    (Binding("literal", "x", lang='nl" } DROP ALL #'), "q"),
    (Binding("literal", "x", datatype="http://e/t> } #"), "q"),
    (Binding("bnode", "b0"), "q"),
])
def test_bad_language_tags_datatypes_and_blank_nodes_are_rejected(binding: Binding, name: str) -> None:
    with pytest.raises(InvalidParameter):
        sparql_term(binding, name)


@pytest.mark.parametrize("name", ["q) {} } DROP ALL #", "q ?r", "", "1q", "q-r", "q\n"])
def test_hostile_variable_names_are_rejected(name: str) -> None:
    with pytest.raises(InvalidParameter):
        bind_values("SELECT ?q WHERE { }", {name: literal("x")})


def test_values_go_into_the_outermost_where_group_past_braces_in_strings_iris_and_comments() -> None:
    q = ('PREFIX ex: <http://e/x#WHERE>\n# a comment with { and WHERE {\n'
         'SELECT ?s (CONCAT("{", \'}\', "#") AS ?b) FROM <http://e/g#where> WHERE {\n'
         '  ?s ex:p """ { WHERE } """ . FILTER(?s != <http://e/#x>) }')
    out = bind_values(q, {"s": iri("http://e/s")})
    shape = query_shape(q)
    assert shape.form == "SELECT"
    assert shape.where_open == q.index("WHERE {\n  ?s") + len("WHERE ")
    assert out == q[: shape.where_open + 1] + " VALUES (?s) { (<http://e/s>) } " + q[shape.where_open + 1:]
    ox.Store().query(out)  # still valid SPARQL


def test_construct_binds_in_the_where_group_not_the_template() -> None:
    q = "CONSTRUCT { ?s <http://e/p> ?q } WHERE { ?s <http://e/p> ?o }"
    out = bind_values(q, {"q": literal("v")})
    assert out.startswith("CONSTRUCT { ?s <http://e/p> ?q } WHERE { VALUES (?q)")
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o")))
    triples = list(store.query(out, use_default_graph_as_union=True))
    assert [str(t.object) for t in triples] == ['"v"']


def test_sub_select_is_wrapped_so_the_query_stays_valid() -> None:
    q = "SELECT ?q WHERE { SELECT ?x WHERE { BIND(1 AS ?x) } }"
    out = bind_values(q, {"q": literal("v")})
    rows = list(ox.Store().query(out))
    assert [r["q"].value for r in rows] == ["v"]


def test_describe_without_where_cannot_take_bindings() -> None:
    with pytest.raises(QueryError):
        bind_values("DESCRIBE <http://e/x>", {"q": literal("v")})
    assert bind_values("DESCRIBE <http://e/x>", None) == "DESCRIBE <http://e/x>"


def test_bound_filter_gives_the_same_rows_as_embedded_substitution(hengelo_store: EmbeddedStore) -> None:
    """The VALUES binding of the remote backend means what the embedded store's substitutions mean."""
    q = ("SELECT ?e ?q ?where WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l "
         "FILTER(CONTAINS(LCASE(STR(?l)), ?q)) }")
    bound = {"q": literal("hengelo")}
    embedded = hengelo_store.select(q, bound)
    assert embedded, "Gemeente Hengelo has a label containing 'hengelo'"
    via_values = hengelo_store.select(bind_values(q, bound))
    key = lambda rows: sorted((r["e"].value, r["q"].value) for r in rows)  # noqa: E731
    assert key(via_values) == key(embedded)


def test_open_backend_chooses_by_settings(tmp_path) -> None:
    remote = open_backend(Settings(remote_query_url="http://127.0.0.1:9/query", store_path=tmp_path / "s"))
    assert isinstance(remote, RemoteStore)
    assert remote.read_only
    remote.close()
    with pytest.raises(ConfigurationError):
        open_backend(Settings(remote_query_url="http://127.0.0.1:9/q", remote_user="u", store_path=tmp_path))
    embedded = open_backend(Settings(store_path=tmp_path / "store"))
    assert isinstance(embedded, EmbeddedStore)
    embedded.close()


def test_unreachable_store_and_missing_update_endpoint_are_store_errors() -> None:
    store = RemoteStore("http://127.0.0.1:9/query", timeout=2)
    with pytest.raises(StoreError, match="cannot reach"):
        store.ask("ASK {}")
    with pytest.raises(StoreError, match="read-only"):
        store.update("CLEAR ALL")
    with pytest.raises(QueryError):
        store.select("ASK {}")
    store.close()
