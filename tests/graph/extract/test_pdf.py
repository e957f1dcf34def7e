"""PDF input: text layer, page numbers, the ĳ ligature and words hyphenated across lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from beleidsgraaf.errors import InvalidParameter
from beleidsgraaf.graph.extract.entities import Gazetteer
from beleidsgraaf.graph.extract.extractor import extract, review_data
from beleidsgraaf.graph.extract.reading import read_source
from beleidsgraaf.graph.textnorm import find_quote, match_normalise

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PAGES = [
    ["Mobiliteit in Zwolle",
     "Het Uitvoeringsprogramma Fietsen vormt een verdere uit-",
     "werking van de Mobiliteitsvisie Zwolle 2040. De stedelĳke",
     "ontwikkeling blĳft belangrĳk."],
    ["Op de tweede pagina: het Actieplan Verkeers-",
     "veiligheid 2025 draagt bĳ aan de Mobiliteitsvisie Zwolle 2040."],
]


def _pdf(path: Path) -> Path:
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("DejaVuSans (fonts-dejavu-core) is needed to write ĳ into a PDF")
    pdf = fpdf.FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=11)
    for lines in PAGES:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_pdf_text_layer_keeps_pages_ligatures_and_line_breaks(tmp_path: Path) -> None:
    src = read_source(_pdf(tmp_path / "mobiliteit.pdf"))
    assert src.is_pdf and len(src.page_starts) == 2
    assert "stedelĳke\nontwikkeling" in src.text  # verbatim: ligature and hard line break kept
    assert src.page_at(src.text.index("Actieplan")) == 2
    assert src.page_at(src.text.index("Fietsen")) == 1


def test_pdf_proposals_with_page_hyphenation_and_verified_quotes(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "mobiliteit.pdf")
    src = read_source(path)
    ex = extract(src, Gazetteer.build(None), title="Mobiliteit in Zwolle")
    data = review_data(ex, source_id="mob", title="Mobiliteit in Zwolle", text_file="mob.txt")
    recs = {r["id"]: r for r in data["records"]}
    # a name hyphenated across two lines is found whole
    assert recs["actieplan-verkeersveiligheid-2025"]["type"] == "Plan"
    rel = recs["uitvoeringsprogramma-fietsen"]["relaties"][0]
    assert (rel["relatie"], rel["doel"]) == ("isUitwerkingVan", "mobiliteitsvisie-zwolle-2040")
    assert rel["voorstel"]["pagina"] == 1
    # the quote is verbatim (hyphen kept) and occurs in the source as the validator checks it
    assert "uit- werking" in rel["citaat"]
    assert find_quote(rel["citaat"], match_normalise(src.text))
    contrib = recs["actieplan-verkeersveiligheid-2025"]["relaties"]
    bij = next(r for r in contrib if r["relatie"] == "draagtBijAan")
    assert bij["doel"] == "mobiliteitsvisie-zwolle-2040"
    assert bij["voorstel"]["pagina"] == 2
    assert "bĳ" in bij["citaat"]  # the ligature stays in the quote
    start, end = bij["voorstel"]["positie"]
    assert " ".join(src.text[start:end].split()) == bij["citaat"]


def test_not_a_pdf_or_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(InvalidParameter, match="FILE"):
        read_source(bad)
    empty = tmp_path / "leeg.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(InvalidParameter, match="empty"):
        read_source(empty)
    with pytest.raises(InvalidParameter, match="cannot read"):
        read_source(tmp_path / "bestaat-niet.txt")
