"""The JSON API under /api against the Hengelo graph: the questions an advisor asks, with sources."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from beleidsgraaf.api.app import create_app
from beleidsgraaf.graph import analysis, queries
from beleidsgraaf.graph.store import Binding, EmbeddedStore, Row
from beleidsgraaf.settings import Settings
from tests.conftest import BASE, DATA_DIR

TOOI_HENGELO = "https://identifier.overheid.nl/tooi/id/gemeente/gm0164"


@pytest.fixture(scope="module")
def client(built_store_path: Path) -> Iterator[TestClient]:
    store = EmbeddedStore(built_store_path, read_only=True)
    app = create_app(Settings(store_path=built_store_path, data_dir=DATA_DIR, base_iri=BASE), store=store)
    with TestClient(app) as c:
        yield c


def get(client: TestClient, url: str, status: int = 200) -> Any:
    r = client.get(url)
    assert r.status_code == status, r.text[:500]
    return r.json()


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in items]


# --- search -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("q", "first"), [
    ("RSIA", "rsia"),
    ("rsia", "rsia"),
    ("Hart van Zuid", "hart-van-zuid"),
    ("hart van zuid", "hart-van-zuid"),
    ("ROS Twente", "ros-twente"),
    ("Ruimtelĳke OntwikkelStrategie", "ros-twente"),   # ligature typed
    ("ruimtelijke ontwikkelstrategie", "ros-twente"),  # ij typed, lower case
])
def test_search_ranks_the_named_entity_first(client: TestClient, q: str, first: str) -> None:
    body = get(client, f"/api/search?q={quote(q)}")
    assert body["items"], q
    assert body["items"][0]["id"] == first
    assert body["items"][0]["page"].startswith("/doc/")


def test_search_omgevingsvisie_prefix_and_typo(client: TestClient) -> None:
    exact = ids(get(client, "/api/search?q=omgevingsvisie")["items"])
    assert exact[0] == "omgevingsvisie-hengelo"   # its alternative label is exactly "omgevingsvisie"
    assert "omgevingsvisie-hart-van-hengelo" in exact
    typo = ids(get(client, "/api/search?q=omgevingsvsie")["items"])
    assert "omgevingsvisie-hengelo" in typo[:5]
    prefix = ids(get(client, "/api/search?q=omgevings")["items"])
    assert "omgevingsvisie-hengelo" in prefix


def test_search_warmte_finds_compounds(client: TestClient) -> None:
    items = get(client, "/api/search?q=warmte&limit=50")["items"]
    assert items
    assert all("warmte" in (i["gevonden_in"].lower()) for i in items)
    assert "warmteprogramma" in ids(items)   # "warmte" is a prefix of the word "warmteprogramma"


def test_search_is_accent_and_ligature_insensitive(client: TestClient) -> None:
    a = ids(get(client, "/api/search?q=Overĳssel")["items"])
    b = ids(get(client, "/api/search?q=OVERIJSSEL")["items"])
    c = ids(get(client, "/api/search?q=Övérijssel")["items"])
    assert a == b == c
    assert "provincie-overijssel" in a


def test_search_filters(client: TestClient) -> None:
    gemeenten = get(client, "/api/search?type=Gemeente&limit=100")["items"]
    assert {"gemeente-hengelo", "gemeente-enschede", "gemeente-almelo"} <= set(ids(gemeenten))
    assert all(i["type"] == "Gemeente" for i in gemeenten)
    documents = get(client, "/api/search?type=document&limit=100")["items"]
    assert "ros-twente" in ids(documents) and "gemeente-hengelo" not in ids(documents)
    themed = ids(get(client, "/api/search?theme=duurzame-inrichting&limit=100")["items"])
    assert "routekaart-verduurzamen-maatschappelijk-vastgoed" in themed
    assert "ros-twente" not in themed
    by_org = ids(get(client, "/api/search?organisation=gemeente-enschede&limit=100")["items"])
    assert "rsia" in by_org
    in_area = ids(get(client, "/api/search?area=hart-van-zuid&limit=100")["items"])
    assert "omgevingsprogramma-kms-locatie" in in_area   # concerns the KMS site, which lies in Hart van Zuid
    in_2023 = ids(get(client, "/api/search?year=2023&limit=100")["items"])
    assert "rsia" in in_2023                           # "die in 2023 werd opgesteld"
    combined = ids(get(client, "/api/search?q=agenda&organisation=gemeente-almelo")["items"])
    assert combined[0] == "rsia"


def test_search_paginates(client: TestClient) -> None:
    first = get(client, "/api/search?q=twente&limit=2&offset=0")
    second = get(client, "/api/search?q=twente&limit=2&offset=2")
    assert first["totaal"] == second["totaal"] > 3
    assert len(first["items"]) == len(second["items"]) == 2
    assert not set(ids(first["items"])) & set(ids(second["items"]))
    scores = [i["score"] for i in get(client, "/api/search?q=twente&limit=100")["items"]]
    assert scores == sorted(scores, reverse=True)


def test_search_bad_parameters_are_422_naming_them(client: TestClient) -> None:
    body = get(client, "/api/search?q=x&type=Gedicht", 422)
    assert body["parameter"] == "type" and "type" in body["message"]
    assert get(client, "/api/search?q=x&limit=0", 422)["parameter"] == "limit"
    assert get(client, f"/api/search?q={'x' * 201}", 422)["parameter"] == "q"
    body = get(client, "/api/search?theme=geen-thema", 404)
    assert body["message"].startswith("theme:")


# --- entities -----------------------------------------------------------------------------------------------


def test_entity_ros_twente_relations_with_quotes(client: TestClient) -> None:
    e = get(client, "/api/entities/ros-twente")
    assert e["type"] == "Strategie" and e["type_nl"] == "strategie" and e["type_en"] == "strategy"
    assert e["labels"]["nl"] == "Ruimtelijke OntwikkelStrategie Twente"
    assert "ROS Twente" in e["alt"]
    out = {(r["relatie"], r["ander"]["id"]): r for r in e["relaties"]["uit"]}
    rel = out[("isUitwerkingVan", "rsia")]
    assert rel["relatie_nl"] == "is uitwerking van" and rel["relatie_en"] == "elaborates"
    assert rel["ander"]["type"] == "Agenda" and rel["ander"]["label"] == "Regionale Stedelijke Investeringsagenda"
    quote_ = rel["citaten"][0]
    assert "De ROS vormt een verdere uitwerking van de Regionale Stedel" in quote_["citaat"]
    assert quote_["bron"]["id"] == "jaarstukken-2024-hengelo"
    assert "Toekomstbestendige stedel" in quote_["sectie"]
    for target in ("position-paper-twente-2050", "visie-twente-2050", "koers-2040", "omgevingsvisie-hengelo"):
        assert ("isUitwerkingVan", target) in out
    assert all(r["citaten"] for r in e["relaties"]["uit"])


def test_entity_incoming_relations(client: TestClient) -> None:
    e = get(client, "/api/entities/rsia")
    incoming = {(r["relatie"], r["ander"]["id"]) for r in e["relaties"]["in"]}
    assert ("isUitwerkingVan", "ros-twente") in incoming
    assert all(r["richting"] == "in" for r in e["relaties"]["in"])


def test_entity_rsia_drawn_up_by_three_municipalities(client: TestClient) -> None:
    e = get(client, "/api/entities/rsia")
    authors = {r["ander"]["id"] for r in e["relaties"]["uit"] if r["relatie"] == "opgesteldDoor"}
    assert {"gemeente-enschede", "gemeente-hengelo", "gemeente-almelo"} <= authors
    for r in e["relaties"]["uit"]:
        if r["relatie"] == "opgesteldDoor":
            assert r["ander"]["type"] == "Gemeente"
            assert "opgesteld door Enschede, Hengelo en Almelo" in r["citaten"][0]["citaat"]


def test_entity_routekaart_amount_and_adoption(client: TestClient) -> None:
    e = get(client, "/api/entities/routekaart-verduurzamen-maatschappelijk-vastgoed")
    amounts = e["bedragen"]
    assert any(a["bedrag"] == 10_000_000 and a["soort"] == "exact" and a["valuta"] == "EUR"
               and a["periode"] == "2024/2027" for a in amounts)
    kinds = {ev["soort"] for ev in e["gebeurtenissen"]}
    assert {"vaststelling", "financiering"} <= kinds
    funding = next(ev for ev in e["gebeurtenissen"] if ev["soort"] == "financiering")
    assert funding["vroegst"] == "2024-01-01" and funding["laatst"] == "2027-12-31"
    assert "10" in funding["citaat"]["citaat"] and "miljoen Euro" in funding["citaat"]["citaat"]


def test_entity_status_and_date(client: TestClient) -> None:
    ros = get(client, "/api/entities/ros-twente")
    assert ros["status"]["waarde"] == "in-voorbereiding" and ros["status"]["en"] == "in preparation"
    assert ros["status"]["citaat"]["citaat"]
    rsia = get(client, "/api/entities/rsia")
    assert rsia["datum"]["datum"] == "2023" and rsia["datum"]["precisie"] == "jaar"


def test_entity_tooi_body_is_addressed_by_its_slug(client: TestClient) -> None:
    e = get(client, "/api/entities/gemeente-hengelo")
    assert e["iri"] == TOOI_HENGELO
    assert e["page"] == "/doc/organisatie/gemeente-hengelo"
    assert any(p["naam"] == "notation" and p["waarde"] == "gm0164" for p in e["eigenschappen"])


def test_unknown_entity_is_404_with_closest_ids(client: TestClient) -> None:
    body = get(client, "/api/entities/ros-twentee", 404)
    assert "ros-twente" in body["suggestions"]
    assert "ros-twentee" in body["message"]
    body = get(client, "/api/entities/rsai", 404)
    assert "rsia" in body["suggestions"]


# --- lineage, impact, path -----------------------------------------------------------------------------------


def test_lineage_of_ros_twente(client: TestClient) -> None:
    body = get(client, "/api/entities/ros-twente/lineage")
    levels = {n["id"]: n["niveau"] for n in body["knopen"]}
    assert levels["ros-twente"] == 0
    for doc in ("rsia", "position-paper-twente-2050", "visie-twente-2050", "koers-2040", "omgevingsvisie-hengelo"):
        assert levels[doc] == 1
    assert body["stappen"] and all(s["citaten"] for s in body["stappen"])
    assert all(s["relatie"] in body["relaties"] for s in body["stappen"])
    tree = body["boom"]
    assert tree["id"] == "ros-twente"
    child = next(c for c in tree["kinderen"] if c["id"] == "rsia")
    assert child["relatie"] == "isUitwerkingVan" and child["relatie_en"] == "elaborates"
    assert "Regionale Stedel" in child["citaten"][0]["citaat"]


def test_lineage_depth_limits_the_walk(client: TestClient) -> None:
    deep = get(client, "/api/entities/ros-twente/lineage?depth=10")
    shallow = get(client, "/api/entities/ros-twente/lineage?depth=1")
    assert max(n["niveau"] for n in shallow["knopen"]) == 1
    assert {n["id"] for n in shallow["knopen"]} <= {n["id"] for n in deep["knopen"]}
    if max(n["niveau"] for n in deep["knopen"]) > 1:
        assert shallow["afgekapt"] is True
    for bad in ("0", "51", "abc"):
        body = get(client, f"/api/entities/ros-twente/lineage?depth={bad}", 422)
        assert body["parameter"] == "depth" and body["message"].startswith("depth:")


def test_impact_of_rsia_includes_ros_twente(client: TestClient) -> None:
    body = get(client, "/api/entities/rsia/impact")
    assert body["richting"] == "impact"
    assert "ros-twente" in {n["id"] for n in body["knopen"]}
    step = next(s for s in body["stappen"] if s["van"]["id"] == "ros-twente" and s["naar"]["id"] == "rsia")
    assert step["relatie"] == "isUitwerkingVan" and step["citaten"]


def test_path_between_rsia_and_ros_twente(client: TestClient) -> None:
    body = get(client, "/api/path?from=rsia&to=ros-twente")
    assert body["lengte"] == 1
    step = body["paden"][0]["stappen"][0]
    rel = next(r for r in step["relaties"] if r["relatie"] == "isUitwerkingVan")
    assert rel["richting"] == "terug" and rel["citaten"]


def test_path_longer_chain_has_quotes_at_every_step(client: TestClient) -> None:
    body = get(client, "/api/path?from=koers-2040&to=kms-locatie")
    assert body["paden"], body
    for p in body["paden"]:
        assert p["knopen"][0]["id"] == "koers-2040" and p["knopen"][-1]["id"] == "kms-locatie"
        assert len(p["stappen"]) == body["lengte"]
        for step in p["stappen"]:
            assert step["relaties"] and all(r["citaten"] for r in step["relaties"])


def test_path_can_avoid_hubs(client: TestClient) -> None:
    url = "/api/path?from=rsia&to=routekaart-verduurzamen-maatschappelijk-vastgoed"
    direct = get(client, url)
    avoiding = get(client, url + "&exclude=gemeente-hengelo,%20gemeenteraad-hengelo")
    assert avoiding["paden"]
    for p in avoiding["paden"]:
        assert not {"gemeente-hengelo", "gemeenteraad-hengelo"} & {n["id"] for n in p["knopen"]}
    assert avoiding["lengte"] >= direct["lengte"]
    body = get(client, url + "&exclude=geen-hub", 404)
    assert body["message"].startswith("exclude:")


def test_path_unknown_end_names_the_parameter(client: TestClient) -> None:
    body = get(client, "/api/path?from=rsia&to=nergens-niet", 404)
    assert body["message"].startswith("to:")
    body = get(client, "/api/path?from=nergens-niet&to=rsia", 404)
    assert body["message"].startswith("from:")
    body = get(client, "/api/path?to=rsia", 422)
    assert body["parameter"] == "from" and body["message"].startswith("from:")


# --- overviews ------------------------------------------------------------------------------------------------


def test_theme_duurzame_inrichting(client: TestClient) -> None:
    body = get(client, "/api/themes/duurzame-inrichting")
    members = {i["id"]: i for i in body["items"]}
    assert body["thema"]["id"] == "duurzame-inrichting"
    for doc in ("routekaart-verduurzamen-maatschappelijk-vastgoed", "warmteprogramma", "renovatiedeal-twente"):
        assert doc in members
    assert "ros-twente" not in members
    for item in body["items"]:
        assert item["citaten"], item
        assert item["relatie"] in ("valtOnder", "draagtBijAan", "gaatOver")


def test_theme_requires_a_theme(client: TestClient) -> None:
    body = get(client, "/api/themes/rsia", 404)
    assert "Opgave" in body["message"]


def test_area_hart_van_zuid_includes_areas_within(client: TestClient) -> None:
    body = get(client, "/api/areas/hart-van-zuid")
    assert "kms-locatie" in {a["id"] for a in body["deelgebieden"]}
    things = {(i["van"]["id"], i["gebied"]["id"]) for i in body["items"]}
    assert ("omgevingsprogramma-kms-locatie", "kms-locatie") in things
    assert ("mobiliteitshub-hart-van-zuid", "hart-van-zuid") in things
    assert all(i["citaten"] for i in body["items"])


def test_organisation_roles(client: TestClient) -> None:
    body = get(client, "/api/organisations/gemeente-enschede")
    assert "rsia" in {r["ander"]["id"] for r in body["rollen"]["opgesteld"]}
    hengelo = get(client, "/api/organisations/gemeente-hengelo")
    assert {"gemeenteraad-hengelo", "college-hengelo"} <= {u["id"] for u in hengelo["onderdelen"]}
    adopted = hengelo["rollen"].get("vastgesteld", [])
    assert any(r["ander"]["id"] == "routekaart-verduurzamen-maatschappelijk-vastgoed"
               and r["via"]["id"] == "gemeenteraad-hengelo" for r in adopted)


# --- timeline -------------------------------------------------------------------------------------------------


def test_timeline_2025(client: TestClient) -> None:
    body = get(client, "/api/timeline?from=2025&to=2025")
    items = body["items"]
    assert items
    assert all(i["vroegst"] <= "2025-12-31" and i["laatst"] >= "2025-01-01" for i in items)
    keys = [(i["vroegst"], -int(i["laatst"].replace("-", ""))) for i in items]
    assert keys == sorted(keys)
    plan = next(i for i in items if i["entiteit"]["id"] == "programmaplan-talentopgave")
    assert plan["datum"] == "2025-Q2" and plan["precisie"] == "kwartaal"   # kept as imprecise as the source
    assert plan["soort_mijlpaal"] == "verwacht" and "tweede kwartaal van 2025" in plan["citaat"]["citaat"]
    expected = get(client, "/api/timeline?from=2025&to=2025&kind=verwacht")["items"]
    assert expected and all(i["soort_mijlpaal"] == "verwacht" for i in expected)
    assert "programmaplan-talentopgave" in {i["entiteit"]["id"] for i in expected}


def test_timeline_quarter_bounds(client: TestClient) -> None:
    q1 = {i["entiteit"]["id"] for i in get(client, "/api/timeline?from=2025-01&to=2025-03&kind=mijlpaal")["items"]}
    assert "programmaplan-talentopgave" not in q1   # 2025-Q2 does not overlap January-March
    q2 = {i["entiteit"]["id"] for i in get(client, "/api/timeline?from=2025-Q2&to=2025-Q2")["items"]}
    assert "programmaplan-talentopgave" in q2


@pytest.mark.parametrize(("query", "parameter"), [
    ("from=2025-13", "from"), ("to=gisteren", "to"), ("from=2026&to=2025", "from"), ("kind=feest", "kind"),
])
def test_timeline_invalid_parameters(client: TestClient, query: str, parameter: str) -> None:
    body = get(client, f"/api/timeline?{query}", 422)
    assert body["parameter"] == parameter and body["message"].startswith(parameter)


# --- stats ----------------------------------------------------------------------------------------------------


def test_stats(client: TestClient) -> None:
    body = get(client, "/api/stats?top=5")
    assert sum(t["aantal"] for t in body["per_type"]) == body["entiteiten"]
    assert sum(r["aantal"] for r in body["per_relatie"]) == body["relaties"]
    assert any(r["relatie"] == "isUitwerkingVan" and r["relatie_en"] == "elaborates" for r in body["per_relatie"])
    for key in ("meest_verbonden", "meest_centraal", "pagerank"):
        assert 0 < len(body[key]) <= 5
        assert all(d["page"].startswith("/doc/document/") for d in body[key])
    degrees = [d["graad"] for d in body["meest_verbonden"]]
    assert degrees == sorted(degrees, reverse=True)
    assert all(d["id"] in body["scharnierpunten"] for d in body["verbindende_documenten"])


# --- safety ---------------------------------------------------------------------------------------------------


class SpyStore:
    """Passes queries to the real store and records their text and bindings."""

    def __init__(self, inner: EmbeddedStore) -> None:
        self.inner = inner
        self.calls: list[tuple[str, dict[str, Binding]]] = []

    @property
    def version(self) -> str:
        return self.inner.version

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        self.calls.append((sparql, dict(bindings or {})))
        return self.inner.select(sparql, bindings)

    def ask(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> bool:
        self.calls.append((sparql, dict(bindings or {})))
        return self.inner.ask(sparql, bindings)


# the named queries, and the constant queries that read a national graph's projection one source at a time
CONSTANT_QUERIES = {q.sparql for q in queries.NAMED_QUERIES.values()} | analysis.PROJECTION_QUERIES

HOSTILE = [
    '"',
    "'",
    '"} SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } #',
    "} SERVICE <http://example.org/sparql> {",
    "rsia> } UNION { ?s ?p ?o",
    "x\nDROP ALL",
    "{{ }}",
    "<script>alert(1)</script>",
    "\\u0022 ?e ?p ?o",
    "a" * 5000,
]

ROUTES = [
    "/api/search?q={v}", "/api/search?type={v}", "/api/search?theme={v}", "/api/search?area={v}",
    "/api/search?organisation={v}", "/api/search?year={v}", "/api/entities/{v}", "/api/entities/{v}/lineage",
    "/api/entities/{v}/impact", "/api/entities/rsia/lineage?depth={v}", "/api/path?from={v}&to=rsia",
    "/api/path?from=rsia&to={v}", "/api/themes/{v}", "/api/areas/{v}", "/api/organisations/{v}",
    "/api/timeline?from={v}", "/api/timeline?to={v}", "/api/timeline?kind={v}", "/api/stats?top={v}",
    "/id/document/{v}", "/doc/document/{v}", "/id/{v}/rsia", "/zoeken?q={v}", "/api/search?q=a&limit={v}",
    "/api/search?q=a&offset={v}", "/api/path?from=rsia&to=ros-twente&limit={v}", "/api/timeline?limit={v}",
    "/api/themes/duurzame-inrichting?offset={v}", "/api/path?from=rsia&to=ros-twente&exclude={v}",
]


@pytest.fixture(scope="module")
def spy_client(built_store_path: Path) -> Iterator[tuple[TestClient, SpyStore]]:
    spy = SpyStore(EmbeddedStore(built_store_path, read_only=True))
    app = create_app(Settings(store_path=built_store_path, data_dir=DATA_DIR, base_iri=BASE), store=spy)  # type: ignore[arg-type]
    with TestClient(app) as c:
        yield c, spy


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_plain_data(spy_client: tuple[TestClient, SpyStore], value: str) -> None:
    client, spy = spy_client
    for route in ROUTES:
        url = route.format(v=quote(value, safe=""))
        spy.calls.clear()
        r = client.get(url, headers={"accept": "application/json"})
        assert r.status_code in (200, 404, 422), (url, r.status_code, r.text[:300])
        if r.status_code in (404, 422) and r.headers["content-type"].startswith("application/json"):
            body = r.json()
            assert "message" in body or "detail" in body
        for sparql, bindings in spy.calls:
            assert sparql in CONSTANT_QUERIES, (url, sparql)   # only the fixed texts ever run
            assert all(b.kind in ("uri", "literal") for b in bindings.values())
            for b in bindings.values():
                if b.kind == "uri":   # only IRIs the server resolved itself are ever bound
                    assert value not in b.value


def test_hostile_search_returns_empty_result(client: TestClient) -> None:
    body = get(client, f"/api/search?q={quote(HOSTILE[2])}")
    assert body["q"] == HOSTILE[2]
    assert isinstance(body["items"], list)


def test_timeline_binds_its_dates(spy_client: tuple[TestClient, SpyStore]) -> None:
    client, spy = spy_client
    spy.calls.clear()
    assert client.get("/api/timeline?from=2025-Q2&to=2025").status_code == 200
    bound = [b for _q, b in spy.calls if "from" in b]
    assert bound and bound[0]["from"].value == "2025-04-01" and bound[0]["to"].value == "2025-12-31"
    assert bound[0]["from"].datatype == "http://www.w3.org/2001/XMLSchema#date"


def test_openapi_documents_every_endpoint_in_dutch_and_english(client: TestClient) -> None:
    schema = get(client, "/openapi.json")
    for path in ("/api/search", "/api/entities/{id}", "/api/entities/{id}/lineage", "/api/entities/{id}/impact",
                 "/api/path", "/api/themes/{id}", "/api/areas/{id}", "/api/organisations/{id}", "/api/timeline",
                 "/api/stats"):
        op = schema["paths"][path]["get"]
        assert " / " in op["summary"], path
        assert "\n\n" in op["description"], path   # a Dutch paragraph, then an English one
        for param in op.get("parameters", []):
            assert param.get("description"), (path, param["name"])


@pytest.mark.parametrize("accept", ["text/turtle;q=abc", ";;;,,,", "text/html;q=-1", "x" * 3000, "*/*;q=1e309"])
def test_odd_accept_headers_never_fail(client: TestClient, accept: str) -> None:
    for path in ("/id/document/ros-twente", "/dataset"):
        r = client.get(path, headers={"accept": accept}, follow_redirects=False)
        assert r.status_code in (200, 303, 406), (path, accept, r.status_code)
