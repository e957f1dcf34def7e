"""Statements proposed from context rather than from a phrasing: what a passage is about and where.

Policy texts rarely say "X gaat over Y"; they name a programme or project and, in the same sentence or the
sentences after it, the themes it deals with and the places it concerns. These rules propose, with a low
confidence (a reviewer decides):

- ``gaatOver``: the topic of the passage (the nearest document, project or instrument, in the sentence or
  carried over from an earlier sentence of the same section) is about each theme (``Onderwerp``) named;
- ``betreftGebied``: the topic concerns each area named with it in its own sentence, and a document or
  project concerns the area its own name names ("Energiestrategie Twente", "Mobiliteitshub Hart van Zuid");
- ``gaatOver`` also when the name of a document or project names a theme ("Mobiliteitsplan 2040");
- ``ligtIn``: a place, neighbourhood or district of the text lies in the text's own municipality (the
  municipality's area is named in the text, e.g. "onze stad"); an organisation named after an area lies in
  it ("Kennispunt Twente").

Every proposal quotes the sentence that names the theme or place.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from beleidsgraaf.graph.extract.entities import GROUP_RULE, ROAD, Entity, MentionIndex
from beleidsgraaf.graph.extract.lexicon import lexicon
from beleidsgraaf.graph.extract.normalise import CleanText, Sentence
from beleidsgraaf.graph.extract.relations import ADOPTED, Found, strongest
from beleidsgraaf.graph.textnorm import fold
from beleidsgraaf.graph.vocab import vocabulary

#: coarse kinds (IRI segments) that can be the topic of a passage
TOPIC_KINDS = frozenset({"document", "project", "instrument"})
#: area classes a topic can concern, and places that lie in the municipality
AREA_TYPES = frozenset({"Wijk", "Buurt", "Locatie", "Gemeentegebied", "Regio"})
PLACE_TYPES = frozenset({"Wijk", "Buurt", "Locatie"})
#: bodies of government (their name names the area they govern)
PUBLIC_BODIES = frozenset({"Gemeente", "Bestuursorgaan", "Provincie", "Rijksorganisatie", "Overheidsorganisatie",
                           "Waterschap"})
SAME_SENTENCE, CARRIED, OWN_AREA, DISTRICT, IN_NAME, THEME_IN_NAME = 0.5, 0.35, 0.4, 0.45, 0.55, 0.5
#: last words of a place name that make it a district other places can lie in
DISTRICT_WORDS = ("binnenstad", "centrum", "spoorzone", "stationsgebied", "gebied", "kwartier", "stadsdeel")


def _is_district(area: Entity, place: Entity) -> bool:
    """Whether ``place`` can lie in ``area``: a district (wijk, binnenstad, spoorzone ...) around a smaller place."""
    if area.type == "Wijk":
        return place.type in ("Buurt", "Locatie")
    if area.type != "Locatie" or place.type != "Locatie":
        return False
    last = fold(area.name).split()[-1] if area.name.split() else ""
    return last.endswith(DISTRICT_WORDS) and not fold(place.name).endswith(DISTRICT_WORDS)


#: a sentence that opens with a demonstrative or an article and a head word: "Het plan kent drie sporen"
_BACK = re.compile(r"^\W*(?P<det>deze|dit|de|het) (?P<head>[\w-]{4,})\b")


def _referent(sentence: str, seen: list[Entity]) -> tuple[Entity, int] | None:
    """What a (folded) sentence opening "Het plan …" / "Deze strategie …" refers back to, if anything.

    The last topic seen whose name has that head word ("Fietsplan Delfmond" for "het plan"), with the offset
    where the head word ends; with "de"/"het" only for a document or project word of the lexicon ("de
    strategie", not "de stad").
    """
    m = _BACK.match(sentence)
    if m is None:
        return None
    head = m.group("head")
    if not lexicon().points_back(m.group("det"), head):
        return None
    ent = next((ent for ent in reversed(seen) if ent.named_with(head)), None)
    return None if ent is None else (ent, m.end())


def _is_topic(ent: Entity, document: str | None) -> bool:
    """Whether ``ent`` can be the topic of a passage: a document, project or instrument, not the source itself."""
    return vocabulary().segments.get(ent.type) in TOPIC_KINDS and ent.id != document and ent.type not in AREA_TYPES


def context_relations(ct: CleanText, sents: list[Sentence], entities: dict[str, Entity],
                      headings: list[tuple[int, str]], own_area: str | None = None,
                      document: str | None = None) -> list[Found]:
    """``gaatOver``, ``betreftGebied`` and ``ligtIn`` proposals from what is named together.

    ``headings`` are (verbatim offset, heading) pairs; a topic is not carried over a heading. ``own_area`` is
    the id of the own municipality's area entity (when the text names it); ``document`` the id of the source
    document, which is never taken as the topic (the whole text is about everything in it).
    """
    vocab = vocabulary()
    named = MentionIndex(entities)
    mentions, starts = named.all, named.starts
    breaks = sorted(bisect.bisect_left(ct.origin, off) for off, _ in headings)
    proposed: list[Found] = []

    def propose(f: Found) -> None:
        if f.subject != f.values["doel"]:
            proposed.append(f)

    topic: Entity | None = None
    seen: list[Entity] = []  # the topics of the section so far
    section = -1
    folded = ct.folded()
    for sent in sents:
        here = bisect.bisect_right(breaks, sent.start)
        if here != section:
            section, topic, seen = here, None, []
        inside = named.inside(sent)
        topics = [ent for _, _, ent in inside if _is_topic(ent, document)]
        back = _referent(folded[sent.start:sent.end], seen)
        if back is not None and not any(s - sent.start < back[1] for s, _, ent in inside if _is_topic(ent, document)):
            # "Het plan kent drie sporen: …", "Het beleidsplan vervangt het Wmo-beleidsplan 2020-2024": the plan
            # named before is what the sentence is about
            topics = [back[0], *[t for t in topics if t.id != back[0].id]]
        seen += topics[1:] + topics[:1]  # the subject last: the one a next "het plan" refers to
        confidence = SAME_SENTENCE if topics else CARRIED
        subject = topics[0] if topics else topic
        if topics:
            topic = topics[-1]
        if subject is None:
            continue
        for start, end, ent in inside:
            if own_area is not None and ent.type == "Gemeente" and own_area in entities and \
                    fold(ct.text[start:end]) == fold(entities[own_area].name):
                # the bare name of the own municipality ("voor delen van Deventer") names its territory
                ent = entities[own_area]
            if ent.id == subject.id:
                continue
            kind = "gaatOver" if vocab.is_a(ent.type, "Onderwerp") else \
                "betreftGebied" if ent.type in AREA_TYPES and confidence == SAME_SENTENCE else None
            # an area in a sentence without a topic of its own is the place of what that sentence does (often
            # unnamed), rather than of a topic carried over from an earlier sentence
            if kind is not None:
                propose(Found(subject.id, kind, {"doel": ent.id}, (sent.start, sent.end), confidence,
                              "genoemd in dezelfde passage" if confidence == CARRIED else "genoemd in dezelfde zin"))
    for found in areas_in_names(ct, entities, document):
        propose(found)
    sent_starts = [s.start for s in sents]
    for ent in entities.values():
        if ent.type not in PLACE_TYPES or ent.known or not ent.mentions or ROAD.fullmatch(ent.name):
            continue
        # the nearest district named in the sentence of a mention or the two before it (same section): "de
        # Marktstraat" in a passage about "de binnenstad" lies in the binnenstad; every mention is looked at
        nearest: tuple[int, int, int, Entity] | None = None  # (distance, district start, sentence end, district)
        for start, _ in sorted(ent.mentions):
            idx = bisect.bisect_right(sent_starts, start) - 1
            if idx < 0:
                continue
            where = sents[idx]
            lo_sent = max(0, idx - 2)
            while lo_sent < idx and bisect.bisect_right(breaks, sents[lo_sent].start) != \
                    bisect.bisect_right(breaks, where.start):
                lo_sent += 1
            lo, hi = sents[lo_sent].start, where.end
            for s, _e, d in mentions[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]:
                if d.id != ent.id and _is_district(d, ent) and (nearest is None or abs(s - start) < nearest[0]):
                    nearest = (abs(s - start), s, where.end, d)
        first, _ = min(ent.mentions)
        idx = bisect.bisect_right(sent_starts, first) - 1
        if idx < 0:
            continue
        where = sents[idx]
        if nearest is not None:
            _, s, end, d = nearest
            sent_lo = sents[bisect.bisect_right(sent_starts, s) - 1].start
            propose(Found(ent.id, "ligtIn", {"doel": d.id}, (min(s, sent_lo), end), DISTRICT,
                          "plaats genoemd bij een wijk of stadsdeel"))
        elif own_area is not None and own_area in entities:
            propose(Found(ent.id, "ligtIn", {"doel": own_area}, (where.start, where.end), OWN_AREA,
                          "plaats in de eigen gemeente"))
    return sorted(strongest(proposed), key=lambda f: (f.span[0], f.kind, f.subject))


#: entities, each with a pattern for each of its names that may be found inside another name
_Named = list[tuple[Entity, list[tuple[str, re.Pattern[str]]]]]


def _named(ents: list[Entity], keep: Callable[[str], bool], compound: bool) -> _Named:
    """Each entity with a pattern (compiled once) for each of its names that ``keep`` admits.

    A theme may open a compound (``compound``: "mobiliteitsplan"); an area or document is a whole word.
    """
    tail = r"(?:s|-)?(?=\w{3,})|(?!\w)" if compound else r"(?!\w)"
    return [(ent, [(n, re.compile(rf"(?<!\w){re.escape(fold(n))}(?:{tail})")) for n in (ent.name, *ent.alt) if keep(n)])
            for ent in ents]


def areas_in_names(ct: CleanText, entities: dict[str, Entity], document: str | None = None) -> list[Found]:
    """What a name says of its bearer: the area and theme a document or project is about, where a body sits.

    - ``betreftGebied``: a document, project or instrument whose name names an area of the text ("de
      Renovatiedeal Twente", "de mobiliteitshub Hart van Zuid"): a capitalised name of an area entity found
      in the text, as a whole word, inside the topic's name or one of its other names;
    - ``gaatOver``: its name names a theme of the text, as a word or the first part of a compound
      ("Mobiliteitsplan 2040" → mobiliteit, "Omgevingsprogramma Toekomstbestendige Bedrijventerreinen");
    - ``ligtIn``: an organisation named after an area lies in it ("Kennispunt Twente", "Energie van Hengelo");
    - ``geeftUitvoeringAan``: an "uitvoerings…" document (programme, agenda, plan, regulation) named after
      another document of the text carries that one out ("Uitvoeringsagenda Woonvisie 2030").

    The quote is the first mention that holds the name found (else the first mention).
    """
    folded = ct.folded()
    vocab = vocabulary()
    areas = _named([ent for ent in entities.values() if ent.type in AREA_TYPES and ent.mentions],
                  lambda n: n[:1].isupper() and len(n) >= 4, False)
    themes = _named([ent for ent in entities.values() if vocab.is_a(ent.type, "Onderwerp") and ent.mentions],
                   lambda n: len(n) >= 5, True)
    documents = _named([ent for ent in entities.values() if vocab.segments.get(ent.type) in ("document", "instrument")
                       and ent.mentions and ent.id != document], lambda n: n[:1].isupper() and len(n) >= 5, False)
    out = []

    def find(bearer: Entity, candidates: _Named, kind: str, confidence: float, rule: str) -> None:
        names = [fold(n) for n in (bearer.name, *bearer.alt)]
        for other, patterns in candidates:
            if other.id == bearer.id:
                continue
            hit = next(((n, rx) for n, rx in patterns for name in names if rx.search(name)), None)
            if hit is None:
                continue
            span = next((m for m in sorted(bearer.mentions) if hit[1].search(folded[m[0]:m[1]])),
                        min(bearer.mentions))
            out.append(Found(bearer.id, kind, {"doel": other.id}, span, confidence, f"{rule} ({hit[0]})"))

    for bearer in entities.values():
        if not bearer.mentions or bearer.id == document or bearer.type in AREA_TYPES:
            continue
        segment = vocab.segments.get(bearer.type)
        if segment in TOPIC_KINDS:
            find(bearer, areas, "betreftGebied", IN_NAME, "gebied in de naam")
            find(bearer, themes, "gaatOver", THEME_IN_NAME, "onderwerp in de naam")
            if fold(bearer.name).startswith("uitvoerings"):
                find(bearer, documents, "geeftUitvoeringAan", IN_NAME, "uitgevoerd document in de naam")
        elif segment == "organisatie" and bearer.type not in PUBLIC_BODIES:
            # a public body named after its area governs it rather than lies in it ("gemeente Hof van Twente")
            find(bearer, areas, "ligtIn", THEME_IN_NAME, "gebied in de naam van de organisatie")
    return out


#: "we"/"wij" in a municipality's own text is the municipality; what it does to a document or project
_WE = r"(?:we|wij)"
_WE_DOES = (
    ("uitgevoerdDoor", re.compile(
        rf"\b(?:{_WE} (?:geven|gaven|voeren|voerden)(?: [\w-]+){{0,6}} (?:uitvoering|invulling) aan"
        rf"|(?:geven|gaven|voeren|voerden) {_WE}(?: [\w-]+){{0,6}} (?:uitvoering|invulling) aan"
        rf"|{_WE} (?:voeren|voerden)\b.{{0,60}}\buit\b|(?:voeren|voerden) {_WE}\b.{{0,60}}\buit\b"
        # "het Taalhuis, dat we samen met de Bibliotheek uitvoeren"
        rf"|{_WE}\b[^.;]{{0,60}}\b(?:uitvoeren|uitvoerden)\b"
        rf"|{_WE} (?:werken|werkten)(?: [\w-]+){{0,4}} aan|(?:werken|werkten) {_WE}(?: [\w-]+){{0,4}} aan)\b")),
    ("opgesteldDoor", re.compile(
        rf"\b(?:{_WE} (?:maakten|stelden|schreven|ontwikkelden|ondertekenden|sloten"
        rf"|hebben \w+ (?:opgesteld|gemaakt|ontwikkeld))"
        rf"|(?:maakten|stelden|schreven|ontwikkelden|ondertekenden|sloten) {_WE}"
        # "hebben we het Actieplan opgesteld", "Dit hebben wij vastgelegd in het Plan"
        rf"|(?:{_WE} (?:hebben|hadden)|(?:hebben|hadden) {_WE})\b[^.;]{{0,100}}?\b(?:opgesteld|geschreven|"
        rf"ondertekend|gesloten|vastgelegd in|beschreven in)"
        # "In 2024 zijn we gestart met de voorbereiding van het Programma", "Dit plan stellen we op samen met",
        # "Hoe we dat doen, werken we uit in het Uitvoeringsplan"
        rf"|{_WE}\b[^.;]{{0,60}}\b(?:voorbereiding|opstellen|opstelling) van"
        rf"|(?:stellen|stelden) {_WE}\b[^.;]{{0,60}}\bop\b|(?:werken|werkten) {_WE}\b[^.;]{{0,60}}\buit in)\b")),
)
_WORK_ON = re.compile(r"\bwerk(?:en|ten)\b")
_WITH = re.compile(r"\b(?:samen met|in (?:nauwe )?samenwerking met)\b|^\W*met\b|\b(?:we|wij) met\b")
WE_CONFIDENCE, WITH_CONFIDENCE = 0.55, 0.5


def we_relations(ct: CleanText, sents: list[Sentence], entities: dict[str, Entity], municipality: str | None,
                 document: str | None = None) -> list[Found]:
    """What "we" (the municipality whose text it is: ``municipality`` is its entity id) do to a document.

    "We geven uitvoering aan het Warmteprogramma" → the programme ``uitgevoerdDoor`` the municipality; "Met
    Borne maakten we het Koersdocument" → ``opgesteldDoor``; and the partners after "samen met" in such a
    sentence → ``inSamenwerkingMet`` (and, when we carry it out, ``uitgevoerdDoor`` them too: "We gaven samen
    met Stichting A uitvoering aan het Plan").
    """
    if municipality is None or municipality not in entities:
        return []
    vocab = vocabulary()
    folded = ct.folded()
    mentions = MentionIndex(entities)
    out: dict[tuple[str, str, str], Found] = {}
    for sent in sents:
        text = folded[sent.start:sent.end]
        inside = mentions.inside(sent)
        topics = [(s, e, ent) for s, e, ent in inside if _is_topic(ent, document)]
        # a partner in a sentence without a topic ("Daarvoor werken we samen met de netbeheerders") works with
        # us on what that sentence does, not on a topic carried over from an earlier sentence: no proposal
        with_match = _WITH.search(text)  # the partners, the same whatever "we" do
        partners = [] if with_match is None else \
            [ent for s, _e, ent in inside if s >= sent.start + with_match.end()
             and vocab.segments.get(ent.type) == "organisatie" and ent.id != municipality]
        phrase = "" if with_match is None else ct.text[sent.start + with_match.start():sent.start + with_match.end()]
        for kind, regex in _WE_DOES:
            match = regex.search(text)
            if match is None:
                continue
            after = [t for t in topics if t[0] >= sent.start + match.start()] or topics
            # "we werken aan de Woonvisie": writing a document; not "aan het Plan, dat de raad vaststelde"
            writing = kind == "uitgevoerdDoor" and _WORK_ON.search(match.group(0)) is not None \
                and ADOPTED.search(text) is None
            for _s, _e, ent in after[:2]:
                done = "opgesteldDoor" if writing and vocab.segments.get(ent.type) == "document" else kind
                key = (ent.id, done, municipality)
                if key not in out:
                    out[key] = Found(ent.id, done, {"doel": municipality}, (sent.start, sent.end), WE_CONFIDENCE,
                                     f"'{ct.text[sent.start + match.start():sent.start + match.end()]}' (wij = "
                                     "de gemeente)")
            for _s, _e, ent in after[:2]:
                for partner in partners[:4]:
                    key = (ent.id, "inSamenwerkingMet", partner.id)
                    if key not in out:
                        out[key] = Found(ent.id, "inSamenwerkingMet", {"doel": partner.id}, (sent.start, sent.end),
                                         WITH_CONFIDENCE, f"'{phrase}' in een zin met wij")
                    if kind == "uitgevoerdDoor" and (ent.id, "opgesteldDoor", municipality) not in out \
                            and (ent.id, kind, partner.id) not in out:
                        # "we gaven samen met Stichting A uitvoering aan het Plan": A carries it out with us
                        out[(ent.id, kind, partner.id)] = Found(
                            ent.id, kind, {"doel": partner.id}, (sent.start, sent.end), WITH_CONFIDENCE,
                            f"'{phrase}' in een zin waarin wij uitvoeren")
    return sorted(out.values(), key=lambda f: (f.span[0], f.kind, f.subject))


ADOPTED_AUTHOR = 0.45


def college_documents(found: list[Found], college: str | None) -> list[Found]:
    """A document the own college adopted, with no author proposed, was drawn up by the college.

    "In maart stelde het college het Uitvoeringsplan Sport vast" → the plan ``opgesteldDoor`` the college
    (quoting the adoption): the college adopts what it wrote itself. Not so for the council, which adopts what
    the college puts to it.
    """
    if college is None:
        return []
    authored = {f.subject for f in found if f.kind == "opgesteldDoor"}
    out: dict[str, Found] = {}
    for f in found:
        if f.kind == "vaststelling" and f.values.get("door") == college and f.subject not in authored:
            out.setdefault(f.subject, Found(f.subject, "opgesteldDoor", {"doel": college}, f.span, ADOPTED_AUTHOR,
                                            "vastgesteld door het college, geen andere opsteller genoemd"))
    return list(out.values())


#: working together in a partnership: "Sinds 2022 werken wij met de buurgemeenten A en B samen in de Alliantie X",
#: "In Regio Y werken de gemeenten A, B en C samen", "Binnen de Regio Z werken we samen met A en B"
_TOGETHER = re.compile(r"\bsamen\w*\b|\bsamenwerk\w*\b")
_WORK = re.compile(r"\bwerk(?:t|en|te|ten)\b|\bsamenwerk\w*\b")
_IN = re.compile(r"\b(?:in|binnen) (?:de |het )?$")
_WE_WORD = re.compile(rf"\b(?:{_WE}|onze gemeente)\b")
MEMBER = 0.5


def memberships(ct: CleanText, sents: list[Sentence], entities: dict[str, Entity],
                municipality: str | None) -> list[Found]:
    """``isLidVan``: who works together in a partnership named in the same sentence after "in" or "binnen".

    Every other organisation named in the sentence is a member, and "we" (the own ``municipality``) too:
    "Sinds 2022 werken wij met de buurgemeenten Westerkade en Haaglanderveen samen in de Bereikbaarheidsalliantie
    Delfland-Oost" → the municipality, Westerkade and Haaglanderveen are members of the alliance.
    """
    folded = ct.folded()
    named = MentionIndex(entities)
    segments = vocabulary().segments
    out: dict[tuple[str, str], Found] = {}
    for sent in sents:
        text = folded[sent.start:sent.end]
        if not (_TOGETHER.search(text) and _WORK.search(text)):
            continue
        inside = named.inside(sent)
        partnerships = [ent for s, _e, ent in inside if ent.type == "Samenwerkingsverband"
                        and _IN.search(folded[max(sent.start, s - 12):s])]
        if not partnerships:
            continue
        # (a group named without a name, "de buurgemeenten", stands for the members named with it)
        members = [ent for _s, _e, ent in inside if segments.get(ent.type) == "organisatie"
                   and ent.type not in ("Samenwerkingsverband", "Bestuursorgaan") and ent.rule != GROUP_RULE]
        if municipality is not None and municipality in entities and _WE_WORD.search(text):
            members.append(entities[municipality])
        for partnership in partnerships[:1]:
            for member in members:
                out.setdefault((member.id, partnership.id), Found(
                    member.id, "isLidVan", {"doel": partnership.id}, (sent.start, sent.end), MEMBER,
                    "samenwerken in een samenwerkingsverband"))
    return list(out.values())


ORGAN = 0.5
_MUNICIPAL_BODY = re.compile(r"^(?:gemeenteraad|college)-(?P<slug>.+)$")


def organs(entities: dict[str, Entity]) -> list[Found]:
    """``isOnderdeelVan`` from what a body is, when the text names both.

    A municipality's council and college are organs of the municipality; a ministry is part of the Rijk. The
    quote is the body's first mention.
    """
    rijk = next((ent for ent in entities.values() if ent.type == "Rijksorganisatie"
                 and fold(ent.name) == "rijksoverheid"), None)
    out = []
    for ent in entities.values():
        if not ent.mentions:
            continue
        parent = None
        if ent.type == "Bestuursorgaan" and (m := _MUNICIPAL_BODY.match(ent.id)) is not None:
            parent = entities.get(f"gemeente-{m.group('slug')}")
        elif ent.type == "Rijksorganisatie" and fold(ent.name).startswith("ministerie "):
            parent = rijk
        if parent is not None and parent.mentions:
            out.append(Found(ent.id, "isOnderdeelVan", {"doel": parent.id}, min(ent.mentions), ORGAN,
                             "orgaan van de gemeente" if parent is not rijk else "ministerie van het Rijk"))
    return out
