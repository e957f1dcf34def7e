from beleidsgraaf.graph.extract.normalise import clean, headings, sentences
from beleidsgraaf.graph.textnorm import find_quote, match_normalise


def test_ligature_and_hyphenation_are_cleaned_but_quotes_stay_verbatim() -> None:
    text = "De verstedelĳ-\nkingsstrategie voor woon-, werk-\nen leefmilieus in Groot-\nDriene."
    ct = clean(text)
    assert ct.text == "De verstedelijkingsstrategie voor woon-, werk- en leefmilieus in Groot-Driene."
    start = ct.text.index("verstedelijkingsstrategie")
    quote = ct.quote(start, start + len("verstedelijkingsstrategie"))
    assert quote == "verstedelĳ- kingsstrategie"  # verbatim (ligature kept), line break collapsed
    assert find_quote(quote, match_normalise(text)) == [(3, 29)]


def test_hard_line_breaks_inside_a_sentence_are_joined_and_headings_split() -> None:
    text = "Inleiding\nHet plan is\ngoed. Daarom gaan we\ndoor.\n\nNieuwe alinea zonder punt\n"
    ct = clean(text)
    got = [ct.text[s.start:s.end] for s in sentences(ct)]
    assert got == ["Inleiding", "Het plan is goed.", "Daarom gaan we door.", "Nieuwe alinea zonder punt"]


def test_abbreviations_and_numbered_headings_do_not_end_a_sentence() -> None:
    text = "3. Duurzame inrichting\nWe werken o.a. aan wijken t.o.v. vorig jaar. Klaar.\n"
    ct = clean(text)
    got = [ct.text[s.start:s.end] for s in sentences(ct)]
    assert got == ["3. Duurzame inrichting", "We werken o.a. aan wijken t.o.v. vorig jaar.", "Klaar."]
    assert [h for _, h in headings(text)] == ["3. Duurzame inrichting"]
