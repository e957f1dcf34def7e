"""The pre-evaluation look at queries (outbound IRIs, form, dataset) and Accept negotiation."""

from __future__ import annotations

import pytest

from beleidsgraaf.api.conneg import negotiate
from beleidsgraaf.errors import QueryError, QueryForbidden
from beleidsgraaf.graph.sparql_guard import add_using, check_outbound, inspect


def test_service_found_through_prefixes_base_and_case() -> None:
    info = inspect("PREFIX x: <http://evil.example/> select * { sErViCe x:sparql { ?s ?p ?o } }")
    assert info.form == "SELECT" and info.services == ["http://evil.example/sparql"]
    info = inspect("BASE <http://evil.example/a/> ASK { SERVICE SILENT <../sparql> { ?s ?p ?o } }")
    assert info.services == ["http://evil.example/sparql"]
    assert inspect("SELECT * { BIND(<http://x> AS ?e) SERVICE ?e { ?s ?p ?o } }").services == [None]


def test_keywords_in_comments_strings_iris_and_names_are_not_clauses() -> None:
    query = """# SERVICE <http://evil.example/> in a comment
    PREFIX ex: <http://example.org/SERVICE#>
    SELECT ?SERVICE WHERE { ?s ex:SERVICE "SERVICE <http://evil.example/>" ; ex:p '''FROM <http://x/>''' }"""
    info = inspect(query)
    assert info.services == [] and info.from_graphs == []


def test_unresolvable_service_iri_is_an_error() -> None:
    with pytest.raises(QueryError):
        inspect("SELECT * { SERVICE <relative> { ?s ?p ?o } }")
    with pytest.raises(QueryError):
        inspect("SELECT * { SERVICE undeclared:x { ?s ?p ?o } }")


def test_check_outbound_uses_the_allow_list_and_the_store_graphs() -> None:
    info = inspect("SELECT * FROM <http://store/g> { SERVICE <http://ok.example/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryForbidden):
        check_outbound(info, [], {"http://store/g"})
    check_outbound(info, ["http://ok.example/"], {"http://store/g"})
    with pytest.raises(QueryForbidden):
        check_outbound(info, ["http://ok.example/"], set())
    with pytest.raises(QueryForbidden):
        check_outbound(inspect("LOAD <http://evil.example/d.ttl>", update=True), ["http://ok.example/"], set())


def test_using_is_added_before_each_modify_where_only() -> None:
    update = ("CLEAR ALL ; INSERT DATA { <a> <b> <c> } ; "
              "INSERT { ?s a <T> } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } } ; DELETE WHERE { ?x <p> ?y }")
    info = inspect(update, base="http://base/", update=True)
    out = add_using(update, info, ["http://g/1"], ["http://g/2"])
    assert out.count("USING <http://g/1> USING NAMED <http://g/2> WHERE") == 1
    assert "DELETE WHERE" in out
    with pytest.raises(QueryError):
        text = "WITH <http://g/x> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
        add_using(text, inspect(text, update=True), ["http://g/1"], [])


def test_negotiate_q_values_specificity_and_exclusion() -> None:
    offers = ["application/sparql-results+json", "text/csv", "text/html"]
    assert negotiate(None, offers) == "application/sparql-results+json"
    assert negotiate("text/*", offers) == "text/csv"
    assert negotiate("text/*;q=0.9, text/csv;q=0", offers) == "text/html"
    assert negotiate("image/png", offers) is None
    assert negotiate("application/json;q=0.8, text/csv;q=0.5", offers,
                     {"application/json": "application/sparql-results+json"}) == "application/sparql-results+json"
