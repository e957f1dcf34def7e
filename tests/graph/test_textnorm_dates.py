from datetime import date

import pytest

from beleidsgraaf.graph.dates import parse_fuzzy_date
from beleidsgraaf.graph.textnorm import find_quote, fold, match_normalise, slugify


def test_quote_found_across_line_breaks_ligatures_and_hyphens() -> None:
    source = "de Regionale Stedelĳke\nInvesteringsagenda (RSIA) in Groot-\nDriene en ‘strategische agenda’"
    norm = match_normalise(source)
    [(start, end)] = find_quote("Regionale Stedelijke Investeringsagenda", norm)
    assert source[start:end] == "Regionale Stedelĳke\nInvesteringsagenda"
    assert find_quote("Groot-Driene", norm)
    assert find_quote("'strategische agenda'", norm)
    assert find_quote("Stedelijke investeringsagenda", norm) == []  # case is kept: verbatim means verbatim


def test_fold_and_slugify() -> None:
    assert fold("  Ruimtelĳke  OntwikkelStrategie\nTwente ") == "ruimtelijke ontwikkelstrategie twente"
    assert fold("Overĳssel") == fold("OVERIJSSEL")
    assert fold("coöperatie") == "cooperatie"
    assert slugify("Visie Spoorzone Hengelo – Enschede") == "visie-spoorzone-hengelo-enschede"


@pytest.mark.parametrize(
    ("notation", "precision", "earliest", "latest", "xsd"),
    [
        ("2025", "jaar", date(2025, 1, 1), date(2025, 12, 31), "gYear"),
        ("2024-10", "maand", date(2024, 10, 1), date(2024, 10, 31), "gYearMonth"),
        ("2025-Q2", "kwartaal", date(2025, 4, 1), date(2025, 6, 30), None),
        ("2025-H2", "halfjaar", date(2025, 7, 1), date(2025, 12, 31), None),
        ("2024-09-18", "dag", date(2024, 9, 18), date(2024, 9, 18), "date"),
        ("2024/2027", "periode", date(2024, 1, 1), date(2027, 12, 31), None),
        ("2024-02", "maand", date(2024, 2, 1), date(2024, 2, 29), "gYearMonth"),
    ],
)
def test_dates_keep_their_precision(notation: str, precision: str, earliest: date, latest: date,
                                    xsd: str | None) -> None:
    d = parse_fuzzy_date(notation)
    assert (d.precision, d.earliest, d.latest, d.xsd_type) == (precision, earliest, latest, xsd)


@pytest.mark.parametrize("bad", ["2025-13", "2024-02-30", "2025-Q5", "2025-H3", "2027/2024", "oktober", "25"])
def test_impossible_or_unknown_dates_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match=bad.replace("/", "/")):
        parse_fuzzy_date(bad)
