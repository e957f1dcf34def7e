"""Recognise entities: known ones from a gazetteer, new ones from Dutch policy naming patterns.

Known entities come from the records of the existing graph (``naam``, ``ook`` variants and acronyms) and from
the lexicon of public bodies; they are found case-, accent- and ligature-insensitively, with white space,
hyphens and a missing space ("Positionpaper" / "Position Paper") not mattering. Acronyms (all capitals) only
match with their exact case.

New candidates are found by rules written for Dutch policy language:

- a document head word (``visie``, ``programma``, ``plan``, ``routekaart``, ``deal``, ``position paper``,
  also at the end of a compound such as ``Mobiliteitsplan``) with the capitalised words, years and quoted title
  around it: "Programma Water en Riolering 2023-2027", "nota Gezondheid", "Mobiliteitsplan 2040 ‘Heel Hengelo
  in Beweging’";
- a name with an acronym in brackets, "Regionale Stedelĳke Investeringsagenda (RSIA)", after which the bare
  acronym is the same entity;
- capitalised names with an organisation, area or project word ("Stichting Wĳkracht", "Kennispunt Twente",
  "Wĳk Noord", "zonneveld Boeldershoek") and capitalised names in a list after "samen met" / "in samenwerking
  met" (organisations);
- numbered section headings: "4. Dwarsthema: Wĳkgerichte aanpak" (a Dwarsthema), "3. Duurzame inrichting"
  (an Opgave, lower confidence).

Every candidate gets a proposed type and a confidence; the reviewer decides.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from beleidsgraaf.graph.extract.lexicon import Lexicon, lexicon
from beleidsgraaf.graph.extract.normalise import CleanText, Sentence
from beleidsgraaf.graph.textnorm import fold, slugify
from beleidsgraaf.graph.vocab import vocabulary

_WORD = re.compile(r"[^\W_]+(?:[-'/&][^\W_]+)*|'|\(|\)|[.,;:!?\"]")
_YEAR = re.compile(r"^(?:19|20)\d{2}(?:-(?:19|20)?\d{2,4})?$")
_ACRONYM = re.compile(r"^[A-Z](?=(?:[^A-Z]*[A-Z]))[A-Za-z0-9&]{1,9}$")
_SEP = r"[\s\-/'.,]{0,3}"  # "Ministerie van Volksgezondheid, Welzijn en Sport"
#: a road number: a motorway ("A35") or a provincial road ("N18")
ROAD = re.compile(r"(?<![\w-])[AN]\d{1,3}(?![\w-])")
_PARTS = re.compile(r"\b(paragraaf|bijlage|hoofdstuk) \d+(?:\.\d+)+(?:(?:,| en) \d+(?:\.\d+)+)*")
_CASE_NUMBERS = re.compile(r"\b((?:raads(?:informatie)?)?brie(?:f|ven))\b[^.()]{0,30}\(zaaknummers? "
                           r"(\d{5,}(?:(?:,| en) \d{5,})*)\)")
_OFFICE_CODE = r"(?:[A-Z][A-Za-z]*&?[A-Z]+|[A-Z]{2,})"
_OFFICES = re.compile(rf"\b(?:[Mm]inisters?|[Ss]taatssecretaris(?:sen)?) van ((?:de )?{_OFFICE_CODE}"
                      rf"(?:(?:, | en ){_OFFICE_CODE})*)")
_REGION_MUNICIPALITIES = re.compile(
    r"\b((?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|"
    r"zeventien|achttien|negentien|twintig|\d+) )([A-Z][a-z]+e gemeenten)\b")
_PROJECT_WORD = r"projecten|project|pilots|pilot|initiatieven|initiatief|campagnes|campagne"
#: the last project word of a text ("de projecten 'Samen aan tafel' en 'Thuis in de wijk'")
_PROJECT_WORDS = re.compile(rf"\b({_PROJECT_WORD})\b(?!.*\b(?:{_PROJECT_WORD})\b)")
#: a project word right before a quoted title ("het project 'Weerbaar Buitengebied'")
_TOWN = re.compile(r"[A-Z][\w'-]+(?: (?:aan|op|in|van|den|de|aan de|aan den) [A-Z][\w'-]+)?")
#: "de gemeente X", "buurgemeente X", "de gemeenten X, Y en Z" (names of municipalities start with a capital)
_MUNICIPALITIES = re.compile(rf"\b(?:buur)?gemeenten? ({_TOWN.pattern}(?:(?:, | en ){_TOWN.pattern})*)")
#: bodies of a municipality or a partnership named with "van": "de gemeenteraad van Steenwaard"
_BODIES = re.compile(r"\b(?P<body>[Gg]emeenteraad|[Cc]ollege van burgemeester en wethouders|[Cc]ollege van B&W|"
                     r"[Aa]lgemeen bestuur|[Dd]agelijks bestuur) van (?:de |het )?(?:gemeente )?"
                     r"(?P<of>[A-Z][\w'&-]+(?: [A-Z][\w'&-]+)*)")
_BODY_NAMES = {"college van b&w": "College van burgemeester en wethouders"}
#: a school named with "College" last: "het Vaartland College", "het Roer College" (not "College van B&W")
_SCHOOLS = re.compile(r"\b(?:[A-Z][\w'-]+ )+College\b(?! van)")
#: the rule of a group of actors named without a proper name ("de netbeheerders")
GROUP_RULE = "groep partijen (lexicon)"
#: policy words that end a compound whose first part is a theme ("re-integratiebeleid", "preventieparagraaf")
_THEME_COMPOUND = r"(?:beleid|paragraaf|opgaven?|ambities?|maatregelen|doelen|doelstellingen|activiteiten|aanbod|taken)"
#: lower-case words that describe an area named after them ("de wijk Vossenberg", "de regio Midden-Roer")
_AREA_WORDS = frozenset({"wijk", "buurt", "regio", "gebied", "bedrijventerrein", "terrein", "kern", "dorp", "polder"})
_WORKS = re.compile(r"\b(herinrichting|realisatie|gebiedsontwikkeling|herontwikkeling|ontwikkeling|transformatie|"
                    r"aanleg|renovatie|restauratie|uitbreiding|verduurzaming|revitalisering|vernieuwing|"
                    r"aardgasvrij maken|aardgas vrijmaken|reconstructie|herbestemming|herstructurering)"
                    r"(?:(?P<van> van (?:de |het )?)| (?=\w))")


@dataclass(slots=True)
class GazetteerEntry:
    """An entity that has a name already: a record of the graph (``known``) or a public body of the lexicon."""

    id: str
    type: str
    names: list[str]
    known: bool
    tooi: str | None = None
    source: str | None = None
    #: the municipality whose text the record was curated from ("Hengelo"), when its source title names one
    municipality: str | None = None


def own_municipality_of(title: str | None, text: str) -> str | None:
    """The municipality a text is about: named in the title ("… gemeente Hengelo …"), else in the text."""
    for candidate in (title or "", text[:3000]):
        m = re.search(r"\bgemeente ([A-Z][\w'-]+(?: [a-z]{2,3} [A-Z][\w-]+)?)", candidate)
        if m:
            return m.group(1)
    return None


@dataclass(slots=True)
class Entity:
    """An entity found in the text: known (linked to the graph) or a new candidate with a proposed type."""

    id: str
    type: str
    name: str
    alt: list[str] = field(default_factory=list)
    known: bool = False
    tooi: str | None = None
    confidence: float = 0.5
    mentions: list[tuple[int, int]] = field(default_factory=list)
    rule: str = ""
    date: str | None = None

    def has_name(self, name: str) -> bool:
        """Whether ``name`` is its name or one of its other names (ignoring case, accents and the ĳ ligature)."""
        return fold(name) in {fold(n) for n in (self.name, *self.alt)}

    def named_with(self, head: str) -> bool:
        """Whether a word of one of its names is, or ends in, ``head`` (folded).

        What "het plan" or "deze afspraken" can refer back to: the "Fietsplan Delfmond", the "Prestatieafspraken
        2025-2028".
        """
        words = re.findall(r"[^\W_]+", fold(" ".join([self.name, *self.alt])))
        return any(w == head or w.endswith(head) for w in words)

    def add_alt(self, name: str) -> None:
        """Add a name variant unless it is the name or already listed (compared folded)."""
        if fold(name) != fold(self.name) and all(fold(name) != fold(a) for a in self.alt):
            self.alt.append(name)


class MentionIndex:
    """Every mention of the entities in text order (the longer first at the same start), found by sentence."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.all = sorted(((s, e, ent) for ent in entities.values() for s, e in ent.mentions),
                          key=lambda m: (m[0], -m[1]))
        self.starts = [m[0] for m in self.all]

    def inside(self, sent: Sentence) -> list[tuple[int, int, Entity]]:
        """The mentions within ``sent``, nested ones included."""
        lo, hi = bisect.bisect_left(self.starts, sent.start), bisect.bisect_left(self.starts, sent.end)
        return [m for m in self.all[lo:hi] if m[1] <= sent.end]


def name_regex(name: str) -> re.Pattern[str]:
    """A pattern that finds ``name`` in folded text, flexible in white space, hyphens and joined words."""
    tokens = [t for t in re.split(r"[^\w&]+", fold(name)) if t]
    body = _SEP.join(re.escape(t) for t in tokens)
    return re.compile(rf"(?<![\w]){body}(?![\w])")


def find_name(name: str, text: str, folded: str) -> Iterator[re.Match[str]]:
    """Every mention of ``name`` in the clean ``text`` (or its ``folded`` copy, same offsets).

    An acronym or a name of up to three characters is found in ``text`` with its exact case, any other name in
    ``folded`` with :func:`name_regex`.
    """
    if _ACRONYM.match(name.replace(" ", "")) or len(name) <= 3:
        return re.finditer(rf"(?<![\w]){re.escape(name)}(?![\w])", text)
    return name_regex(name).finditer(folded)


class Gazetteer:
    """Names of entities that exist already, for linking mentions to the graph."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.entries = list(entries)
        self._by_fold: dict[str, tuple[GazetteerEntry, str]] = {}  # folded name -> (entry, name as listed)
        for entry in self.entries:
            for name in entry.names:
                self._by_fold.setdefault(fold(name), (entry, name))

    @classmethod
    def build(cls, data_dir: Path | None, *, exclude_sources: Iterable[str] = (), lex: Lexicon | None = None
              ) -> Gazetteer:
        """The records of ``data_dir`` (minus those of ``exclude_sources``) plus the lexicon's public bodies."""
        from beleidsgraaf.graph.records import load_project

        lex = lex or lexicon()
        excluded = set(exclude_sources)
        entries: list[GazetteerEntry] = []
        known_tooi: set[str] = set()
        known_names: set[str] = set()
        if data_dir is not None and (data_dir / "sources.yaml").is_file():
            project = load_project(data_dir)
            towns = {src.id: own_municipality_of(src.title, "") for src in project.sources}
            for rec in project.records:
                if rec.source in excluded:
                    continue
                entries.append(GazetteerEntry(rec.id, rec.type, [rec.name, *rec.alt], True, rec.tooi, rec.source,
                                              towns.get(rec.source)))
                if rec.tooi:
                    known_tooi.add(rec.tooi)
                known_names.update(fold(n) for n in [rec.name, *rec.alt])
        for body in lex.public_bodies:
            if body.tooi and body.tooi in known_tooi:
                continue
            if fold(body.name) in known_names:
                continue
            entries.append(GazetteerEntry(slugify(body.name), body.type, [body.name, *body.alt], False, body.tooi))
        return cls(entries)

    def lookup(self, name: str, cutoff: float = 0.9) -> GazetteerEntry | None:
        """The entry with this name (folded), or the closest one above ``cutoff`` (fuzzy), or None."""
        found = self.match(name, cutoff)
        return None if found is None else found[0]

    def match(self, name: str, cutoff: float | None = 0.9) -> tuple[GazetteerEntry, str] | None:
        """The entry with this name and the name as it lists it (``cutoff`` None: exact, folded, only)."""
        key = fold(name)
        if key in self._by_fold:
            return self._by_fold[key]
        if cutoff is None:
            return None
        close = difflib.get_close_matches(key, list(self._by_fold), n=1, cutoff=cutoff)
        return self._by_fold[close[0]] if close else None

    def find(self, ct: CleanText, folded: str) -> list[tuple[int, int, GazetteerEntry, str]]:
        """Every mention of every entry in the clean text: (start, end, entry, name matched)."""
        hits: list[tuple[int, int, GazetteerEntry, str]] = []
        for entry in self.entries:
            for name in entry.names:
                hits += [(m.start(), m.end(), entry, name) for m in find_name(name, ct.text, folded)]
        return hits


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    low: str = field(init=False)  # folded once: the rules compare it many times per token

    def __post_init__(self) -> None:
        self.low = fold(self.text)

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum()


def tokens(text: str, offset: int = 0) -> list[_Token]:
    """Words, brackets, quotes and punctuation of ``text`` with offsets (plus ``offset``)."""
    return [_Token(m.start() + offset, m.end() + offset, m.group(0)) for m in _WORD.finditer(text)]


class EntityFinder:
    """Applies the naming rules to one text."""

    def __init__(self, ct: CleanText, sentences: list[Sentence], gazetteer: Gazetteer,
                 lex: Lexicon | None = None) -> None:
        self.ct = ct
        self.sentences = sentences
        self.gaz = gazetteer
        self.lex = lex or lexicon()
        self.folded = ct.folded()
        self.entities: dict[str, Entity] = {}
        self.spans: list[tuple[int, int, str]] = []
        self._doc_heads = sorted(self.lex.documents, key=len, reverse=True)
        # the one-word keys of each keyword table, longest first (see _suffix_key)
        self._suffixes = {id(t): [k for k in sorted(t, key=len, reverse=True) if " " not in k]
                          for t in (self.lex.organisations, self.lex.areas, self.lex.projects)}
        self.own: str | None = None  # the municipality whose text this is (set by run)
        self.themed_headings = True  # whether numbered headings name themes (set by run)

    # ----- helpers ---------------------------------------------------------------------------------------

    def _foreign_generic(self, entry: GazetteerEntry, name: str) -> bool:
        """Whether ``name`` is a generic variant of a record curated from another municipality's text.

        A variant without a capital or a digit ("het college", "omgevingsvisie"), or a single keyword ("de
        Binnenstad"), names, in this text, this municipality's own college, vision or centre, not the record's.
        """
        if not (entry.municipality and self.own and fold(entry.municipality) != fold(self.own)):
            return False
        words = [w for w in fold(name).split() if w not in {"de", "het", "een", "ons", "onze"}]
        return not re.search(r"[A-Z0-9]", name) or (len(words) == 1 and self._type_of_name(words[0]) is not None)

    def _doc_head(self, word: str) -> tuple[str, str] | None:
        """(head word, class) when ``word`` (folded) is or ends in a document head word."""
        if word in self.lex.not_documents:
            return None
        for head in self._doc_heads:
            if " " in head:
                continue
            if word == head or (word.endswith(head) and len(word) - len(head) >= 3):
                return head, self.lex.documents[head]
        return None

    def _suffix_key(self, word: str, table: dict[str, str]) -> str | None:
        """The longest one-word key of ``table`` (a keyword table of the lexicon) that ``word`` is or ends in.

        A key that ends the word needs three or more letters before it.
        """
        return next((k for k in self._suffixes[id(table)]
                     if word == k or (word.endswith(k) and len(word) - len(k) >= 3)), None)

    def _suffix_type(self, word: str, table: dict[str, str]) -> str | None:
        """The class :meth:`_suffix_key` finds for ``word`` in ``table``."""
        key = self._suffix_key(word, table)
        return None if key is None else table[key]

    def _is_stop(self, tok: _Token) -> bool:
        return tok.low in self.lex.stopwords

    def _name_word(self, tok: _Token) -> bool:
        """Whether ``tok`` may be a word of a name: a capitalised word, not a stop word ("De" opening a sentence)."""
        return tok.word and tok.cap and not self._is_stop(tok)

    def _name_article(self, toks: list[_Token], k: int) -> bool:
        """Whether ``toks[k]`` is a capital article that opens or goes on a name, a name word after it.

        "Waterschap De Dommel", "korenmolen De Hoop", "Ruimtelijke Agenda De Drie Marken": inside a sentence a
        capital "De" or "Het" belongs to a name.
        """
        return toks[k].text in _NAME_ARTICLES and k + 1 < len(toks) and self._name_word(toks[k + 1])

    def _name_run(self, toks: list[_Token], k: int) -> int:
        """The index of the last word of the run of name words that starts at ``k``."""
        while k + 1 < len(toks) and self._name_word(toks[k + 1]):
            k += 1
        return k

    def add(self, name: str, etype: str, start: int, end: int, confidence: float, rule: str, *,
            known: GazetteerEntry | None = None, alt: Iterable[str] = ()) -> Entity:
        """Record a mention; mentions of the same entity (same id or name) are merged."""
        name = " ".join(name.split()).strip(" ,.;:")
        if name.count("'") % 2:
            name = name.strip("'")
        if known is None:
            found = self.gaz.match(name)
            if found is not None and _compatible(found[0].type, etype) and \
                    not (fold(found[1]) == fold(name) and self._foreign_generic(*found)):
                known = found[0]  # (a variant found fuzzily is not checked for being another town's generic)
        if known is not None:
            eid = known.id
            ent = self.entities.get(eid)
            if ent is None:
                ent = Entity(eid, known.type, known.names[0], [n for n in known.names[1:]], known.known,
                             known.tooi, max(confidence, 0.9 if known.known else 0.8), rule=rule)
                self.entities[eid] = ent
        else:
            eid = slugify(name)
            if not eid:
                eid = "entiteit"
            ent = self.entities.get(eid)
            if ent is None:
                ent = Entity(eid, etype, name[:1].upper() + name[1:], confidence=confidence, rule=rule)
                self.entities[eid] = ent
            else:
                ent.confidence = max(ent.confidence, confidence)
        for a in alt:
            ent.add_alt(a)
        if (start, end) not in ent.mentions:
            ent.mentions.append((start, end))
        self.spans.append((start, end, ent.id))
        return ent

    def mention(self, ent: Entity, start: int, end: int) -> None:
        """Record a further mention of ``ent`` at ``[start, end)`` (unless it has it already)."""
        if (start, end) not in ent.mentions:
            ent.mentions.append((start, end))
            self.spans.append((start, end, ent.id))

    def taken(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a mention already found that it does not strictly contain.

        A longer name wins over a shorter one inside it ("Kennispunt Twente" over "Twente"): the shorter
        mentions are dropped.
        """
        inner = [(s, e, i) for s, e, i in self.spans if start <= s and e <= end and (s, e) != (start, end)]
        if any(s < end and start < e for s, e, i in self.spans if (s, e, i) not in inner):
            return True
        for s, e, i in inner:
            self.spans.remove((s, e, i))
            ent = self.entities.get(i)
            if ent is not None and (s, e) in ent.mentions:
                ent.mentions.remove((s, e))
        return False

    # ----- rules -----------------------------------------------------------------------------------------

    def run(self, own_municipality: str | None = None, *, themed_headings: bool = True) -> dict[str, Entity]:
        """Apply every rule; return the entities by id.

        ``themed_headings``: whether numbered headings ("3. Duurzame inrichting") name the text's themes
        (``Opgave``), as in the budgets and annual reports of the planning and control cycle; in a letter or a
        policy document they are just its chapters.
        """
        self.own = own_municipality
        self.themed_headings = themed_headings
        self._headings()
        self._documents()
        self._gazetteer(own_municipality)
        self._the_province()
        self._other_municipalities()
        self._acronyms()
        self._quoted()  # before _named_things: "het project 'Weerbaar Buitengebied'" is no area
        self._named_things()
        self._partners()
        self._listed()
        self._approaches()
        self._works()
        self._compounds()
        self._references()
        self._places()
        self._second_mentions()
        self._also_named()
        self._themes()
        self._goals()
        self._groups()
        self._roads()
        self._partnership_regions()
        self.entities = {k: e for k, e in self.entities.items() if e.mentions}
        return self.entities

    def _themes(self) -> None:
        """Policy themes of the lexicon (``onderwerpen``) where no other name claimed the words."""
        hits = []
        for name, variants in self.lex.themes:
            for variant in (name, *variants):
                hits += [(m.start(), m.end(), name, variant) for m in find_name(variant, self.ct.text, self.folded)]
        # a one-word theme opening a compound of a policy word: "re-integratiebeleid", "preventieparagraaf" (one
        # pattern for all themes; a word two themes share is the first theme's)
        stems: dict[str, str] = {}
        for name, variants in self.lex.themes:
            for v in (name, *variants):
                if " " not in v:
                    stems.setdefault(fold(v), name)
        rx = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, sorted(stems, key=len, reverse=True)))})s?"
                        rf"{_THEME_COMPOUND}(?![\w-])")
        hits += [(m.start(), m.end(), stems[m.group(1)], "") for m in rx.finditer(self.folded)]
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        for start, end, name, variant in hits:
            if self.taken(start, end):
                continue
            if not variant:
                self.add(name, "Onderwerp", start, end, 0.5, "onderwerp in een samenstelling",
                         alt=[self.ct.text[start:end]])
                continue
            alt = [variant] if fold(variant) != fold(name) else []
            self.add(name, "Onderwerp", start, end, 0.6, "onderwerp (lexicon)", alt=alt)

    def _goals(self) -> None:
        """The goal something contributes to, named without a theme of the lexicon: a theme (``Onderwerp``).

        "leveren we een bijdrage aan de doelen voor duurzame opwekking van elektriciteit", "draagt bij aan
        schone lucht": the lower-case words after "bijdrage aan" / "bij aan" (and "de doelen voor"), up to six,
        closed by punctuation. A goal that holds a name or a theme found already is left to that one.
        """
        goals: list[Entity] = []
        for m in _GOAL.finditer(self.folded):
            toks = tokens(self.ct.text[m.end():m.end() + 90], m.end())
            k = 0
            while k < len(toks) and toks[k].word and not toks[k].cap and not _YEAR.match(toks[k].text) and \
                    (not self._is_stop(toks[k]) or (toks[k].low in {"van", "en"} and k > 0)):
                k += 1
            if not 0 < k <= 6 or (k < len(toks) and toks[k].word) or toks[k - 1].low in {"van", "en"}:
                continue
            start, end = toks[0].start, toks[k - 1].end
            if any(s < end and start < e for s, e, _ in self.spans):
                continue
            name = self.ct.text[start:end]
            goals.append(self.add(name[:1].upper() + name[1:], "Onderwerp", start, end, 0.45, "doel na 'bijdrage aan'"))
        for goal in goals:  # the goal named again elsewhere ("… en aan schone lucht in de wijk")
            for m in name_regex(goal.name).finditer(self.folded):
                if (m.start(), m.end()) not in goal.mentions and not self.taken(m.start(), m.end()):
                    self.mention(goal, m.start(), m.end())

    def _groups(self) -> None:
        """Groups of actors named without a proper name ("de netbeheerders", "onze regiopartners")."""
        # longest first, then alphabetically: the lexicon's words are a set, whose order changes from run to run
        for word in sorted(self.lex.parties, key=lambda w: (-len(w), w)):
            for m in name_regex(word).finditer(self.folded):
                if not self.taken(m.start(), m.end()):
                    self.add(self.ct.text[m.start():m.end()], "Organisatie", m.start(), m.end(), 0.5, GROUP_RULE)

    def _roads(self) -> None:
        """Road numbers: "langs de A35", "de N18" (motorways and provincial roads)."""
        for m in ROAD.finditer(self.ct.text):
            if not self.taken(m.start(), m.end()):
                self.add(m.group(0), "Locatie", m.start(), m.end(), 0.55, "wegnummer")

    def _partnership_regions(self) -> None:
        """The region a partnership is named after, as an area of its own.

        "de Energieregio Lingestreek", "Regio Lindevallei", "de Bereikbaarheidsalliantie Delfland-Oost" → the
        area Lingestreek, Lindevallei, Delfland-Oost: one word after the partnership's word, not a municipality or
        other entity the text or the gazetteer knows.
        """
        for ent in list(self.entities.values()):
            words = ent.name.split()
            if ent.type != "Samenwerkingsverband" or len(words) != 2 or not words[1][:1].isupper() \
                    or (fold(words[0]) != "regio"
                        and self._suffix_type(fold(words[0]), self.lex.organisations) != "Samenwerkingsverband"):
                continue
            region = words[1]
            known = self.gaz.lookup(region)
            if known is not None or _YEAR.match(region) or any(e.has_name(region) for e in self.entities.values()
                                                                if e is not ent):
                continue
            for start, end in list(ent.mentions):
                at = self.folded.find(fold(region), start, end)
                if at >= 0:
                    self.add(region, "Regio", at, at + len(region), 0.5, "gebied in de naam van een samenwerking")

    def _quoted(self) -> None:
        """A quoted phrase of up to six words with a document head word: ‘strategische agenda’.

        Or any quoted phrase that a project word introduces: "de projecten 'Samen aan tafel' en 'Thuis in de
        wijk'", "de pilot 'Buurtbus'".
        """
        # every quotation mark may open a quote (overlapping matches), so a skipped apostrophe does not hide
        # the quote after it
        for m in re.finditer(r"'(?=([^'\n]{3,60})')", self.ct.text):
            if m.group(1).startswith("n ") or (m.start() and self.ct.text[m.start() - 1].isalnum()):
                continue  # "'n" (een), an apostrophe inside a word or the closing mark of a quote
            words = [fold(w) for w in re.findall(r"[^\W_]+", m.group(1))]
            if not 1 <= len(words) <= 6:
                continue
            head = next((self._doc_head(w) for w in reversed(words) if self._doc_head(w)), None)
            start, end = m.start(1), m.end(1)
            if head is not None:
                if not self.taken(start, end):
                    self.add(m.group(1), head[1], start, end, 0.6, "naam tussen aanhalingstekens")
                continue
            before = self.folded[max(0, m.start() - 60):m.start()]
            if re.search(r"\bopgaven?\s*$", before) and not self.taken(start, end):
                self.add(m.group(1), "Opgave", start, end, 0.6, "naam tussen aanhalingstekens (opgave)")
                continue
            intro = _PROJECT_WORDS.search(before)
            if intro is not None and not re.search(r"[.;:!?]", before[intro.end():]) \
                    and not self.taken(start, end):
                self.add(m.group(1), "Project", start, end, 0.55, f"naam tussen aanhalingstekens ({intro.group(1)})")

    def _places(self) -> None:
        """Capitalised names after "in", "binnen", "rond", "naar" (and "de") that no other rule claimed: places."""
        for sent in self.sentences:
            toks = tokens(self.ct.text[sent.start:sent.end], sent.start)
            for i, tok in enumerate(toks[:-1]):
                if tok.low not in {"in", "binnen", "rond", "naar"} or (i == 0 and tok.cap):
                    continue
                k = first = i + 1
                if toks[k].text == "De" and k + 1 < len(toks) and toks[k + 1].cap:
                    k += 1  # "in De Noork": the article is part of the name
                elif toks[k].text in ("de", "het") and k + 1 < len(toks) and toks[k + 1].cap:
                    k = first = k + 1  # "in de Binnenstad": a name after a lower-case article
                if not self._name_word(toks[k]) or _YEAR.match(toks[k].text):
                    continue
                e = k
                while e + 1 < len(toks):
                    if self._name_word(toks[e + 1]):
                        e += 1
                    elif toks[e + 1].low == "van" and e + 2 < len(toks) and toks[e + 2].cap:
                        e += 2
                    else:
                        break
                start, end = toks[first].start, toks[e].end
                if self.taken(start, end):
                    continue
                name = self.ct.text[start:end]
                self.add(name, self._type_of_name(name) or "Locatie", start, end, 0.5, f"plaats na '{tok.low}'")

    def _also_named(self) -> None:
        """"X onder de noemer Y", "X genaamd Y": X is another name of Y."""
        for m in re.finditer(r" (?:onder de (?:noemer|naam)|genaamd|getiteld|met de naam) ", self.folded):
            left = [(s, e, i) for s, e, i in self.spans if e <= m.start() and m.start() - e <= 2]
            right = [(s, e, i) for s, e, i in self.spans if s >= m.end() and s - m.end() <= 2]
            if not left or not right or left[0][2] == right[0][2]:
                continue
            src, dst = self.entities.get(left[0][2]), self.entities.get(right[0][2])
            if src is None or dst is None or src.known:
                continue
            dst.add_alt(src.name)
            dst.mentions.extend(src.mentions)
            self.spans = [(s, e, dst.id if i == src.id else i) for s, e, i in self.spans]
            del self.entities[src.id]

    def _gazetteer(self, own_municipality: str | None) -> None:
        hits = self.gaz.find(self.ct, self.folded)
        if own_municipality:
            own = _own_bodies(own_municipality, self.lex, self.gaz)
            hits += own.find(self.ct, self.folded)
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        for start, end, entry, name in hits:
            if self._foreign_generic(entry, name):
                # "het college" in Deventer's text is not the college of a Hengelo record; "de Binnenstad" is
                # Deventer's own (a candidate of the same type)
                if self.ct.text[start:start + 1].isupper() and not self.taken(start, end):
                    self.add(self.ct.text[start:end], entry.type, start, end, 0.5, "naam als elders, hier eigen")
                continue
            if name.islower() and re.search(r"[A-Z]", self.ct.text[start:end]) and \
                    re.match(r"\s+(?:voor|van)\s+(?:de\s+|het\s+)?[A-Z]", self.ct.text[end:end + 30]):
                continue  # "de Raad voor Kinderen", "het College van Rijksadviseurs": another body's name
            if self.taken(start, end):
                continue
            self.add(entry.names[0], entry.type, start, end, 0.9 if entry.known else 0.8, "gazetteer", known=entry)

    def _the_province(self) -> None:
        """"de provincie" in a text that names exactly one province is that province.

        (The own municipality's province is known already when the lexicon lists the municipality: then
        these words are taken.) Not "provincie Gelderland" (a name follows) nor "provinciale".
        """
        provinces = [e for e in self.entities.values() if e.type == "Provincie"]
        if len(provinces) != 1:
            return
        for m in re.finditer(r"(?<![\w-])provincie(?![\w-])(?! [A-Z])", self.ct.text):
            if not self.taken(m.start(), m.end()):
                self.mention(provinces[0], m.start(), m.end())

    def _headings(self) -> None:
        from beleidsgraaf.graph.extract.normalise import headings

        for offset, heading in headings(self.ct.verbatim):
            line = " ".join(heading.split())
            # "3. Duurzame inrichting" names the theme; "Programma 3 Wonen en ruimte" (the programmes of a municipal
            # budget or annual report) is named with its number
            m = (re.match(r"^\d+\.\s+(?:(Dwarsthema):\s*)?(.+)$", line) if self.themed_headings else None) or \
                re.match(r"^()((?:Programma|Opgave) \d+[.:]? +\S.*)$", line, re.IGNORECASE)
            if not m or fold(m.group(2)).split()[0] in _CHAPTER_WORDS:
                continue
            name = fold_ligatures(m.group(2))
            line_start = self._clean_offset(offset)
            start = self.ct.text.find(name, line_start)
            if start < 0 or start > line_start + len(heading):
                continue
            end = start + len(name)
            if m.group(1):
                self.add(name, "Dwarsthema", start, end, 0.75, "kop met dwarsthema")
            else:
                self.add(name, "Opgave", start, end, 0.5, "genummerde kop")

    def _clean_offset(self, verbatim_offset: int) -> int:
        import bisect

        return bisect.bisect_left(self.ct.origin, verbatim_offset)

    def _documents(self) -> None:
        for sent in self.sentences:
            toks = tokens(self.ct.text[sent.start:sent.end], sent.start)
            i = 0
            while i < len(toks):
                found = self._document_at(toks, i)
                if found is None:
                    i += 1
                    continue
                i = found
        return

    def _document_at(self, toks: list[_Token], i: int) -> int | None:
        tok = toks[i]
        if not tok.word:
            return None
        low = tok.low
        head_len = 1
        if low == "position" and i + 1 < len(toks) and toks[i + 1].low == "paper":
            head, etype, head_len = "position paper", self.lex.documents["position paper"], 2
        else:
            found = self._doc_head(low)
            if found is None:
                return None
            head, etype = found
        compound = low != head
        first, last = i, i + head_len - 1
        # left: capitalised adjectives and names ("Regionale Stedelĳke Investeringsagenda")
        j = first
        while j - 1 >= 0 and self._name_word(toks[j - 1]) \
                and not _ACRONYM.match(toks[j - 1].text) and (tok.cap or toks[j - 1].low.endswith("e")):
            # before a lower-case head only adjectives ("Twentse woondeal"), not a name that ends a list
            # ("samen met Hof van Twente en Haaksbergen programmeringsafspraken")
            j -= 1
            if tok.cap and j - 2 > 0 and toks[j - 1].low == "en" and toks[j - 2].word and toks[j - 2].cap \
                    and not self._is_stop(toks[j - 2]):
                j -= 1  # "Gezond en Actief Leven Akkoord": "en" between capitalised words of the name
        if j < first and j == 0 and toks[j].cap and not toks[j].low.endswith(("e", "se", "ale")):
            j += 1  # a capital because the sentence starts there, not because of a name
        first = j
        # right: years, capitalised words, connectors between capitalised words, a quoted title
        k = last + 1
        named_right = False
        title: str | None = None
        title_span = (0, 0)
        while k < len(toks):
            t = toks[k]
            if _YEAR.match(t.text):
                k += 1
                named_right = True
                continue
            if t.text == "'" and k + 1 < len(toks) and (tok.cap or compound):
                close = next((x for x in range(k + 1, min(len(toks), k + 10)) if toks[x].text == "'"), None)
                if close is not None and close > k + 1 and named_right:
                    # "Mobiliteitsplan 2040 'Heel Hengelo in Beweging'": the quoted title is another name
                    title_span = (toks[k + 1].start, toks[close - 1].end)
                    title = self.ct.text[title_span[0]:title_span[1]]
                    break
                if close is not None and close > k + 1:
                    k = close + 1
                    named_right = True
                    continue
                break
            if t.word and t.cap and (not self._is_stop(t) or self._name_article(toks, k)):
                # "Ruimtelijke Agenda De Drie Marken"
                k += 1
                named_right = True
                continue
            if t.low == "met" and k + 1 < len(toks) and toks[k + 1].cap and named_right and \
                    self.gaz.lookup(toks[k + 1].text) is None and self._type_of_name(toks[k + 1].text) is None:
                k += 1  # "het programma Preventie met Gezag" (not "de Woondeal met Almelo", "… met Stichting X")
                continue
            if t.low in {"van", "en", "in", "voor", "op", "der", "-"} and k + 1 < len(toks) and \
                    self._name_word(toks[k + 1]) and named_right:
                k += 1
                continue
            if t.low in {"van", "voor"} and k + 1 < len(toks) and toks[k + 1].cap and k == last + 1 and tok.cap:
                k += 1
                continue
            if named_right and t.word and not t.cap and not self._is_stop(t):
                # "Uitvoeringsagenda Transformatieplan sociaal 2024": lower-case words that a year closes
                look = k
                while look < len(toks) and look - k < 2 and toks[look].word and not toks[look].cap \
                        and not self._is_stop(toks[look]) and not _YEAR.match(toks[look].text):
                    look += 1
                after = toks[look + 1] if look + 1 < len(toks) else None
                if look < len(toks) and look > k and _YEAR.match(toks[look].text) and (
                        after is None or not after.word or after.cap or self._is_stop(after)):
                    k = look + 1  # (not "helpt 2025 mensen": a number that counts something)
                    continue
            break
        # a capitalised bare head word mid-sentence may take a few lower-case words ("Routekaart
        # verduurzamen maatschappelijk vastgoed"); a lower-case one only when a year closes them
        if not named_right and k == last + 1 and not compound:
            k2 = k
            while k2 < len(toks) and k2 - k < 4 and toks[k2].word and not toks[k2].cap \
                    and not self._is_stop(toks[k2]) and not _YEAR.match(toks[k2].text):
                k2 += 1
            if k2 < len(toks) and _YEAR.match(toks[k2].text) and k2 > k:
                k = k2 + 1
                named_right = True
            elif toks[last].cap and i > 0 and k2 > k and first == i:
                while k2 < len(toks) and toks[k2].word and (toks[k2].cap or _YEAR.match(toks[k2].text)) \
                        and not self._is_stop(toks[k2]):
                    k2 += 1
                if k2 >= len(toks) or not toks[k2].word or self._is_stop(toks[k2]):
                    k = k2
                    named_right = True
        if not tok.cap and not compound and named_right and k == last + 2 and not _YEAR.match(toks[k - 1].text):
            k = self._sentence_case(toks, k)  # "het programma Wonen en zorg voor ouderen van de ministeries"
        # while k-1 is a connector, drop it
        while k - 1 > last and toks[k - 1].low in {"van", "en", "in", "voor", "op", "-"}:
            k -= 1
        has_left_name = first < i
        acronym = self._bracket_acronym(toks, k)
        quoted = i > 0 and toks[i - 1].text == "'" and k < len(toks) and toks[k].text == "'"
        if head in self.lex.name_required and not compound and not (named_right or has_left_name or acronym
                                                                    or quoted):
            return None
        # a head word that is itself a compound ("programmaplan", "omgevingsvisie") names a document as its
        # compounds do; the short ones ("plan", "visie") need a name
        weak = compound or (head not in self.lex.name_required and len(head) >= 9)
        if not tok.cap and not weak and not (named_right or acronym or quoted):
            return None
        if not tok.cap and weak and not (named_right or acronym or has_left_name or quoted):
            # a lower-case compound alone ("het warmteprogramma", "het in wording zijnde programmaplan") is a
            # weak candidate
            if not _definite_before(toks, i):
                return None
            confidence = 0.45
            q = self._qualifier(toks, k)
            if q is not None:  # "de omgevingsvisie voor het stedelijk gebied": what it is for names it
                k, confidence = q, 0.5
        else:
            confidence = 0.8 if (named_right or acronym or has_left_name or tok.cap) else 0.6
        start, end = toks[first].start, toks[k - 1].end
        if self.taken(start, end):
            return k
        name = self.ct.text[start:end]
        alt: list[str] = [title] if title else []
        if first == i and k - 1 > last:
            alt += self._title_after(toks, i, last + 1, toks[k - 1].end)
        if acronym:
            alt.append(acronym)
            if " " in acronym:
                alt.append(acronym.split()[0])
        ent = self.add(name, etype, start, end, confidence, f"documentnaam ({head})", alt=alt)
        if title and not self.taken(*title_span):
            self.mention(ent, *title_span)
        year = self._bracket_year(toks, k)
        if year and ent.date is None:
            ent.date = year
        return k

    def _sentence_case(self, toks: list[_Token], k: int) -> int:
        """The end of a title in sentence case whose first word ends at ``k - 1``, or ``k`` if it has none.

        "het programma Participatiewet in balans van het ministerie", "het programma Tel mee met Taal.": up to
        five more words (no finite verb, participle or year: not "de nota Gezondheid vastgesteld"), closed by
        punctuation, the end of the sentence or a word that begins what follows the title ("van", "die", "dat",
        "waarin" …). Not "het programma Energiehubs en wordt voor 60 procent gesubsidieerd".
        """
        j = k
        while j < len(toks) and j - k < 5 and toks[j].word and toks[j].low not in _FINITE \
                and toks[j].low not in _TITLE_END and not _YEAR.match(toks[j].text) \
                and not (_PARTICIPLE.match(toks[j].low) and not toks[j].low.endswith("heid")):
            j += 1
        closed = j >= len(toks) or (not toks[j].word and toks[j].text != "'") or toks[j].low in _TITLE_END
        return j if j > k and closed and toks[j - 1].low not in {"en", "of", "de", "het", "een"} else k

    def _title_after(self, toks: list[_Token], i: int, name_from: int, end: int) -> list[str]:
        """The title after a lower-case keyword, as a variant ("het project Veilige Schoolomgevingen").

        "Preventie met Gezag" of "het programma Preventie met Gezag".

        Only a title of two or more words that starts with a capital: a single name after the keyword is
        likely a place ("het zonneveld Boeldershoek") that must not become a variant of the project.
        """
        if toks[i].cap or name_from >= len(toks) or not toks[name_from].cap:
            return []
        title = self.ct.text[toks[name_from].start:end]
        return [title] if len(title.split()) >= 2 else []

    def _qualifier(self, toks: list[_Token], k: int) -> int | None:
        """The end (token index) of "voor …" at ``k`` that names what an unnamed document or project is for.

        "omgevingsvisie voor het stedelijk gebied", "omgevingsprogramma voor de locatie van de Machinefabriek
        Stork", "energiebesparingsaanpak voor bedrijven": "voor", an optional article, then up to six words
        (lower-case words that are not function words, capitalised names, and "van de" between them), closed
        by punctuation. Anything else (a verb, "en", the end of a clause without a mark) is no qualifier.
        """
        if k >= len(toks) or toks[k].low != "voor":
            return None
        j = k + 1
        if j < len(toks) and toks[j].low in {"de", "het"}:
            j += 1
        words = 0
        while j < len(toks) and toks[j].word and words < 6:
            t = toks[j]
            if t.low == "van" and j + 1 < len(toks) and words:
                j += 2 if j + 2 < len(toks) and toks[j + 1].low in {"de", "het"} else 1
                continue
            if t.low in _FINITE and words:
                break
            if self._is_stop(t) or _YEAR.match(t.text) or t.low in _TIME_WORDS:
                return None
            j += 1
            words += 1
        closed = j >= len(toks) or not toks[j].word or toks[j].low in _FINITE
        if not words or words >= 6 or not closed or not toks[j - 1].word:
            return None
        return j

    def _bracket_acronym(self, toks: list[_Token], k: int) -> str | None:
        """The acronym in brackets right after position ``k`` ("(RSIA)", "(ROS Twente)"), if any."""
        if k + 2 < len(toks) and toks[k].text == "(" and _ACRONYM.match(toks[k + 1].text):
            close = next((x for x in range(k + 2, min(len(toks), k + 5)) if toks[x].text == ")"), None)
            if close is not None:
                return self.ct.text[toks[k + 1].start:toks[close - 1].end]
        return None

    def _bracket_year(self, toks: list[_Token], k: int) -> str | None:
        if k + 2 < len(toks) and toks[k].text == "(" and re.fullmatch(r"(?:19|20)\d{2}", toks[k + 1].text) \
                and toks[k + 2].text == ")":
            return toks[k + 1].text
        return None

    def _acronyms(self) -> None:
        """``Long Name (ACR)`` for names not found by other rules, and ``ACR (Long Name)``."""
        for m in re.finditer(r"\(([A-Z][A-Z0-9&]{1,9})\)", self.ct.text):
            acr = m.group(1)
            before = tokens(self.ct.text[max(0, m.start() - 120):m.start()], max(0, m.start() - 120))
            words: list[_Token] = []
            for t in reversed(before):
                if not t.word:
                    break
                if self._is_stop(t) and t.low not in {"van", "voor", "en"}:
                    break
                words.insert(0, t)
                if len(words) >= 6:
                    break
            while words and words[0].low in {"van", "voor", "en"}:
                words.pop(0)
            if not words:
                continue
            letters = re.sub(r"[^A-Z]", "", acr)
            if not _initials_fit(letters, words):
                continue
            start, end = words[0].start, words[-1].end
            cover = next((eid for s, e, eid in self.spans if s <= start and end <= e), None)
            if cover is not None:
                self.entities[cover].add_alt(acr)
                continue
            if self.taken(start, end):
                continue
            name = self.ct.text[start:end]
            etype = self._type_of_name(name) or "Beleidsdocument"
            self.add(name, etype, start, end, 0.65, "naam met afkorting", alt=[acr])
        for m in re.finditer(r"\b([A-Z][A-Z0-9&]{1,9}) \(([A-Z][^()]{3,80})\)", self.ct.text):
            acr, name = m.group(1), m.group(2)
            if not _initials_fit(re.sub(r"[^A-Z]", "", acr), tokens(name)):
                continue
            start = m.start(2)
            if self.taken(start, start + len(name)):
                continue
            etype = self._type_of_name(name) or "Beleidsdocument"
            self.add(name, etype, start, start + len(name), 0.65, "afkorting met naam", alt=[acr])

    def _type_of_name(self, name: str) -> str | None:
        words = [fold(w) for w in re.findall(r"[^\W_]+", name)]
        for w in reversed(words):
            for table in (self.lex.organisations, self.lex.areas, self.lex.projects):
                t = self._suffix_type(w, table)
                if t:
                    return t
            head = self._doc_head(w)
            if head:
                return head[1]
        return None

    def _named_things(self) -> None:
        """Capitalised names with an organisation, area or project word before, in or after them."""
        for sent in self.sentences:
            toks = tokens(self.ct.text[sent.start:sent.end], sent.start)
            for i, tok in enumerate(toks):
                if not tok.word:
                    continue
                low = tok.low
                etype = None
                key_end = i + 1
                for table in (self.lex.organisations, self.lex.areas, self.lex.projects):
                    if i + 1 < len(toks) and f"{low} {toks[i + 1].low}" in table and tok.cap:
                        # a keyword of two words: "Raad voor Kinderen", "Rijksdienst voor Ondernemend Nederland"
                        etype, key_end = table[f"{low} {toks[i + 1].low}"], i + 2
                        break
                    etype = self._suffix_type(low, table)
                    if etype:
                        break
                if etype is None:
                    continue
                if low == "regio" and tok.cap:
                    # "Regio Twente", "Regio Arnhem Nijmegen": with a capital the partnership of the region's
                    # municipalities; "de regio Twente" is the area
                    etype = "Samenwerkingsverband"
                # the keyword followed by a capitalised name: "Stichting Wĳkracht", "zonneveld Boeldershoek"
                k = key_end
                named_from = None  # "de wijk De Hoven": the area is named "De Hoven", the keyword describes it
                if k < len(toks) and self._name_article(toks, k) and (tok.cap or etype in ("Wijk", "Buurt", "Locatie")):
                    # "Waterschap De Dommel", "bedrijventerrein De Kroon": inside a sentence a capital article
                    # begins a name
                    named_from = None if tok.cap else k
                    k += 1
                elif not tok.cap and low in _AREA_WORDS and k < len(toks) and toks[k].cap:
                    named_from = k  # "de regio Midden-Roer", "bedrijventerrein Roerdal-Zuid": the area's name
                while k < len(toks) and toks[k].word and (toks[k].cap or _YEAR.match(toks[k].text)
                                                          or re.fullmatch(r"[A-Z0-9]+", toks[k].text)) \
                        and not self._is_stop(toks[k]):
                    k += 1
                    if k < len(toks) and self._name_article(toks, k):
                        k += 1  # inside a name a capital article goes on: "Herbestemming Pakhuis De Zeeuwse Leeuw"
                    joins = {"van", "en"} if etype == "Overheidsorganisatie" else {"van"}
                    if k < len(toks) and toks[k].text in joins and k + 1 < len(toks) and toks[k + 1].cap:
                        k += 1  # "Waterschap Rijn en IJssel"
                j = i
                while j - 1 >= 0:
                    if self._name_word(toks[j - 1]):
                        j -= 1
                    elif j < i and toks[j - 1].low in {"van", "voor", "boven"} and j - 2 >= 0 \
                            and self._name_word(toks[j - 2]):
                        j -= 2  # "Hart van Zuid festival", "Baas boven Baas festival"
                    else:
                        break
                if j == 0 and j < i and toks[0].cap and k == key_end:
                    j += 1
                if key_end > i + 1 and k == key_end:
                    continue  # "Raad voor" needs the name after it
                if k == i + 1 and j == i and not tok.cap:
                    continue
                if k == i + 1 and j == i and i == 0:
                    continue
                if k == i + 1 and j == i and low in {"wijk", "buurt", "regio", "gebied", "locatie", "project",
                                                    "pilot", "aanpak", "route", "hub", "reserve", "krediet",
                                                    "fonds", "platform", "netwerk", "overleg", "board",
                                                    "centrum", "binnenstad", "plein", "straat", "weg", "park"}:
                    continue
                start, end = toks[j].start, toks[k - 1].end
                inner = [(s, e, x) for s, e, x in self.spans if start <= s and e <= end and (s, e) != (start, end)]
                if self.taken(start, end):
                    continue
                if named_from is not None and j == i:
                    self.add(self.ct.text[toks[named_from].start:end], etype, start, end, 0.6,
                             f"naam met trefwoord ({low})", alt=[self.ct.text[start:end]])
                else:
                    self.add(self.ct.text[start:end], etype, start, end, 0.6, f"naam met trefwoord ({low})",
                             alt=self._title_after(toks, i, key_end, end))
                if vocabulary().segments.get(etype) == "organisatie":
                    # "de deskundigencommissie Hervormingsagenda Jeugd": the document it is named after stays
                    for s, e, x in inner:
                        ent = self.entities.get(x)
                        if ent is not None and vocabulary().segments.get(ent.type) == "document":
                            self.mention(ent, s, e)

    def _approaches(self) -> None:
        """Projects named by their word and the place they work in: "de wijkaanpak in Groot-Driene".

        A lower-case project word ("wijkaanpak", "pilot", or "aanpak" with its adjective: "de gebiedsgerichte
        aanpak in Beckum") followed by "in" or "voor" and a capitalised place. The place stays an entity of its
        own; a municipality, province or region is not a place such a project is named by ("de aanpak in
        Deventer" is the municipality's approach).
        """
        broad = {"Gemeente", "Gemeentegebied", "Provincie", "Regio", "Samenwerkingsverband"}
        for sent in self.sentences:
            toks = tokens(self.ct.text[sent.start:sent.end], sent.start)
            for i, tok in enumerate(toks[:-2]):
                if not tok.word or tok.cap or self._suffix_type(tok.low, self.lex.projects) != "Project":
                    continue
                if toks[i + 1].low not in {"in", "voor"}:
                    continue
                first = i
                if tok.low == "aanpak":  # "aanpak" needs its adjective: "de gebiedsgerichte aanpak"
                    if i == 0 or not toks[i - 1].word or toks[i - 1].cap or not toks[i - 1].low.endswith("e") \
                            or toks[i - 1].low in _ORDINALS:
                        continue
                    first = i - 1
                k = i + 2
                if toks[k].text == "De" and k + 1 < len(toks) and toks[k + 1].cap:
                    k += 1
                if not self._name_word(toks[k]) or _YEAR.match(toks[k].text):
                    continue
                e = k
                e = self._name_run(toks, e)
                place = (toks[i + 2].start, toks[e].end)
                inner = [(s, t, x) for s, t, x in self.spans if s < place[1] and place[0] < t]
                if any(x in self.entities and self.entities[x].type in broad for _s, _t, x in inner):
                    continue
                known = self.gaz.lookup(self.ct.text[place[0]:place[1]])
                if known is not None and known.type in broad:
                    continue
                start, end = toks[first].start, place[1]
                if self.taken(start, end):
                    continue
                name = self.ct.text[start:end]
                self.add(name[:1].upper() + name[1:], "Project", start, end, 0.5, f"{tok.low} in een plaats")
                # the place keeps its own mention (taken() dropped it from the longer name)
                for s, t, x in inner:
                    ent = self.entities.get(x)
                    if ent is not None:
                        self.mention(ent, s, t)
                if not inner:
                    place_name = self.ct.text[place[0]:place[1]]
                    self.add(place_name, self._type_of_name(place_name) or "Locatie", *place, 0.5,
                             "plaats van een aanpak")

    def _works(self) -> None:
        """Projects named by the work done to a place: "herinrichting van de Breemarsweg".

        Also "realisatie van het marktplein", "ontwikkeling van de Spoorzone", "gebiedsontwikkeling
        Stationskwartier" (a name right after the work), "restauratie van korenmolen De Hoop" (an area word and the
        name it describes) and "herinrichting van de Kerkstraat en het Marktplein" (two places): the object is a
        capitalised name or an area word. The name without "van de" is a variant ("Reconstructie N799"). The
        places keep their own mentions.
        """
        for m in _WORKS.finditer(self.folded):
            toks = tokens(self.ct.text[m.end():m.end() + 80], m.end())
            if not toks or not toks[0].word or (m.group("van") is None and not toks[0].cap):
                continue  # without "van" only a name follows the work: "gebiedsontwikkeling Stationskwartier"
            k = self._place_at(toks, 0)
            if k is None:
                continue
            places = [(toks[0].start, toks[k].end)]
            if k + 3 < len(toks) and toks[k + 1].low == "en" and toks[k + 2].low in {"de", "het"} \
                    and toks[k + 3].cap and (second := self._place_at(toks, k + 3)) is not None:
                places.append((toks[k + 3].start, toks[second].end))  # "de Kerkstraat en het Marktplein"
                k = second
            start, end = m.start(), toks[k].end
            inner = [(s, e, x) for s, e, x in self.spans if start <= s and e <= end and (s, e) != (start, end)]
            if any(vocabulary().segments.get(self.entities[x].type) != "gebied" for s, _e, x in inner
                   if s == places[0][0] and x in self.entities):
                continue  # "de aanleg van het Warmtenet Hoogveld": the work is that project itself
            if self.taken(start, end):
                continue
            name = self.ct.text[start:end]
            short = self.ct.text[start:start + len(m.group(1))] + " " + self.ct.text[places[0][0]:end]
            self.add(name[:1].upper() + name[1:], "Project", start, end, 0.5, f"werk aan een plaats ({m.group(1)})",
                     alt=[short[:1].upper() + short[1:]] if m.group("van") else [])
            for s, e, x in inner:
                if (ent := self.entities.get(x)) is not None:
                    self.mention(ent, s, e)
            for place in places:
                if self.ct.text[place[0]:place[0] + 1].isupper() and not any(s <= place[0] and place[1] <= e
                                                                             for s, e, _ in inner):
                    obj = self.ct.text[place[0]:place[1]]
                    self.add(obj, self._type_of_name(obj) or "Locatie", *place, 0.5, "plaats van een werk")

    def _place_at(self, toks: list[_Token], i: int) -> int | None:
        """The index of the last word of the place named at ``toks[i]``, the object of a work, or None.

        A capitalised name ("Kerkstraat", "Hart van Zuid", not a municipality or region: "de ontwikkeling van
        Hengelo" is no project), or an area word with the name after it, if any ("korenmolen De Hoop",
        "bedrijventerrein De Vennen-Oost", "het marktplein").
        """
        first = toks[i]
        k = i
        if first.cap and not self._is_stop(first) and not _YEAR.match(first.text):
            while k + 1 < len(toks):
                if self._name_word(toks[k + 1]) or (toks[k + 1].low == "van" and k + 2 < len(toks)
                                                    and toks[k + 2].cap):
                    k += 1
                else:
                    break
            if k == i and first.low.endswith("se") and k + 1 < len(toks) and toks[k + 1].word:
                return None  # an adjective: "het Lindeburgse deel"
            known = self.gaz.lookup(self.ct.text[first.start:toks[k].end])
            if known is not None and vocabulary().segments.get(known.type) in {"organisatie", "gebied"} \
                    and known.type not in ("Locatie", "Wijk", "Buurt"):
                return None
            return k
        if self._suffix_type(first.low, self.lex.areas) not in ("Locatie", "Wijk", "Buurt"):
            return None
        if k + 1 < len(toks) and self._name_article(toks, k + 1):
            k += 1  # "korenmolen De Hoop"
        if k + 1 < len(toks) and self._name_word(toks[k + 1]) and not _YEAR.match(toks[k + 1].text):
            k = self._name_run(toks, k + 1)
        return k

    def _references(self) -> None:
        """Documents and bodies named by number or office rather than by name.

        "zie paragraaf 5.2.6 en 5.2.7" (parts of a document), "twee brieven (zaaknummers 3771016 en 3821109)"
        (council letters), "de ministers van VRO, I&M en de staatssecretaris van I&W" (ministries), "de veertien
        Twentse gemeenten" (the municipalities of a region, as a partnership).
        """
        for m in _PARTS.finditer(self.folded):
            word = m.group(1)
            for n in re.finditer(r"\d+(?:\.\d+)*", m.group(0)[len(word):]):
                start = m.start() + len(word) + n.start()
                end = start + len(n.group(0))
                if not self.taken(start, end):
                    self.add(f"{word.capitalize()} {n.group(0)}", "Beleidsdocument", start, end, 0.5,
                             f"verwijzing naar {word}", alt=[f"{word} {n.group(0)}", n.group(0)])
        for m in _CASE_NUMBERS.finditer(self.folded):
            for n in re.finditer(r"\d{5,}", m.group(2)):
                start = m.start(2) + n.start()
                end = start + len(n.group(0))
                if not self.taken(start, end):
                    self.add(f"Brief (zaaknummer {n.group(0)})", "Brief", start, end, 0.5, "brief met zaaknummer",
                             alt=[n.group(0)])
        for m in _OFFICES.finditer(self.ct.text):
            for n in re.finditer(r"[A-Z][A-Za-z]*&?[A-Z]+|[A-Z]{2,}", m.group(1)):
                start = m.start(1) + n.start()
                end = start + len(n.group(0))
                if not self.taken(start, end):
                    self.add(f"Ministerie van {n.group(0)}", "Rijksorganisatie", start, end, 0.5,
                             "minister of staatssecretaris van", alt=[n.group(0)])
        for m in _REGION_MUNICIPALITIES.finditer(self.ct.text):
            start, end = m.start(1), m.end(2)
            if not self.taken(start, end):
                self.add(m.group(2), "Samenwerkingsverband", start, end, 0.5, "gemeenten van een regio",
                         alt=[self.ct.text[start:end]])

    def _compounds(self) -> None:
        """Lower-case compounds ending in a project or instrument word: "informatiecampagne", "buurtmonitor".

        A capitalised name or acronym close after them belongs to the name ("bestemmingsreserve
        gebiedsontwikkeling KMS").
        """
        for sent in self.sentences:
            toks = tokens(self.ct.text[sent.start:sent.end], sent.start)
            for i, tok in enumerate(toks):
                if not tok.word or tok.cap:
                    continue
                low = tok.low
                key = self._suffix_key(low, self.lex.projects)
                if key is None:
                    continue
                etype = self.lex.projects[key]
                if len(low) - len(key) < 4 or low in self.lex.projects:
                    continue
                end = tok.end
                for k in range(i + 1, min(i + 4, len(toks))):
                    if toks[k].word and (toks[k].cap or toks[k].text.isupper()) and not self._is_stop(toks[k]):
                        end = toks[k].end
                        break
                    if not toks[k].word or self._is_stop(toks[k]):
                        break
                if _APPOSITION.search(self.ct.text[max(sent.start, tok.start - 40):tok.start]):
                    continue  # "de Renovatiedeal Twente, een collectieve verduurzamingsaanpak": what the name is
                if end == tok.end:  # "de energiebesparingsaanpak voor bedrijven": what it is for names it
                    q = self._qualifier(toks, i + 1)
                    if q is not None:
                        end = toks[q - 1].end
                if end == tok.end and key in {"krediet", "reserve", "fonds"}:
                    continue  # "een uitvoeringskrediet van 3 miljoen": money for something, not a named instrument
                start = tok.start
                elided = _ELIDED.search(self.ct.text[max(sent.start, start - 30):start])
                if elided:  # "de wijk- en buurtmonitor": one instrument, its first part written with a hyphen
                    start -= len(elided.group(0))
                if self.taken(start, end):
                    continue
                # verbatim: the cleaning joined "wijk- en" to "wijk-en" as if it were a broken word
                name = " ".join(self.ct.quote(start, end).split()) if elided else self.ct.text[start:end]
                self.add(name[:1].upper() + name[1:], etype, start, end, 0.45, f"samenstelling op -{key}")

    def _partners(self) -> None:
        """Capitalised names listed after "samen met", "in samenwerking met", "met" are organisations."""
        for m in re.finditer(r"\b(?:samen met|in (?:nauwe )?samenwerking met|gesprek gegaan met|met)\b ",
                             self.folded):
            rest = self.ct.text[m.end():m.end() + 160]
            toks = tokens(rest, m.end())
            i = 0
            while i < len(toks):
                t = toks[i]
                if t.low in {"de", "het"} and i + 1 < len(toks) and toks[i + 1].cap:
                    i += 1
                    continue
                if not (self._name_word(t)):
                    # an item without a proper name ("de veertien Twentse gemeenten", "andere partners") that a
                    # comma closes: the list goes on after it
                    comma = next((x for x in range(i, min(len(toks), i + 7)) if not toks[x].word), None)
                    if comma is not None and comma > i and toks[comma].text == "," and \
                            any(toks[x].low == "en" or toks[x].text == "," for x in range(comma + 1, len(toks))):
                        i = comma + 1
                        continue
                    break
                k = i
                while k + 1 < len(toks):
                    if self._name_word(toks[k + 1]):
                        k += 1
                    elif toks[k + 1].low == "van" and k + 2 < len(toks) and toks[k + 2].cap \
                            and not self._is_stop(toks[k + 2]):
                        k += 2
                    else:
                        break
                start, end = t.start, toks[k].end
                if not self.taken(start, end):
                    name = self.ct.text[start:end]
                    if not _YEAR.match(name):
                        self.add(name, self._type_of_name(name) or "Organisatie", start, end, 0.55,
                                 "partner in opsomming")
                i = k + 1
                if i < len(toks) and toks[i].text == ",":
                    i += 1
                    continue
                if i < len(toks) and toks[i].low == "en":
                    i += 1
                    continue
                break

    def _listed(self) -> None:
        """Capitalised names listed after a lower-case group word: each is one of the group.

        "de wijken Vossenberg en Kempen-Noord" (each a ``Wijk``), "de woningcorporaties Woonstichting Hulsterland
        en Dommelstaete Wonen" (each an organisation; the lexicon's ``partijen`` are the group words).
        """
        groups = {"wijken": "Wijk", "buurten": "Buurt", **{w: "Organisatie" for w in self.lex.parties if " " not in w}}
        for sent in self.sentences:
            toks = tokens(self.ct.text[sent.start:sent.end], sent.start)
            for i, tok in enumerate(toks[:-1]):
                etype = groups.get(tok.text)  # lower case only: "Wijken" opening a heading is no group word
                k = i + 1
                while etype is not None and k < len(toks):
                    first = k
                    if self._name_article(toks, k):
                        k += 1  # "de wijken De Hoeven en Vennebroek"
                    if not self._name_word(toks[k]) or _YEAR.match(toks[k].text):
                        break
                    k = self._name_run(toks, k)
                    start, end = toks[first].start, toks[k].end
                    if not self.taken(start, end):
                        name = self.ct.text[start:end]
                        kind = (self._type_of_name(name) or etype) if etype == "Organisatie" else etype
                        self.add(name, kind, start, end, 0.55, f"naam in opsomming na '{tok.text}'")
                    k += 1
                    if k < len(toks) and toks[k].text == ",":
                        k += 1
                    if k < len(toks) and toks[k].low == "en":
                        k += 1
                    elif toks[k - 1].text != ",":
                        break

    def _other_municipalities(self) -> None:
        """Municipalities the lexicon does not list, their bodies, and schools named "X College".

        "de (buur)gemeente Holtvenne", "de gemeenten Bresdonk en Kervenheim": each a ``Gemeente`` (no TOOI code:
        validation asks the reviewer for one), its bare name a variant. "de gemeenteraad van Steenwaard", "het
        college van burgemeester en wethouders van Zuidervaart", "het algemeen bestuur van de ISLL": a
        ``Bestuursorgaan`` (the own municipality's bodies are the lexicon's). "het Vaartland College": a school.
        """
        for m in _MUNICIPALITIES.finditer(self.ct.text):
            for n in _TOWN.finditer(m.group(1)):
                start, end = m.start(1) + n.start(), m.start(1) + n.end()
                town = n.group(0)
                if (self.own and fold(town) == fold(self.own)) or self.taken(start, end) or self.gaz.lookup(town):
                    continue
                self.add(f"Gemeente {town}", "Gemeente", start, end, 0.55, "gemeente die het lexicon niet kent",
                         alt=[town])
        for m in _BODIES.finditer(self.ct.text):
            body, of = m.group("body").lower(), m.group("of")
            if (self.own and fold(of) == fold(self.own)) or self.taken(m.start(), m.end()):
                continue
            name = f"{_BODY_NAMES.get(body, body[:1].upper() + body[1:])} van {of}"
            self.add(name, "Bestuursorgaan", m.start(), m.end(), 0.55, f"bestuursorgaan ({body})")
        for m in _SCHOOLS.finditer(self.ct.text):
            words = [w for w in tokens(m.group(0), m.start()) if w.word]
            while len(words) > 2 and self._is_stop(words[0]):
                words.pop(0)  # "Het Vaartland College doet mee": the article opening the sentence is no part of it
            start = words[0].start
            if len(words) >= 2 and not self._is_stop(words[0]) and not self.taken(start, m.end()):
                self.add(self.ct.text[start:m.end()], "Organisatie", start, m.end(), 0.55, "school (… College)")

    def _second_mentions(self) -> None:
        """Find later mentions of every name and variant of the new candidates."""
        for ent in list(self.entities.values()):
            for name in [ent.name, *ent.alt]:
                for m in find_name(name, self.ct.text, self.folded):
                    if (m.start(), m.end()) in ent.mentions:
                        continue  # the mention itself (taken() would drop the names inside it)
                    if not self.taken(m.start(), m.end()):
                        self.mention(ent, m.start(), m.end())
        # a bare head word ("de Positionpaper") that names exactly one named candidate of its type
        for eid, ent in list(self.entities.items()):
            if ent.known or " " in ent.name:
                continue
            head = self._doc_head(fold(ent.name))
            if head is None or head[0] != fold(ent.name).replace(" ", ""):
                continue
            same = [e for e in self.entities.values() if e is not ent and e.type == ent.type
                    and head[0] in fold(e.name).replace(" ", "")]
            if len(same) == 1:
                target = same[0]
                target.add_alt(ent.name)
                target.mentions.extend(ent.mentions)
                self.spans = [(s, e, target.id if i == eid else i) for s, e, i in self.spans]
                del self.entities[eid]


#: first words of headings that name a part of a text, never a theme ("1. Inleiding", "6. Financiën")
_CHAPTER_WORDS = frozenset({"inleiding", "aanleiding", "samenvatting", "beleidskader", "beleidskaders", "kaders",
                            "financien", "vervolg", "vooruitblik", "bijlage", "bijlagen", "conclusie", "conclusies",
                            "leeswijzer", "planning", "evaluatie", "begrippen", "kernboodschap", "voorwoord"})
#: articles that, capitalised inside a sentence after a keyword, begin the name ("bedrijventerrein De Kroon")
_NAME_ARTICLES = frozenset({"De", "Het", "Den", "Ter", "Ten"})
#: adjectives that count rather than name ("de tweede wijkaanpak")
_ORDINALS = frozenset({"eerste", "tweede", "derde", "vierde", "vijfde", "volgende", "nieuwe", "andere", "laatste",
                       "hele", "deze", "die", "onze"})
#: an indefinite apposition after a comma ("de Renovatiedeal Twente, een collectieve …") says what a name is
_APPOSITION = re.compile(r",\s+een\s+(?:[^\W\d_]+e\s+){0,2}$")
#: what something contributes to: "een bijdrage aan (de doelen voor) …", "draagt bij aan …"
_GOAL = re.compile(r"\b(?:bijdrage|bij) aan (?:de |het )?(?:(?:doelen|doel|doelstellingen|doelstelling|ambities) "
                   r"(?:voor|van) )?(?:de |het |een )?")
#: the first part of a coordinated compound, its shared end left out: "wijk- en " (cleaned to "wijk-en ")
_ELIDED = re.compile(r"(?<![\w-])[^\W\d_]+- ?(?:en|of) $")
#: words of time that make "voor …" a period, not what a document is for ("voor de komende jaren")
_TIME_WORDS = frozenset({"jaar", "jaren", "periode", "toekomst", "komende", "volgende", "maanden", "termijn"})
#: finite forms of zijn, worden, hebben that may close "voor …" ("de visie voor het centrum is klaar")
_FINITE = frozenset({"is", "zijn", "wordt", "worden", "werd", "werden", "heeft", "hebben", "had", "hadden"})
#: words that begin what follows a title in sentence case ("het programma Wonen en zorg voor ouderen van …")
_TITLE_END = frozenset({"van", "die", "dat", "waarin", "waarmee", "waarvoor", "waaruit", "om", "uit", "zoals"})
#: a past participle ("vastgesteld", "opgesteld", "gestart"): not a word of a title
_PARTICIPLE = re.compile(r"^(?:[a-z]{2,5})?ge[a-z]{3,}[dt]$")
#: words between an article and a noun that do not end in -e but still qualify it ("het in wording zijnde")
_QUALIFIERS = frozenset({"in", "wording"})


def _definite_before(toks: list[_Token], i: int) -> bool:
    """Whether ``toks[i]`` follows a definite article, possibly with adjectives between.

    "het warmteprogramma", "het nieuwe warmteprogramma", "het in wording zijnde programmaplan", "ons
    vastgestelde mobiliteitsplan": up to three lower-case adjectives (ending in -e, the form after a definite
    article) or the words of "in wording".
    """
    k = i - 1
    while k >= 0 and i - k <= 4:
        t = toks[k]
        if t.low in {"het", "de", "dit", "deze", "ons", "onze"}:
            return True
        if not t.word or t.cap or not (t.low.endswith("e") or t.low in _QUALIFIERS):
            return False
        k -= 1
    return False


def _initials_fit(letters: str, words: list[_Token]) -> bool:
    """Whether the capitals of an acronym can be read, in order, from the words (RSIA, ROS Twente, WUP)."""
    text = "".join(w.text for w in words).upper()
    pos = 0
    for ch in letters:
        pos = text.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return bool(words) and words[0].text[:1].upper() == letters[:1]


def _compatible(known_type: str, proposed: str) -> bool:
    """Whether a mention typed ``proposed`` by a rule may be linked to a known entity of ``known_type``."""
    from beleidsgraaf.graph.vocab import vocabulary

    vocab = vocabulary()
    return vocab.segments.get(known_type) == vocab.segments.get(proposed) or proposed in {"Beleidsdocument",
                                                                                     "Organisatie"}


def _own_bodies(municipality: str, lex: Lexicon, gaz: Gazetteer) -> Gazetteer:
    """Gazetteer entries for the council and the executive of the text's own municipality."""
    slug = slugify(municipality)
    entries = []
    for body in lex.own_bodies:
        eid = str(body["id"]).format(slug=slug)
        name = str(body["naam"]).format(gemeente=municipality)
        existing = next((e for e in gaz.entries if e.id == eid or fold(e.names[0]) == fold(name)), None)
        if existing is not None:
            entries.append(GazetteerEntry(existing.id, existing.type, [*existing.names, *body.get("ook", [])],
                                          existing.known, existing.tooi, existing.source))
        else:
            entries.append(GazetteerEntry(eid, str(body["type"]), [name, *body.get("ook", [])], False))
    gemeente = next((b for b in lex.public_bodies if b.type == "Gemeente" and fold(municipality) in
                     {fold(n) for n in (b.name, *b.alt)}), None)
    town = f"Gemeente {municipality}"
    if gemeente is None and gaz.match(town, cutoff=None) is None:
        # a municipality the lexicon does not list (it lists public bodies near the curated texts, not all 342):
        # proposed like those it lists, without a TOOI code; validation asks the reviewer for one
        entries.insert(0, GazetteerEntry(f"gemeente-{slug}", "Gemeente", [town, municipality], False))
    province = next((b for b in lex.public_bodies if gemeente and b.tooi and b.tooi == gemeente.province), None)
    if province is not None:
        names = ["provincie", "de provincie"]
        known = next((e for e in gaz.entries if e.tooi == province.tooi), None)
        if known is not None:
            entries.append(GazetteerEntry(known.id, known.type, [*known.names, *names], known.known, known.tooi,
                                          known.source))
        else:
            entries.append(GazetteerEntry(slugify(province.name), province.type, [province.name, *names], False,
                                          province.tooi))
    return Gazetteer(entries)


def fold_ligatures(text: str) -> str:
    """``text`` with the ĳ ligature (and other letter ligatures) written out; case and accents kept."""
    from beleidsgraaf.graph.textnorm import match_normalise

    return match_normalise(text).text
