"""Competency questions: what advisors ask, answered by SPARQL on the built Hengelo graph.

Each answer is checked against the source text (data/sources/...), not against the records: the expected
values below are what chapter 5.1 says. Lookup, one hop, transitive lineage, aggregates, dates, areas and
provenance.
"""

from __future__ import annotations

import pytest

from beleidsgraaf.graph.store import EmbeddedStore, literal
from beleidsgraaf.ontology import PREFIXES

P = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def ids(store: EmbeddedStore, body: str, var: str = "id", **bindings: str) -> set[str]:
    rows = store.select(P + body, {k: literal(v) for k, v in bindings.items()} or None)
    return {row[var].value for row in rows if var in row}


def one_hop(store: EmbeddedStore, subject: str, prop: str) -> set[str]:
    return ids(store, f"""SELECT ?id ?s WHERE {{ ?x dcterms:identifier ?s ; bg:{prop} ?y .
                                              ?y dcterms:identifier ?id }}""", s=subject)


def inverse(store: EmbeddedStore, obj: str, prop: str) -> set[str]:
    return ids(store, f"""SELECT ?id ?o WHERE {{ ?y dcterms:identifier ?o . ?x bg:{prop} ?y ;
                                              dcterms:identifier ?id }}""", o=obj)


# --- lookup ----------------------------------------------------------------------------------------------

def test_q01_find_by_acronym(hengelo_store: EmbeddedStore) -> None:
    """Which entity is 'RSIA'?"""
    found = ids(hengelo_store, "SELECT ?id ?a WHERE { ?x skos:altLabel ?l ; dcterms:identifier ?id "
                "FILTER(STR(?l) = ?a) }", a="RSIA")
    assert found == {"rsia"}


def test_q02_label_in_dutch_and_english(hengelo_store: EmbeddedStore) -> None:
    rows = hengelo_store.select(P + "SELECT ?l ?s WHERE { ?x dcterms:identifier ?s ; rdfs:label ?l }",
                                {"s": literal("ros-twente")})
    langs = {r["l"].lang for r in rows}
    assert {"nl", "en"} <= langs


def test_q03_public_bodies_use_tooi_iris(hengelo_store: EmbeddedStore) -> None:
    found = ids(hengelo_store, "SELECT ?id WHERE { ?x a bg:Gemeente ; dcterms:identifier ?id "
                "FILTER(STRSTARTS(STR(?x), 'https://identifier.overheid.nl/tooi/id/gemeente/gm')) }")
    assert {"gemeente-hengelo", "gemeente-enschede", "gemeente-almelo", "gemeente-borne"} <= found
    all_gemeenten = ids(hengelo_store, "SELECT ?id WHERE { ?x a bg:Gemeente ; dcterms:identifier ?id }")
    assert found == all_gemeenten


def test_q04_what_kind_of_document_is_the_omgevingsvisie(hengelo_store: EmbeddedStore) -> None:
    found = ids(hengelo_store, "SELECT ?id WHERE { ?x a bg:Omgevingsvisie ; dcterms:identifier ?id }")
    assert {"omgevingsvisie-hengelo", "omgevingsvisie-hart-van-hengelo"} <= found


# --- one hop ---------------------------------------------------------------------------------------------

def test_q05_what_does_ros_twente_elaborate(hengelo_store: EmbeddedStore) -> None:
    assert one_hop(hengelo_store, "ros-twente", "isUitwerkingVan") == {
        "rsia", "position-paper-twente-2050", "visie-twente-2050", "koers-2040", "omgevingsvisie-hengelo",
        "visie-spoorzone-hengelo-enschede"}


def test_q06_who_drew_up_the_rsia(hengelo_store: EmbeddedStore) -> None:
    assert one_hop(hengelo_store, "rsia", "opgesteldDoor") == {"gemeente-enschede", "gemeente-hengelo",
                                                               "gemeente-almelo"}
    assert one_hop(hengelo_store, "rsia", "inSamenwerkingMet") == {"provincie-overijssel"}


def test_q07_what_builds_on_the_rsia(hengelo_store: EmbeddedStore) -> None:
    assert "ros-twente" in inverse(hengelo_store, "rsia", "isUitwerkingVan")


def test_q08_who_carries_out_the_basisondersteuning(hengelo_store: EmbeddedStore) -> None:
    """'Op 18 september hebben wij de opdracht ... basisondersteuning gegund aan Stichting Wijkracht.'"""
    assert "stichting-wijkracht" in one_hop(hengelo_store, "basisondersteuning", "uitgevoerdDoor")


def test_q09_what_implements_the_transformatieplan(hengelo_store: EmbeddedStore) -> None:
    assert "uitvoeringsagenda-transformatieplan-sociaal-2024" in inverse(
        hengelo_store, "transformatieplan-sociaal-domein", "geeftUitvoeringAan")


def test_q10_what_implements_the_warmteprogramma_with_whom(hengelo_store: EmbeddedStore) -> None:
    partners = ids(hengelo_store, """SELECT ?id ?s WHERE { ?w dcterms:identifier ?s .
        ?x bg:geeftUitvoeringAan|^bg:geeftUitvoeringAan ?w . ?x (bg:inSamenwerkingMet|bg:uitgevoerdDoor) ?o .
        ?o dcterms:identifier ?id }""", s="warmteprogramma")
    partners |= one_hop(hengelo_store, "warmteprogramma", "inSamenwerkingMet")
    assert "energie-van-hengelo" in partners


def test_q11_members_of_a_partnership(hengelo_store: EmbeddedStore) -> None:
    """The Twentse Koers is carried out with the fourteen municipalities, Menzis, SamenTwente, the province."""
    found = ids(hengelo_store, """SELECT ?id ?s WHERE { ?k dcterms:identifier ?s .
        ?k (bg:inSamenwerkingMet|bg:opgesteldDoor|bg:uitgevoerdDoor|org:hasMember) ?o . ?o dcterms:identifier ?id }""",
                s="twentse-koers")
    assert {"menzis", "samentwente", "provincie-overijssel"} <= found


# --- transitive lineage and impact ---------------------------------------------------------------------

LINEAGE = "(bg:isUitwerkingVan|bg:bouwtVoortOp|bg:maaktDeelUitVan|bg:geeftUitvoeringAan)"


def test_q12_transitive_lineage_of_ros_twente(hengelo_store: EmbeddedStore) -> None:
    found = ids(hengelo_store, f"""SELECT DISTINCT ?id ?s WHERE {{ ?x dcterms:identifier ?s .
        ?x {LINEAGE}+ ?y . ?y dcterms:identifier ?id }}""", s="ros-twente")
    assert {"rsia", "koers-2040", "omgevingsvisie-hengelo", "visie-twente-2050"} <= found


def test_q13_transitive_impact_of_koers_2040(hengelo_store: EmbeddedStore) -> None:
    found = ids(hengelo_store, f"""SELECT DISTINCT ?id ?s WHERE {{ ?y dcterms:identifier ?s .
        ?x {LINEAGE}+ ?y . ?x dcterms:identifier ?id }}""", s="koers-2040")
    assert "ros-twente" in found and len(found) >= 2


def test_q14_no_document_elaborates_itself(hengelo_store: EmbeddedStore) -> None:
    assert not hengelo_store.ask(P + "ASK { ?x bg:isUitwerkingVan+ ?x }")


# --- aggregates ------------------------------------------------------------------------------------------

def test_q15_count_per_type(hengelo_store: EmbeddedStore) -> None:
    rows = hengelo_store.select(P + """SELECT ?t (COUNT(?x) AS ?n) WHERE {
        GRAPH ?g { ?x a ?t } FILTER(?g != <https://data.beleidsgraaf.nl/graph/ontologie>)
        FILTER(?t != bg:Bewering && ?t != rdf:Statement) } GROUP BY ?t""")
    counts = {r["t"].value.rsplit("#", 1)[-1]: int(r["n"].value) for r in rows}
    entities = sum(n for t, n in counts.items() if t not in {"Vaststelling", "Financiering", "Mijlpaal",
                                                            "TextQuoteSelector", "TextPositionSelector",
                                                            "MonetaryAmount"})
    assert entities > 100  # "well over a hundred entities"
    assert counts["Gemeente"] >= 6 and counts["Opgave"] == 3 and counts["Dwarsthema"] == 2


def test_q16_relations_are_a_few_hundred(hengelo_store: EmbeddedStore) -> None:
    rows = hengelo_store.select(P + """SELECT (COUNT(*) AS ?n) WHERE {
        ?x ?p ?y . ?p rdfs:subPropertyOf+ bg:relatie }""")
    assert int(rows[0]["n"].value) >= 300


def test_q17_most_documents_under_which_theme(hengelo_store: EmbeddedStore) -> None:
    rows = hengelo_store.select(P + """SELECT ?id (COUNT(?x) AS ?n) WHERE { ?x bg:valtOnder ?o .
        ?o dcterms:identifier ?id } GROUP BY ?id ORDER BY DESC(?n)""")
    themes = {r["id"].value for r in rows}
    assert themes == {"toekomstbestendige-stedelijke-ontwikkeling", "toekomstbestendig-sociaal-domein",
                      "duurzame-inrichting", "wijkgerichte-aanpak", "inwoner-centraal"}


def test_q18_everything_under_duurzame_inrichting(hengelo_store: EmbeddedStore) -> None:
    found = inverse(hengelo_store, "duurzame-inrichting", "valtOnder")
    assert {"warmteprogramma", "routekaart-verduurzamen-maatschappelijk-vastgoed",
            "programma-duurzaam-hengelo-2050", "renovatiedeal-twente"} <= found


# --- money and dates -------------------------------------------------------------------------------------

def test_q19_budget_of_the_routekaart_and_where_it_says_so(hengelo_store: EmbeddedStore) -> None:
    rows = hengelo_store.select(P + """SELECT ?v ?cur ?from ?to ?quote ?s WHERE {
        ?x dcterms:identifier ?s ; bg:financiering ?f . ?f bg:bedrag ?m .
        ?m schema:value ?v ; schema:currency ?cur ; schema:validFrom ?from ; schema:validThrough ?to .
        ?c rdf:subject ?x ; rdf:predicate bg:financiering ; rdf:object ?f ; bg:citaat ?quote }""",
                                {"s": literal("routekaart-verduurzamen-maatschappelijk-vastgoed")})
    assert len(rows) == 1
    row = rows[0]
    assert float(row["v"].value) == 10_000_000 and row["cur"].value == "EUR"
    assert (row["from"].value, row["to"].value) == ("2024", "2027")
    assert "10 miljoen Euro voor de periode 2024-2027" in " ".join(row["quote"].value.split())


def test_q20_ruim_4_miljoen_is_a_minimum(hengelo_store: EmbeddedStore) -> None:
    rows = hengelo_store.select(P + """SELECT ?min ?s WHERE { ?x dcterms:identifier ?s ; bg:financiering/bg:bedrag ?m .
        ?m schema:minValue ?min FILTER NOT EXISTS { ?m schema:value ?v } }""",
                                {"s": literal("landelijke-aanpak-isolatie")})
    assert [float(r["min"].value) for r in rows] == [4_000_000]


def test_q21_what_is_expected_in_2025(hengelo_store: EmbeddedStore) -> None:
    found = ids(hengelo_store, """SELECT DISTINCT ?id WHERE { ?x bg:mijlpaal ?m ; dcterms:identifier ?id .
        ?m bg:vroegst ?v ; bg:laatst ?l FILTER(?v <= "2025-12-31"^^xsd:date && ?l >= "2025-01-01"^^xsd:date) }""")
    assert {"programmaplan-talentopgave", "omgevingsvisie-stedelijk-gebied"} <= found


def test_q22_quarter_is_kept_imprecise(hengelo_store: EmbeddedStore) -> None:
    rows = hengelo_store.select(P + """SELECT ?t ?p ?d ?s WHERE { ?x dcterms:identifier ?s ; bg:mijlpaal ?m .
        ?m bg:datumTekst ?t ; bg:precisie ?p OPTIONAL { ?m bg:datum ?d } }""",
                                {"s": literal("programmaplan-talentopgave")})
    assert [(r["t"].value, r["p"].value, "d" in r) for r in rows] == [("2025-Q2", "kwartaal", False)]


def test_q23_adopted_in_october_2024_by_the_council(hengelo_store: EmbeddedStore) -> None:
    rows = hengelo_store.select(P + """SELECT ?id ?d WHERE { ?x bg:vaststelling ?v ; dcterms:identifier ?id .
        ?v bg:door ?raad ; bg:datum ?d . ?raad dcterms:identifier "gemeenteraad-hengelo" }""")
    octobers = {r["id"].value for r in rows if r["d"].value == "2024-10"}
    assert "bestemmingsreserve-gebiedsontwikkeling-kms" in octobers
    assert all(r["d"].datatype and r["d"].datatype.endswith(("gYear", "gYearMonth", "date")) for r in rows)


# --- areas -----------------------------------------------------------------------------------------------

def test_q24_what_concerns_hart_van_zuid_including_areas_within_it(hengelo_store: EmbeddedStore) -> None:
    found = ids(hengelo_store, """SELECT DISTINCT ?id ?s WHERE { ?a dcterms:identifier ?s .
        ?g bg:ligtIn* ?a . ?x bg:betreftGebied ?g ; dcterms:identifier ?id }""", s="hart-van-zuid")
    assert "omgevingsprogramma-kms-locatie" in found  # concerns the KMS site, which lies in Hart van Zuid


def test_q25_kms_locatie_lies_in_hart_van_zuid(hengelo_store: EmbeddedStore) -> None:
    assert "hart-van-zuid" in one_hop(hengelo_store, "kms-locatie", "ligtIn")


def test_q26_spoorzone_crosses_the_border(hengelo_store: EmbeddedStore) -> None:
    found = ids(hengelo_store, """SELECT ?id ?s WHERE { ?z dcterms:identifier ?s .
        ?z (bg:overlaptMet|bg:ligtIn|^bg:overlaptMet) ?o . ?o dcterms:identifier ?id }""",
                s="spoorzone-hengelo-enschede")
    assert {"hengelo", "enschede"} <= found


# --- provenance ------------------------------------------------------------------------------------------

def test_q27_every_relation_has_a_claim_with_a_quote(hengelo_store: EmbeddedStore) -> None:
    assert not hengelo_store.ask(P + """ASK { ?x ?p ?y . ?p rdfs:subPropertyOf+ bg:relatie .
        FILTER(?p NOT IN (bg:vastgesteldDoor, bg:gefinancierdDoor))
        FILTER NOT EXISTS { ?c rdf:subject ?x ; rdf:predicate ?p ; rdf:object ?y ; bg:citaat ?q ; bg:bron ?b } }""")


def test_q28_where_does_it_say_that_ros_elaborates_the_rsia(hengelo_store: EmbeddedStore) -> None:
    rows = hengelo_store.select(P + """SELECT ?quote ?section ?source ?start WHERE {
        ?x dcterms:identifier "ros-twente" . ?y dcterms:identifier "rsia" .
        ?c rdf:subject ?x ; rdf:predicate bg:isUitwerkingVan ; rdf:object ?y ;
           bg:citaat ?quote ; bg:sectie ?section ; bg:bron ?b ; oa:hasSelector ?sel .
        ?sel oa:start ?start . ?b dcterms:identifier ?source }""")
    assert len(rows) == 1
    row = rows[0]
    assert row["source"].value == "jaarstukken-2024-hengelo"
    assert row["section"].value.startswith("5.1 Hengelo in verbinding › 1. Toekomstbestendige stedelĳke ontwikkeling")
    assert "uitwerking van de Regionale Stedelĳke Investeringsagenda" in " ".join(row["quote"].value.split())


def test_q29_quotes_are_verbatim_at_their_position(hengelo_store: EmbeddedStore, data_dir: object) -> None:
    from pathlib import Path

    text = (Path(str(data_dir)) / "sources" / "hengelo-jaarstukken-2024-h5.1-hengelo-in-verbinding.txt").read_text(
        encoding="utf-8")
    rows = hengelo_store.select(P + """SELECT ?exact ?start ?end WHERE { ?c oa:hasSelector ?q , ?p .
        ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end }""")
    assert len(rows) > 300
    for row in rows:
        assert text[int(row["start"].value):int(row["end"].value)] == row["exact"].value


@pytest.mark.parametrize("graph", ["hengelo-jaarstukken-2024-h5-1", "ontologie"])
def test_q30_one_named_graph_per_source_and_the_ontology(hengelo_store: EmbeddedStore, graph: str) -> None:
    assert f"https://data.beleidsgraaf.nl/graph/{graph}" in hengelo_store.named_graphs()
