"""From a text to proposals: read, clean, find entities and statements, and lay them out as a review file.

Deterministic and offline: the same text, gazetteer and lexicon always give the same proposals.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beleidsgraaf.errors import InvalidParameter
from beleidsgraaf.graph.extract.context import (
    college_documents,
    context_relations,
    memberships,
    organs,
    we_relations,
)
from beleidsgraaf.graph.extract.entities import Entity, EntityFinder, Gazetteer, own_municipality_of
from beleidsgraaf.graph.extract.lexicon import lexicon
from beleidsgraaf.graph.extract.normalise import CleanText, Sentence, clean, headings, sentences
from beleidsgraaf.graph.extract.reading import SourceText
from beleidsgraaf.graph.extract.relations import Found, RelationFinder, report_year, strongest
from beleidsgraaf.graph.textnorm import fold, slugify
from beleidsgraaf.graph.vocab import vocabulary

logger = logging.getLogger(__name__)

_QUOTE_WINDOW = 110


@dataclass(slots=True)
class Extraction:
    """Everything found in one text."""

    source: SourceText
    ct: CleanText
    sentences: list[Sentence]
    entities: dict[str, Entity]
    found: list[Found]
    headings: list[tuple[int, str]]
    own_municipality: str | None


#: documents of the planning and control cycle: their numbered headings are the municipality's themes
_CYCLE = re.compile(r"\b(?:jaarstukken|jaarverslag|jaarrekening|\w*begroting|kadernota|voorjaarsnota|zomernota|"
                    r"najaarsnota|bestuursrapportage|burap)\b")
_CHAPTER = re.compile(r"^(?:Programma|Hoofdstuk)\s+\d+\b", re.IGNORECASE)
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s")


def section_levels(found: list[tuple[int, str]]) -> list[tuple[int, str, int]]:
    """Give every heading a level.

    The first heading and ``Programma 3 X`` → 1; each style of numbering a level of its own, in the order the
    styles first occur (``5.1 X`` first, then ``1. X``: 1 and 2; ``Programma 3`` first, then ``3.1 X``: 1 and
    2); an unnumbered heading that recurs → 3, other unnumbered ones → 2.
    """
    counts: dict[str, int] = {}
    for _, h in found:
        counts[fold(h)] = counts.get(fold(h), 0) + 1
    styles: dict[int, int] = {}  # numbering depth (components of "5.1" = 2) -> level
    out = []
    for i, (offset, h) in enumerate(found):
        number = _NUMBER.match(h)
        if _CHAPTER.match(h):
            level = 1
        elif number:
            depth = number.group(1).count(".") + 1
            if depth not in styles:
                styles[depth] = 1 if i == 0 else max([1, *styles.values()]) + 1
            level = styles[depth]
        elif i == 0:
            level = 1
        elif counts[fold(h)] > 1:
            level = 3
        else:
            level = 2
        out.append((offset, h, level))
    return out


def extract(source: SourceText, gazetteer: Gazetteer, *, title: str | None = None,
            municipality: str | None = None, section: str | None = None) -> Extraction:
    """Find the entities and statements of ``source``.

    ``section`` limits the work to the part of the text under that heading (compared case- and
    ligature-insensitively), up to the next heading of the same or a higher level.

    Raises:
        InvalidParameter: (``--section``) no heading of the text matches ``section``.
    """
    ct = clean(source.text)
    sents = sentences(ct)
    heads = headings(source.text)
    if section:
        levels = section_levels(heads)
        idx = next((i for i, (_, h, _) in enumerate(levels) if fold(section) in fold(h)), None)
        if idx is None:
            known = "; ".join(h for _, h in heads[:12])
            raise InvalidParameter("--section", f"no heading matches {section!r} (headings: {known})")
        start_v, _, level = levels[idx]
        end_v = next((o for o, _, lv in levels[idx + 1:] if lv <= level), len(source.text))
        lo, hi = bisect.bisect_left(ct.origin, start_v), bisect.bisect_left(ct.origin, end_v)
        sents = [s for s in sents if s.start >= lo and s.end <= hi]
    own = municipality or own_municipality_of(title, source.text)
    finder = EntityFinder(ct, sents, gazetteer)
    entities = finder.run(own, themed_headings=title is None or bool(_CYCLE.search(fold(title))))
    if section:
        lo_s = sents[0].start if sents else 0
        hi_s = sents[-1].end if sents else 0
        for ent in entities.values():
            ent.mentions = [(s, e) for s, e in ent.mentions if lo_s <= s and e <= hi_s]
        entities = {k: e for k, e in entities.items() if e.mentions}
    # "wij" in a municipality's annual report or budget is its college (the body that offers the text)
    writer = next((e.id for e in entities.values() if own and e.type == "Bestuursorgaan"
                   and any(fold(n).startswith("college") for n in (e.name, *e.alt))), None)
    found = RelationFinder(ct, sents, entities, year=report_year(title), writer=writer).run()
    document = slugify(title) if title else None  # the id of the source document
    found += _section_themes(ct, sents, entities, heads, document)
    own_area = slugify(own) if own else None
    found += context_relations(ct, sents, entities, heads, own_area if own_area in entities and
                               entities[own_area].type == "Gemeentegebied" else None, document)
    gemeente = next((e.id for e in entities.values() if own and e.type == "Gemeente"
                     and e.has_name(own)), None)
    found += we_relations(ct, sents, entities, gemeente, document)
    found += college_documents(found, writer)
    found += memberships(ct, sents, entities, gemeente)
    found += organs(entities)
    kept = {id(f) for f in strongest(found)}  # one proposal per statement, where the rules proposed them
    return Extraction(source, ct, sents, entities, [f for f in found if id(f) in kept], heads, own)


#: what does not fall under the theme of the section that names it: areas, and the documents of the financial
#: cycle (a budget, annual report or framework memorandum covers every programme)
_NOT_UNDER_A_THEME = frozenset({"Wijk", "Buurt", "Locatie", "Regio", "Gemeentegebied", "Jaarstukken", "Begroting",
                                "Kadernota"})

#: a document or instrument of another government ("Nationale Woon- en Bouwagenda", "Provinciaal
#: Mobiliteitsprogramma"): named in the section, but not part of the municipality's programme
_OTHER_GOVERNMENT = re.compile(r"(?:nationale|nationaal|landelijke|landelijk|europese|europees|rijks|provinciale|"
                               r"provinciaal)\b")


def _section_themes(ct: CleanText, sents: list[Sentence], entities: dict[str, Entity],
                    heads: list[tuple[int, str]], document: str | None = None) -> list[Found]:
    """``valtOnder``: an entity first mentioned in a section whose heading (or an enclosing one) is a theme.

    Not the source document itself (``document``: its id), nor areas or documents of the financial cycle.

    The theme in force is that of the nearest enclosing heading that names a strategic theme (``Opgave``);
    a heading of the same or a higher level that names none ends it.
    """
    vocab = vocabulary()
    opgaven = [e for e in entities.values() if vocab.is_a(e.type, "Opgave")]
    if not opgaven:
        return []
    scopes: list[tuple[int, int, str | None]] = []  # (clean offset, level, theme id)
    for offset, heading, level in section_levels(heads):
        start = bisect.bisect_left(ct.origin, offset)
        end = start + len(" ".join(heading.split())) + 2
        theme = next((e.id for e in opgaven if any(start <= s < end for s, _ in e.mentions)), None)
        scopes.append((start, level, theme))
    starts = [s for s, _, _ in scopes]
    in_force: list[str | None] = []  # the theme in force from each heading on
    stack: list[tuple[int, str | None]] = []
    for _, level, theme in scopes:
        stack = [(lv, t) for lv, t in stack if lv < level] + [(level, theme)]
        in_force.append(next((t for _, t in reversed(stack) if t is not None), None))
    out = []
    for ent in entities.values():
        if vocab.is_a(ent.type, "Opgave") or vocab.segments.get(ent.type) == "organisatie" or not ent.mentions \
                or ent.type in _NOT_UNDER_A_THEME or ent.id == document or _OTHER_GOVERNMENT.match(fold(ent.name)):
            continue
        first = min(s for s, _ in ent.mentions)
        under = bisect.bisect_right(starts, first)
        current = in_force[under - 1] if under else None
        if current is None:
            continue
        end = next(e for s, e in ent.mentions if s == first)
        out.append(Found(ent.id, "valtOnder", {"doel": current}, (first, end), 0.4,
                         "genoemd onder de kop van de opgave"))
    return out


def _sentence_at(sents: list[Sentence], start: int) -> Sentence | None:
    """The sentence that holds the offset ``start``, if any."""
    return next((s for s in sents if s.start <= start < s.end), None)


def _sentence_of(sents: list[Sentence], start: int, end: int) -> tuple[int, int]:
    """The span of the sentence that holds ``[start, end)`` (the span itself when none does)."""
    sent = _sentence_at(sents, start)
    return (sent.start, max(sent.end, end)) if sent is not None else (start, end)


def _window(ct: CleanText, sents: list[Sentence], start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``, cut to about ``_QUOTE_WINDOW`` characters either side."""
    sent = _sentence_at(sents, start)
    lo, hi = (sent.start, sent.end) if sent else (start, end)
    if start - lo > _QUOTE_WINDOW:
        cut = ct.text.find(" ", start - _QUOTE_WINDOW)
        lo = cut + 1 if 0 <= cut < start else start
    if hi - end > _QUOTE_WINDOW:
        cut = ct.text.rfind(" ", end, end + _QUOTE_WINDOW)
        hi = cut if cut > end else end
    return lo, max(hi, end)


def _meta(ex: Extraction, start: int, end: int, confidence: float, rule: str) -> dict[str, Any]:
    vs, ve = ex.ct.span(start, end)
    meta: dict[str, Any] = {"status": "voorgesteld", "zekerheid": round(confidence, 2), "positie": [vs, ve]}
    page = ex.source.page_at(vs)
    if page is not None:
        meta["pagina"] = page
    meta["regel"] = rule
    return meta


def _entity_record(ex: Extraction, ent: Entity) -> dict[str, Any]:
    names = [ent.name, *ent.alt]
    chosen: tuple[int, int] | None = None
    for s, e in sorted(ent.mentions):
        lo, hi = _window(ex.ct, ex.sentences, s, e)
        if any(fold(n) in fold(ex.ct.quote(lo, hi)) for n in names):
            chosen = (lo, hi)
            break
    s0, e0 = min(ent.mentions)
    if chosen is None:  # the name is broken across lines in every mention: keep its verbatim form
        chosen = _window(ex.ct, ex.sentences, s0, e0)
        ent.add_alt(ex.ct.quote(s0, e0))
    rec: dict[str, Any] = {"id": ent.id, "type": ent.type, "naam": ent.name}
    alt = [a for a in ent.alt if a != ent.name]
    if alt:
        rec["ook"] = alt
    if ent.tooi:
        rec["tooi"] = ent.tooi
    rec["citaat"] = ex.ct.quote(*chosen)
    if ent.known:
        rec["bekend"] = True
    rec["voorstel"] = _meta(ex, chosen[0], chosen[1], ent.confidence, ent.rule)
    if ent.date and not ent.known:
        lo, hi = s0, e0 + 7
        quote = ex.ct.quote(lo, min(hi, len(ex.ct.text)))
        if ent.date in quote:
            rec["datum"] = {"waarde": ent.date, "citaat": quote,
                            "voorstel": _meta(ex, lo, hi, 0.6, "jaartal tussen haakjes")}
    return rec


def _found_item(ex: Extraction, f: Found) -> tuple[str, dict[str, Any]]:
    section = {"vaststelling": "vaststellingen", "financiering": "financieringen", "mijlpaal": "mijlpalen",
               "status": "status"}.get(f.kind, "relaties")
    item: dict[str, Any] = {"relatie": f.kind} if section == "relaties" else {}
    item.update(f.values)
    item["citaat"] = ex.ct.quote(*f.span)
    item["voorstel"] = _meta(ex, f.span[0], f.span[1], f.confidence, f.rule)
    return section, item


def document_record(ex: Extraction, doc_id: str, title: str, doc_type: str | None) -> dict[str, Any]:
    """The record of the document the text comes from; its quote names it (title, type word or heading)."""
    lex = lexicon()
    if doc_type is None:
        doc_type = "Beleidsdocument"
        for word in re.findall(r"[^\W_]+", fold(title)):
            for head in sorted(lex.documents, key=len, reverse=True):
                if word == head or (word.endswith(head) and len(word) - len(head) >= 3):
                    doc_type = lex.documents[head]
                    break
            if doc_type != "Beleidsdocument":
                break
    rec: dict[str, Any] = {"id": doc_id, "type": doc_type, "naam": title}
    alt: list[str] = []
    folded = ex.ct.folded()
    pos = folded.find(fold(title))
    length = len(fold(title))
    if pos < 0:
        words = [w for w in re.findall(r"[^\W_]+", fold(title)) if len(w) > 3 and not w.isdigit()]
        for w in words:
            m = re.search(rf"(?<!\w){re.escape(w)}(?!\w)", folded)
            if m:
                pos, length = m.start(), m.end() - m.start()
                alt.append(ex.ct.text[m.start():m.end()])
                break
    if pos < 0 and ex.headings:
        offset, heading = ex.headings[0]
        pos = bisect.bisect_left(ex.ct.origin, offset)
        length = len(" ".join(heading.split()))
        alt.append(" ".join(heading.split()))
    if pos < 0:
        pos, length = 0, min(len(ex.ct.text), 60)
        alt.append(ex.ct.quote(pos, pos + length))
    # "Jaarverslag 2024 gemeente X, Programma 4 Sport": the whole document is "Jaarverslag 2024 gemeente X", and
    # the text calls it "het jaarverslag 2024"
    whole = re.split(r"\s*[,(]", title)[0].strip()
    if whole != title and len(whole.split()) >= 2:
        alt.append(whole)
    short = re.match(r"([^\W\d_]+) ((?:19|20)\d{2}(?:-(?:19|20)\d{2})?)\b", whole)
    if short and (m := re.search(rf"(?<!\w){re.escape(fold(short.group(0)))}(?!\w)", folded)) is not None:
        alt.append(ex.ct.text[m.start():m.end()])
    alt = list(dict.fromkeys(alt))
    lo, hi = _window(ex.ct, ex.sentences, pos, pos + length)
    if alt:
        rec["ook"] = alt
    rec["citaat"] = ex.ct.quote(lo, max(hi, pos + length))
    rec["voorstel"] = _meta(ex, lo, max(hi, pos + length), 0.95, "het brondocument zelf")
    return rec


def review_data(ex: Extraction, *, source_id: str, title: str, document_id: str | None = None,
                document_type: str | None = None, records_folder: str | None = None,
                text_file: str) -> dict[str, Any]:
    """The content of a review file: the new source entry and every proposal, as record-format mappings."""
    doc_id = document_id or slugify(title)
    levels = section_levels(ex.headings)
    seen: set[str] = set()
    secties = []
    for _, h, level in levels:
        key = " ".join(h.split())
        if fold(key) not in seen:
            seen.add(fold(key))
            secties.append({"kop": key, "niveau": level})
    bron = {
        "id": source_id,
        "bestand": f"sources/{source_id}.txt",
        "document": doc_id,
        "titel": title,
        "records": records_folder or source_id,
        "secties": secties,
        "origineel": str(ex.source.path),
    }
    records: list[dict[str, Any]] = []
    existing_doc = ex.entities.get(doc_id)
    if existing_doc is None or not existing_doc.known:
        records.append(document_record(ex, doc_id, title, document_type))
    by_id: dict[str, dict[str, Any]] = {r["id"]: r for r in records}
    for ent in sorted(ex.entities.values(), key=lambda e: min(e.mentions)):
        if ent.id in by_id:
            continue
        if records and records[0]["id"] == doc_id and not ent.known and ent.type == records[0]["type"] \
                and fold(ent.name) in fold(title):
            by_id[ent.id] = records[0]  # "Programmabegroting 2026" in the text is the source document itself
            continue
        rec = _entity_record(ex, ent)
        records.append(rec)
        by_id[ent.id] = rec
    # "zie paragraaf 5.2.6", "bijlage 10.2": a part of the document the text comes from
    parts = [Found(e.id, "maaktDeelUitVan", {"doel": doc_id}, _sentence_of(ex.sentences, *min(e.mentions)), 0.6,
                   "deel van het brondocument") for e in ex.entities.values()
             if e.rule.startswith("verwijzing naar") and not e.known and e.mentions and e.id != doc_id]
    for f in [*ex.found, *parts]:
        subject = by_id.get(f.subject)
        if subject is None:
            continue
        section, item = _found_item(ex, f)
        if section == "status":
            subject.setdefault("status", item)  # one status per record: the first one found
        else:
            subject.setdefault(section, []).append(item)
    return {"bron": bron, "tekst": text_file, "records": records}


def write_review(ex: Extraction, out: Path, **kwargs: Any) -> dict[str, Any]:
    """Write the review file ``out`` and the verbatim text next to it (``<out stem>.txt``); return the data.

    Raises:
        InvalidParameter: (``--output``) the files cannot be written.
    """
    from beleidsgraaf.graph.extract.review import dump_review

    text_path = out.with_suffix(".txt")
    data = review_data(ex, text_file=text_path.name, **kwargs)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        text_path.write_text(ex.source.text, encoding="utf-8")
        out.write_text(dump_review(data), encoding="utf-8")
    except OSError as exc:
        raise InvalidParameter("--output", f"cannot write {out}: {exc.strerror or exc}") from exc
    return data
