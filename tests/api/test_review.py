"""The advisors' review page: read-only without token, decisions and writing with it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from beleidsgraaf.api.app import create_app
from beleidsgraaf.graph.extract.entities import Gazetteer
from beleidsgraaf.graph.extract.extractor import extract, write_review
from beleidsgraaf.graph.extract.reading import read_source
from beleidsgraaf.graph.extract.review import ReviewFile
from beleidsgraaf.graph.store import EmbeddedStore
from beleidsgraaf.settings import Settings

TEXT = """Begroting 2026 gemeente Deventer

De Woonvisie Deventer 2030 is in 2022 opgesteld door Deventer en Zwolle, samen met de provincie.
Het Uitvoeringsprogramma Wonen vormt een verdere uitwerking van de Woonvisie Deventer 2030.
"""


@pytest.fixture()
def setup(tmp_path: Path) -> tuple[Settings, Path]:
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    (data / "sources.yaml").write_text("bronnen: []\n", encoding="utf-8")
    reviews = tmp_path / "review"
    src = tmp_path / "deventer.txt"
    src.write_text(TEXT, encoding="utf-8")
    ex = extract(read_source(src), Gazetteer.build(None), title="Begroting 2026 gemeente Deventer")
    out = reviews / "deventer.yaml"
    write_review(ex, out, source_id="deventer-2026", title="Begroting 2026 gemeente Deventer")
    settings = Settings(data_dir=data, store_path=tmp_path / "store", review_dir=reviews, write_token="geheim")
    return settings, out


def _client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings, store=EmbeddedStore(None)))


def test_list_and_page_show_proposals_with_quotes(setup: tuple[Settings, Path]) -> None:
    settings, _ = setup
    client = _client(settings)
    listing = client.get("/review")
    assert listing.status_code == 200 and "deventer.yaml" in listing.text
    page = client.get("/review/deventer.yaml")
    assert page.status_code == 200
    assert "woonvisie-deventer-2030" in page.text and "isUitwerkingVan" in page.text
    assert "zekerheid / confidence" in page.text and "<mark>" in page.text
    assert "http://" not in page.text.replace("http://www.w3.org", "") and "https://" not in page.text  # offline


def test_bad_names_and_missing_files(setup: tuple[Settings, Path]) -> None:
    client = _client(setup[0])
    assert client.get("/review/..%2Fdata%2Fsources.yaml").status_code in (404, 422)
    assert client.get("/review/bestaat-niet.yaml").status_code == 404
    assert client.get("/review/geen-yaml.txt").status_code == 422


def test_read_only_without_configured_token(setup: tuple[Settings, Path]) -> None:
    settings, out = setup
    ro = settings.model_copy(update={"write_token": None})
    client = _client(ro)
    page = client.get("/review/deventer.yaml")
    assert "Alleen lezen" in page.text and "<form" not in page.text
    before = out.read_text(encoding="utf-8")
    assert client.post("/review/deventer.yaml", data={"status-0": "afgewezen"}).status_code == 403
    assert out.read_text(encoding="utf-8") == before


def test_wrong_token_changes_nothing(setup: tuple[Settings, Path]) -> None:
    settings, out = setup
    client = _client(settings)
    before = out.read_text(encoding="utf-8")
    r = client.post("/review/deventer.yaml", data={"token": "fout", "status-0": "afgewezen"})
    assert r.status_code == 401
    r = client.post("/review/deventer.yaml/schrijven", headers={"Authorization": "Bearer fout"})
    assert r.status_code == 401
    assert out.read_text(encoding="utf-8") == before


def test_decide_edit_and_write_with_token(setup: tuple[Settings, Path]) -> None:
    settings, out = setup
    client = _client(settings)
    review = ReviewFile.load(out)
    form = {"token": "geheim"}
    wanted = {"begroting-2026-gemeente-deventer", "woonvisie-deventer-2030", "uitvoeringsprogramma-wonen",
              "gemeente-deventer"}
    for p in review.proposals():
        keep = p.record["id"] in wanted and (p.section is None or
                                              (p.item.get("relatie") in ("isUitwerkingVan", "opgesteldDoor")
                                              and p.item.get("doel") in wanted))
        form[f"status-{p.index}"] = "geaccepteerd" if keep else "afgewezen"
        if p.section is None and p.record["id"] == "uitvoeringsprogramma-wonen":
            form[f"veld-{p.index}-naam"] = "Uitvoeringsprogramma Wonen Deventer"
            form[f"veld-{p.index}-ook"] = "Uitvoeringsprogramma Wonen"
    r = client.post("/review/deventer.yaml", data=form, follow_redirects=False)
    assert r.status_code == 303
    saved = {x["id"]: x for x in ReviewFile.load(out).records}
    assert saved["uitvoeringsprogramma-wonen"]["naam"] == "Uitvoeringsprogramma Wonen Deventer"
    assert saved["provincie-overijssel"]["voorstel"]["status"] == "afgewezen"
    r = client.post("/review/deventer.yaml/schrijven", headers={"Authorization": "Bearer geheim"})
    assert r.status_code == 200, r.text
    assert "Geschreven en gevalideerd" in r.text
    written = yaml.safe_load((settings.data_dir / "deventer-2026" / "voorstellen.yaml").read_text("utf-8"))
    ids = {x["id"]: x for x in written["records"]}
    assert set(ids) == wanted
    rels = {(x["relatie"], x["doel"]) for x in ids["uitvoeringsprogramma-wonen"]["relaties"]}
    assert rels == {("isUitwerkingVan", "woonvisie-deventer-2030")}


def test_invalid_edit_is_reported_and_nothing_written(setup: tuple[Settings, Path]) -> None:
    settings, out = setup
    client = _client(settings)
    review = ReviewFile.load(out)
    form = {"token": "geheim"}
    for p in review.proposals():
        form[f"status-{p.index}"] = "geaccepteerd"
        if p.section is None and p.record["id"] == "woonvisie-deventer-2030":
            form[f"veld-{p.index}-type"] = "Bestaatniet"
    assert client.post("/review/deventer.yaml", data=form, follow_redirects=False).status_code == 303
    r = client.post("/review/deventer.yaml/schrijven", data={"token": "geheim"})
    assert r.status_code == 422 and "Bestaatniet" in r.text
    assert not (settings.data_dir / "deventer-2026").exists()
    assert "deventer-2026" not in (settings.data_dir / "sources.yaml").read_text(encoding="utf-8")


def test_variants_with_a_comma_survive_the_form(setup: tuple[Settings, Path]) -> None:
    # the form shows the variants as one line separated by " | ": a name with a comma stays one variant, both
    # when the line is sent back unchanged and when the reviewer adds a variant
    settings, out = setup
    review = ReviewFile.load(out)
    target = next(p for p in review.proposals() if p.section is None and p.record["id"] == "woonvisie-deventer-2030")
    target.item["ook"] = ["Woonvisie, Deventer 2030", "Woonvisie"]
    review.save()
    client = _client(settings)
    page = client.get("/review/deventer.yaml", headers={"Authorization": "Bearer geheim"}).text
    assert 'value="Woonvisie, Deventer 2030 | Woonvisie"' in page
    form = {"token": "geheim", f"veld-{target.index}-ook": "Woonvisie, Deventer 2030 | Woonvisie"}
    assert client.post("/review/deventer.yaml", data=form, follow_redirects=False).status_code == 303
    assert _variants(out) == ["Woonvisie, Deventer 2030", "Woonvisie"]
    form[f"veld-{target.index}-ook"] = "Woonvisie, Deventer 2030 | Woonvisie | Visie op wonen, 2030"
    assert client.post("/review/deventer.yaml", data=form, follow_redirects=False).status_code == 303
    assert _variants(out) == ["Woonvisie, Deventer 2030", "Woonvisie", "Visie op wonen, 2030"]


def _variants(out: Path) -> list[str]:
    return list(next(r for r in ReviewFile.load(out).records if r["id"] == "woonvisie-deventer-2030")["ook"])
