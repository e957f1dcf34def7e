"""Relations, adoptions, funding and milestones from Dutch phrasing, each with its evidence span.

Relation phrasings ("vormt een verdere uitwerking van", "geeft invulling aan", "is opgesteld door … samen
met", "draagt bij aan", "maakt deel uit van", ...) live in ``lexicon/relaties.yaml``; this module applies them
to the entity mentions of each sentence. Events need values, so their rules are here:

- adoptions: "is vastgesteld", "het in 2023 vastgestelde …", "De raad stelde … vast" (by whom, when);
- funding: "10 miljoen Euro voor de periode 2024-2027", "ruim 4 miljoen Euro" (a minimum), by whom;
- milestones: "naar verwachting … in het tweede kwartaal van 2025" (verwacht, ``2025-Q2``), "Beoogd wordt …
  in maart 2025" (beoogd, ``2025-03``), "gestart", "afgerond", "besloten".

Dates and amounts are kept exactly as precise as the text: a year stays a year, a quarter a quarter. An
annual report (jaarverslag, jaarstukken, jaarrekening) looks back on one year, named in its title: there "in
oktober" or "op 18 september" is a month or day of that year, and what "is gestart" or "is afgerond" without a
date happened in that year (as a year only, with a lower confidence).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from beleidsgraaf.graph.extract.entities import Entity, MentionIndex
from beleidsgraaf.graph.extract.lexicon import Lexicon, RelationPattern, lexicon
from beleidsgraaf.graph.extract.normalise import CleanText, Sentence
from beleidsgraaf.graph.textnorm import fold
from beleidsgraaf.graph.vocab import vocabulary

MONTHS = {m: i for i, m in enumerate(["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                      "september", "oktober", "november", "december"], start=1)}
_ORDINAL = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "1e": 1, "2e": 2, "3e": 3, "4e": 4}
_MONTH_RE = "|".join(MONTHS)

_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("kwartaal", re.compile(r"\b(eerste|tweede|derde|vierde|1e|2e|3e|4e) kwartaal (?:van )?((?:19|20)\d{2})\b")),
    ("kwartaal-q", re.compile(r"\bq([1-4]) ((?:19|20)\d{2})\b")),
    ("halfjaar", re.compile(r"\b(eerste|tweede) (?:helft|halfjaar) (?:van )?((?:19|20)\d{2})\b")),
    ("dag", re.compile(rf"\b(\d{{1,2}}) ({_MONTH_RE}) ((?:19|20)\d{{2}})\b")),
    ("maand", re.compile(rf"\b({_MONTH_RE}) ((?:19|20)\d{{2}})\b")),
    ("periode", re.compile(r"\b((?:19|20)\d{2}) ?(?:-|t/m|tot en met) ?((?:19|20)\d{2})\b")),
    ("jaar", re.compile(r"\b((?:19|20)\d{2})\b")),
]

_AMOUNT = re.compile(
    r"(?:\b(?P<q>ruim|meer dan|minimaal|minstens|ten minste|tenminste|maximaal|hooguit|tot|bijna|circa|ca\.|"
    r"ongeveer|zo'n)\s+)?(?:(?:€|eur)\s*)?(?P<n>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(?P<m>miljard|miljoen|mln\.?|"
    r"mld\.?|duizend|dzd)?\s*(?P<c>euro|eur\b|€)?",
)
#: a sentence that opens by pointing back at the previous one ("Hiermee", "Daarmee", "Zo", "Op deze manier")
_ANAPHORA = re.compile(r"^\W*(?:hiermee|daarmee|hiermede|daarmede|hierdoor|daardoor|zo|op deze manier|"
                       r"op die manier|daarbij|hierbij)\b")
#: a sentence that opens with a demonstrative and a head word ("Deze nota vervangt …", "De visie wordt
#: uitgevoerd via …", "Deze strategie is in 2024 door … opgesteld"): the text before the phrase
_DEMONSTRATIVE = re.compile(r"^\W*(?P<det>deze|dit|de|het) (?P<head>[\w-]{4,})"
                            r"(?: (?:is|zijn|wordt|worden|werd|werden|heeft|hebben)\b[^.;:,]{0,40})? *$")
#: "het Plan X van de provincie", "de Regeling Y van het ministerie van VRO": a document and its author
_OF = re.compile(r"^(?: \([^()]{1,15}\)|\))? van (?:de |het )?$")  # "de Nationale Omgevingsvisie (NOVI) van het Rijk"
#: between an amount and what it is for: "… euro in de Reserve X", "… euro voor het Project Y", "… euro aan de Z"
_FOR = re.compile(r"^\s*(?:\w+ ){0,2}?(?:in|voor|aan|ten behoeve van) (?:de |het |ons |onze )?$")
#: a sentence that opens with what the money is for, named before: "Voor de restauratie ontvangen we …"
_FOR_BACK = re.compile(r"^\W*voor (?:de|het|dit|deze) (?P<head>[\w-]{4,})\b(?! van\b)")
#: governments that give money out of their grants and funds
_GIVERS = frozenset({"Rijksorganisatie", "Provincie", "Overheidsorganisatie", "Samenwerkingsverband"})
_FROM = re.compile(r"\b(?:uit|via|vanuit|ten laste van) (?:de |het )?(?:[\w-]+e )?$")
#: "met" right before an organisation: a partner, not the author
_PARTNER_BEFORE = re.compile(r"\bmet (?:de |het )?$")
#: between two items of a list: "Borne en Almelo", "de provincie, de VNG"
_LIST_GAP = re.compile(r"^\s*(?:,|en|,\s*en)\s*(?:de |het )?$")
_MINIMUM = {"ruim", "meer dan", "minimaal", "minstens", "ten minste", "tenminste"}
_MAXIMUM = {"maximaal", "hooguit", "tot", "bijna"}
_FUND_NAMES = ("krediet", "subsidie", "bijdrage", "budget", "reserve", "impuls", "investering", "fonds", "middelen")


@dataclass(frozen=True, slots=True)
class DateFound:
    """A date expression: its notation (``2025-Q2``), its span in the folded sentence and its kind."""

    notation: str
    start: int
    end: int
    kind: str


def find_dates(folded: str, offset: int = 0) -> list[DateFound]:
    """Every date expression in ``folded`` text, most precise first where they overlap, in text order."""
    found: list[DateFound] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(folded):
            s, e = m.start(), m.end()
            if any(a < e and s < b for a, b in taken):
                continue
            if kind in ("kwartaal", "kwartaal-q"):
                q = _ORDINAL.get(m.group(1), 0) or int(m.group(1))
                notation = f"{m.group(2)}-Q{q}"
            elif kind == "halfjaar":
                notation = f"{m.group(2)}-H{_ORDINAL[m.group(1)]}"
            elif kind == "dag":
                notation = f"{m.group(3)}-{MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"
            elif kind == "maand":
                notation = f"{m.group(2)}-{MONTHS[m.group(1)]:02d}"
            elif kind == "periode":
                if int(m.group(2)) <= int(m.group(1)):
                    continue
                notation = f"{m.group(1)}/{m.group(2)}"
            else:
                notation = m.group(1)
            taken.append((s, e))
            found.append(DateFound(notation, s + offset, e + offset, kind.split("-")[0]))
    return sorted(found, key=lambda d: d.start)


#: an adoption still to come: "vastgesteld te worden", "zal worden vastgesteld", "vast te stellen"
_NOT_YET = re.compile(r"\bvastgesteld te worden\b|\b(?:zal|zullen|moet|moeten|kan|kunnen|gaat|gaan) (?:[\w-]+ ){0,4}"
                      r"(?:worden )?vastgesteld\b|\bvast (?:te )?(?:laten )?stellen\b|\bnog niet vastgesteld\b")
#: a document still to be made: what is adopted is the decision to make it
_NOT_MADE = re.compile(r"\b(?:vorming|opstellen|opstelling|ontwikkeling|ontwikkelen|totstandkoming|maken|"
                       r"voorbereiding) van (?:een|de|het)\s*'?\s*$")
#: an organisation writes a document: "heeft … opgesteld", "stelde … op", "schreef", "ontwikkelde"
_AUTHORED = (
    re.compile(r"\b(?:heeft|hebben|had|hadden)\b(?=[^.;]{1,120}?\b(?P<werk>opgesteld|gemaakt|geschreven|ontwikkeld|"
               r"uitgebracht|gepubliceerd)\b)"),
    re.compile(r"\b(?:stelt|stellen|stelde|stelden)\b(?=[^.;]{1,120}?\b(?P<werk>op)\b)"),
    re.compile(r"\b(?:schreef|schreven|ontwikkelde|ontwikkelden|publiceerde|publiceerden|ondertekende|ondertekenden|"
               r"sloot|sloten)\b(?=[^.;]{1,120}?(?P<werk>[.;]|$))"),
)
#: a month (and day) without a year: "in oktober", "op 18 september"
_YEARLESS = re.compile(rf"\b(?:(\d{{1,2}}) )?({_MONTH_RE})\b(?! \d)")
_REPORT = re.compile(r"\b(?:jaarverslag|jaarstukken|jaarrekening|jaarverantwoording|verantwoording|"
                     r"jaarbericht|jaarverslagen)\b")

#: what happened or is to happen, by kind of milestone
_MILESTONES: list[tuple[str, re.Pattern[str]]] = [
    ("verwacht", re.compile(r"\bnaar verwachting\b|\bverwacht(?:en)? (?:we|wij)\b")),
    ("beoogd", re.compile(r"\bbeoogd\b|\bbeogen\b")),
    # "is voorzien in het tweede kwartaal", "Uw raad behandelt die begroting op 6 november", "die wij u in het
    # eerste kwartaal voorleggen", "wordt in januari 2026 vastgesteld", "De Sportnota loopt eind 2026 af"
    ("gepland", re.compile(r"\bgepland(?:e)?\b|\bstaat gepland\b|\b(?:is|zijn|staat|staan) (?:[\w-]+ ){0,3}voorzien\b"
                           r"|\bbehandel(?:t|en)\b|\bvoor(?:leggen|gelegd)\b|\bleggen (?:we|wij) (?:[\w-]+ ){0,4}voor\b"
                           r"|\b(?:wordt|worden) (?:[\w-]+ ){0,5}(?:vastgesteld|behandeld|aangeboden|besproken)\b"
                           r"|\bloop(?:t|en) (?:[\w-]+ ){0,4}af\b"
                           # "We evalueren het fonds in 2025", "De hub moet begin 2026 operationeel zijn", "De
                           # voorbereiding start in het vierde kwartaal van 2025"
                           r"|\bevalue(?:ren|ert)\b|\bgeevalueerd\b|\bstart(?:en)? in\b|\baanbied(?:en|t)\b"
                           r"|\bmoet (?:[\w-]+ ){0,4}(?:operationeel|gereed|klaar) zijn\b")),
    ("gestart", re.compile(r"\b(?:is|zijn|werd|werden) (?:\w+ ){0,6}(?:gestart|begonnen)\b|\bstartte(?:n)?\b"
                           r"|\bstart gemaakt\b|\bgestart met\b|\bbegon(?:nen)? (?:we|wij)\b"
                           r"|\b(?:we|wij) begon(?:nen)?\b|\bvan start (?:gegaan|ging|gingen)\b|\bde start van\b"
                           r"|\bin werking (?:getreden|trad|treedt)\b|\binwerkingtreding\b|\bvan kracht\b"
                           rf"|\bsinds (?:(?:\d{{1,2}} )?(?:{_MONTH_RE}) )?(?:19|20)\d{{2}}\b")),
    ("gereed", re.compile(r"\b(?:is|zijn|werd|werden) (?:[\w-]+ ){0,5}(?:afgerond|voltooid|opgeleverd|gereed|geopend|"
                          r"gerealiseerd|in gebruik genomen|gelanceerd|vernieuwd)\b|\bgereed\b"
                          r"|\bondertek(?:end|ende|enden)\b"
                          r"|\b(?:hebben|heeft|is|zijn|werd|werden) (?:[\w-]+ ){0,8}gesloten\b")),
    ("besloten", re.compile(r"\bbesloten\b")),
]
#: adopted ("vastgesteld", "stelde … vast") or decided to adopt ("besloot … in te stellen")
ADOPTED = re.compile(r"\bvastgesteld(e)?\b|\bstel(?:t|de|den)\b(.{1,160}?)\bvast\b"
                      r"|\bbesl(?:oot|oten|uit)\b(?: om| tot)?(.{1,160}?)\b(?:in|vast) te stellen\b")
#: the council named as the one that adopts
_BY_COUNCIL = re.compile(r"\bdoor (?:de |het )?(?:gemeente)?raad\b|\b(?:de )?raad (?:stelde|heeft)\b")
#: "wij" (the body that writes the text) as the one that adopts
_BY_US = re.compile(r"\b(?:we|wij) (?:hebben|stelden|hadden)\b|\b(?:hebben|stelden|hadden) (?:we|wij)\b"
                    r"|\bdoor ons\b")
#: a finite verb of something done ("is vastgesteld", "stelde vast")
_DONE = re.compile(r"\b(?:is|zijn|werd|werden|stelde|stelden|hebben|heeft)\b")


def report_year(title: str | None) -> str | None:
    """The year an annual report looks back on: the one year in a title such as "Jaarverslag 2024 gemeente X".

    None for other documents (a budget or plan looks ahead; its "in maart" is not of a known year) and for
    titles with no or several years.
    """
    if not title:
        return None
    folded = fold(title)
    years = set(re.findall(r"\b((?:19|20)\d{2})\b", folded))
    return years.pop() if _REPORT.search(folded) and len(years) == 1 else None


def find_yearless_dates(folded: str, year: str, taken: list[DateFound], offset: int = 0) -> list[DateFound]:
    """Months and days without a year ("in oktober", "op 18 september") as dates of ``year``.

    Spans overlapping a date in ``taken`` (one with its year) are skipped.
    """
    out = []
    for m in _YEARLESS.finditer(folded):
        s, e = m.start() + offset, m.end() + offset
        if any(d.start < e and s < d.end for d in taken):
            continue
        month = MONTHS[m.group(2)]
        if m.group(1) and 1 <= int(m.group(1)) <= 31:
            out.append(DateFound(f"{year}-{month:02d}-{int(m.group(1)):02d}", s, e, "dag"))
        else:
            out.append(DateFound(f"{year}-{month:02d}", m.start(2) + offset, e, "maand"))
    return out


@dataclass(frozen=True, slots=True)
class AmountFound:
    """A sum of money: the number in euro as plain text, exact/minimum/maximum, and its span."""

    amount: str
    kind: str
    start: int
    end: int


def find_amounts(folded: str, offset: int = 0) -> list[AmountFound]:
    """Sums of money in euro ("10 miljoen Euro", "€ 2,5 mln", "ruim 4 miljoen euro")."""
    out = []
    for m in _AMOUNT.finditer(folded):
        has_currency = bool(m.group("c")) or "€" in m.group(0) or "eur" in m.group(0)[:4]
        if not has_currency:
            continue
        number = m.group("n").replace(".", "").replace(",", ".")
        if re.fullmatch(r"(?:19|20)\d{2}", number) and not m.group("m"):
            continue
        value = Decimal(number)
        mult = (m.group("m") or "").rstrip(".")
        value *= {"miljard": 10**9, "mld": 10**9, "miljoen": 10**6, "mln": 10**6, "duizend": 10**3,
                  "dzd": 10**3}.get(mult, 1)
        q = (m.group("q") or "").strip()
        kind = "minimum" if q in _MINIMUM else "maximum" if q in _MAXIMUM else "exact"
        text = format(value.normalize(), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        end = m.end()
        while end > m.start() and folded[end - 1] == " ":
            end -= 1
        out.append(AmountFound(text, kind, m.start() + offset, end + offset))
    return out


@dataclass(slots=True)
class Found:
    """One proposed statement about ``subject``: a relation, an adoption, a funding or a milestone.

    ``kind`` is the relation name, ``vaststelling``, ``financiering``, ``mijlpaal`` or ``datum``;
    ``values`` holds the record keys (``doel``, ``door``, ``datum``, ``bedrag``, ...); ``span`` is the
    evidence in the clean text.
    """

    subject: str
    kind: str
    values: dict[str, str]
    span: tuple[int, int]
    confidence: float
    rule: str

    def statement(self) -> tuple[str, str, str]:
        """What is proposed (subject, kind and values), whichever rule proposed it: the key to drop repeats."""
        return self.subject, self.kind, repr(sorted(self.values.items()))


def strongest(found: list[Found]) -> list[Found]:
    """One proposal per statement: when rules propose the same one, the most confident (the first of equals).

    In the order in which the statements were first proposed.
    """
    best: dict[tuple[str, str, str], Found] = {}
    for f in found:
        key = f.statement()
        if key not in best or f.confidence > best[key].confidence:
            best[key] = f
    return list(best.values())


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    entity: Entity

    @property
    def kind(self) -> str:
        return vocabulary().segments.get(self.entity.type, "entiteit")


class RelationFinder:
    """Applies the relation and event rules sentence by sentence."""

    def __init__(self, ct: CleanText, sentences: list[Sentence], entities: dict[str, Entity],
                 lex: Lexicon | None = None, *, year: str | None = None, writer: str | None = None) -> None:
        """Set up the finder.

        ``year`` is the year an annual report looks back on (see :func:`report_year`); ``writer`` the id of
        the body that writes the text as "wij" (the college of an annual report or budget), if named in it.
        """
        self.year = year
        self.writer = writer
        self.ct = ct
        self.sentences = sentences
        self.entities = entities
        self.lex = lex or lexicon()
        self.folded = ct.folded()
        self.mentions = MentionIndex(entities)
        self.found: list[Found] = []
        self._compiled = [(p, re.compile(p.regex)) for p in self.lex.relations]
        self._previous: list[_Mention] = []

    def in_sentence(self, sent: Sentence) -> list[_Mention]:
        """The mentions inside a sentence, in order, without nested ones."""
        out: list[_Mention] = []
        for start, end, ent in self.mentions.inside(sent):
            if not (out and start < out[-1].end):
                out.append(_Mention(start, end, ent))
        return out

    def run(self) -> list[Found]:
        """Apply every rule to every sentence."""
        previous: list[_Mention] = []
        for sent in self.sentences:
            ms = self.in_sentence(sent)
            text = self.folded[sent.start:sent.end]
            self._previous = previous
            for pattern, regex in self._compiled:
                for m in regex.finditer(text):
                    # a named group "kern" is the phrase itself; the rest of the match is its context
                    core = "kern" if "kern" in regex.groupindex and m.start("kern") >= 0 else 0
                    self._relation(pattern, sent, ms, sent.start + m.start(core), sent.start + m.end(core))
            self._authored(sent, ms, text)
            self._of_author(sent, ms)
            self._adoptions(sent, ms, text)
            self._fundings(sent, ms, text)
            self._milestones(sent, ms, text, previous)
            if ms:
                previous = ms
        return sorted(strongest(self.found), key=lambda f: (f.span[0], f.kind))

    # ----- relations -------------------------------------------------------------------------------------

    def _ok(self, m: _Mention, kinds: frozenset[str]) -> bool:
        return not kinds or m.kind in kinds

    def _relation(self, p: RelationPattern, sent: Sentence, ms: list[_Mention], ts: int, te: int) -> None:
        stop = sent.end
        if p.stop:
            sm = re.search(p.stop, self.folded[te:sent.end])
            if sm:
                stop = te + sm.start()
        subjects: list[_Mention] = []
        objects: list[_Mention] = []
        before = [m for m in ms if m.end <= ts]
        after = [m for m in ms if m.start >= te and m.end <= stop]
        if p.obj == "na":
            objects = [m for m in after if self._ok(m, p.object_kinds)]
            if not p.all_objects:
                objects = objects[:1]
        elif p.obj == "voor":
            cands = [m for m in before if self._ok(m, p.object_kinds)]
            objects = cands if p.all_objects and p.subject == "na" else cands[-1:]
        subjects = self._subjects(p, p.subject, ms, before, objects, te, stop)
        if p.subject == "na" and p.obj == "voor" and p.all_objects:
            # "de RSIA en de Positionpaper worden uitgewerkt in de ROS": every document before
            objects = [m for m in before if self._ok(m, p.object_kinds)]
        fallback = 0.0
        if not subjects and p.subject_fallback:
            # "Samen met Stichting A hebben we het Plan B opgesteld": no subject before, so the one after
            subjects = self._subjects(p, p.subject_fallback, ms, before, objects, te, stop)
            fallback = 0.15
        anaphora = 0.0
        if (p.subject == "voor" and not subjects) or (p.obj == "voor" and not objects):
            # "Deze nota vervangt het Parkeerplan": the nota the previous sentence named
            referent = self._referent(sent, ms, ts, p.subject_kinds if p.subject == "voor" else p.object_kinds)
            if referent is not None and p.subject == "voor" and not subjects and referent not in objects:
                subjects, anaphora = [referent], 0.2
            elif referent is not None and p.obj == "voor" and not objects and referent not in subjects:
                objects, anaphora = [referent], 0.2
        if not subjects and p.subject == "voor" and _ANAPHORA.match(self.folded[sent.start:ts]):
            # "Hiermee geven we invulling aan X": what the previous sentence named does
            # (what was done: a document, project or instrument, not the body that adopted it)
            kinds = p.subject_kinds or frozenset({"document", "project", "instrument"})
            subjects = [m for m in self._previous if self._ok(m, kinds) and m not in objects]
            anaphora = 0.25
        if not subjects or not objects:
            return
        for subj in subjects:
            for n, obj in enumerate(objects):
                if obj.entity.id == subj.entity.id:
                    continue
                start = min(subj.start, obj.start, ts)
                end = max(subj.end, obj.end, te)
                conf = max(0.3, p.confidence - 0.05 * n - anaphora - fallback)
                rule = f"'{self.ct.text[ts:te]}'" + (" (verwijzing naar de vorige zin)" if anaphora else "")
                self.found.append(Found(subj.entity.id, p.relation, {"doel": obj.entity.id}, (start, end), conf,
                                        rule))

    def _referent(self, sent: Sentence, ms: list[_Mention], ts: int, kinds: frozenset[str]) -> _Mention | None:
        """What a sentence opening "Deze nota …" / "De visie …" (up to the phrase at ``ts``) refers back to.

        The last entity of the previous sentence whose name has that head word ("Parkeernota 2024" for "deze
        nota", "Prestatieafspraken 2025-2028" for "deze afspraken"). With "de"/"het" only for a document or
        project word of the lexicon ("de visie", not "de stad"); None when nothing fits.
        """
        m = _DEMONSTRATIVE.match(self.folded[sent.start:ts])
        if m is None or any(x.start < ts for x in ms):
            return None
        head = m.group("head")
        if not self.lex.points_back(m.group("det"), head):
            return None
        for cand in reversed(self._previous):
            if self._ok(cand, kinds) and cand.entity.named_with(head):
                return cand
        return None

    def _of_author(self, sent: Sentence, ms: list[_Mention]) -> None:
        """``opgesteldDoor`` from a document named with its author: "het Strategisch Plan X van het Rijk"."""
        for doc, org in itertools.pairwise(ms):
            if doc.kind in ("document", "instrument") and org.kind == "organisatie" and \
                    _OF.match(self.folded[doc.end:org.start]):
                # "de Nationale Omgevingsvisie (NOVI) van het Rijk": quote from the full name, not from "NOVI)"
                full = [m for m in ms if m.entity.id == doc.entity.id and 0 <= doc.start - m.end <= 3]
                start = full[-1].start if full else doc.start
                self.found.append(Found(doc.entity.id, "opgesteldDoor", {"doel": org.entity.id},
                                        (start, org.end), 0.6, "'… van' de organisatie"))

    def _subjects(self, p: RelationPattern, where: str, ms: list[_Mention], before: list[_Mention],
                  objects: list[_Mention], te: int, stop: int) -> list[_Mention]:
        """The subjects of a phrase standing ``where`` (voor, na or zin), none of them an object."""
        if where == "voor":
            return [m for m in before if self._ok(m, p.subject_kinds) and m not in objects][-1:]
        if where == "na":
            cands = [m for m in ms if m.start >= te and self._ok(m, p.subject_kinds) and m not in objects]
            if p.all_subjects:  # "zoals vastgelegd in de Koers 2040, de Visie en het Plan": each of the list
                return [m for m in cands if m.end <= stop]
            return cands[:1]
        # zin: the first fitting entity of the sentence that is not an object
        return [m for m in ms if self._ok(m, p.subject_kinds) and m not in objects][:1]

    def _authored(self, sent: Sentence, ms: list[_Mention], text: str) -> None:
        """``opgesteldDoor`` from the active voice: "De provincie heeft de Woonagenda opgesteld".

        Also with the subject after the verb ("In 2024 heeft de provincie de Woonagenda opgesteld") and in the
        simple past ("De provincie stelde de Woonagenda op", "schreef", "ontwikkelde"). The author is an
        organisation named in the sentence; "we" is left to the rules for the municipality's own text.
        """
        for m in (match for rx in _AUTHORED for match in rx.finditer(text)):
            ts, te = sent.start + m.start(), sent.start + m.end()
            verb_end = sent.start + m.start("werk")
            docs = [x for x in ms if ts <= x.start and x.end <= verb_end and x.kind in ("document", "instrument")]
            if not docs:
                continue
            doc = docs[0]
            if re.match(r"\s*(?:we|wij)\b", self.folded[te:]):
                continue  # "ondertekenden wij met Stichting A het Convenant": we wrote it (the rules for "we")
            orgs_between = [x for x in ms if te <= x.start and x.end <= doc.start and x.kind == "organisatie"
                            and not _PARTNER_BEFORE.search(self.folded[te:x.start])]
            orgs_before = [x for x in ms if x.end <= ts and x.kind == "organisatie"
                           and not re.search(r"[,;:]|\bdoor\b", self.folded[x.end:ts])]
            author = orgs_between[0] if orgs_between else (orgs_before[-1] if orgs_before else None)
            if author is None or re.search(r"\bdoor\b", self.folded[ts:doc.start]):
                continue
            authors = [author]
            for nxt in orgs_between[1:]:  # "stellen Borne en Almelo de Agenda op": a list of authors
                if not _LIST_GAP.match(self.folded[authors[-1].end:nxt.start]):
                    break
                authors.append(nxt)
            rule = f"'{self.ct.text[ts:te]} … {self.ct.text[verb_end:sent.start + m.end('werk')]}'"
            for who in authors:
                span = (min(who.start, ts), max(doc.end, sent.start + m.end("werk")))
                self.found.append(Found(doc.entity.id, "opgesteldDoor", {"doel": who.entity.id}, span, 0.7, rule))

    # ----- events ----------------------------------------------------------------------------------------

    def _dates(self, text: str, offset: int) -> list[DateFound]:
        """The dates of a sentence (not periods), with months and days of the report's year when it has one."""
        dates = [d for d in find_dates(text, offset) if d.kind != "periode"]
        if self.year:
            dates = sorted(dates + find_yearless_dates(text, self.year, dates, offset), key=lambda d: d.start)
        return dates

    @staticmethod
    def _body(ms: list[_Mention]) -> _Mention | None:
        """The adopting or funding body named in the sentence (a council, an executive, a government)."""
        for m in ms:
            if m.entity.type in ("Bestuursorgaan", "Rijksorganisatie", "Provincie", "Gemeente"):
                return m
        return None

    def _adoptions(self, sent: Sentence, ms: list[_Mention], text: str) -> None:
        docs = [m for m in ms if m.kind in ("document", "instrument", "project")]
        if not docs:
            return
        for m in ADOPTED.finditer(text):
            ts, te = sent.start + m.start(), sent.start + m.end()
            if m.group(3) is None and _NOT_YET.search(text[max(0, m.start() - 40):m.end() + 15]):
                continue  # "om in 2025 vastgesteld te worden": to be adopted, not adopted (a decision to is one)
            if m.group(1):  # "het in 2023 vastgestelde Mobiliteitsplan": the document right after
                cands = [d for d in docs if d.start >= te and len(self.folded[te:d.start].split()) <= 2
                         and not re.search(r"[,;:()]", self.folded[te:d.start])][:1]
            elif m.group(2) is not None or m.group(3) is not None:
                # "De raad stelde de Routekaart … vast", "besloot de Reserve X in te stellen": a document in between
                cands = [d for d in docs if ts <= d.start and d.end <= te][:1]
            else:  # "… is vastgesteld": the nearest document before, else after
                cands = [d for d in docs if d.end <= ts][-1:] or [d for d in docs if d.start >= te][:1]
            if not cands:
                continue
            doc = cands[0]
            if _NOT_MADE.search(self.folded[max(sent.start, doc.start - 50):doc.start]):
                continue  # "is de vorming van een strategische agenda vastgesteld": the decision to make one
            values: dict[str, str] = {}
            body = self._body([x for x in ms if x is not doc])
            by_text = _BY_COUNCIL.search(text)
            decided = m.group(3) is not None
            if body is not None and (body.entity.type == "Bestuursorgaan" or by_text or decided):
                values["door"] = body.entity.id
            elif body is None and self.writer is not None and self.writer in self.entities and \
                    _BY_US.search(text):
                # "En wij hebben de Regeling X vastgesteld": the body that writes the text as "wij"
                values["door"] = self.writer
            elif decided:
                continue  # "besloot … in te stellen" without who decided is no adoption of its own
            dates = self._dates(text, sent.start)
            near = sorted(dates, key=lambda d: abs(d.start - ts))
            report_year_only = False
            if near:
                values["datum"] = near[0].notation
            elif self.year and "door" not in values and not m.group(1) and \
                    _DONE.search(text):
                # "is vastgesteld" in an annual report, neither by whom nor when: in the year the report is about
                # (an adoption needs one of the two; with the body named, no date is made up)
                values["datum"] = self.year
                report_year_only = True
            spans = [doc.start, doc.end, ts, te] + ([near[0].start, near[0].end] if near else []) + \
                ([body.start, body.end] if body is not None and "door" in values else [])
            span = (min(spans), max(spans))
            rule = "'besloten … in te stellen'" if decided else "'vastgesteld'"
            if "door" in values:  # an adoption names the body that adopted
                conf = 0.75 if body is not None else 0.6
                rule += "" if body is not None else " (wij = " + values["door"] + ")"
                self.found.append(Found(doc.entity.id, "vaststelling", values, span, conf, rule))
            elif "datum" in values:  # "In 2025 is de nota X vastgesteld": when, though not by whom
                self.found.append(Found(doc.entity.id, "vaststelling", values, span, 0.5 if report_year_only else 0.65,
                                        rule + (" (jaar van het verslag)" if report_year_only else " met datum")))
            if "door" not in values:  # the text still says the document is adopted: a status
                self.found.append(Found(doc.entity.id, "status", {"waarde": "vastgesteld"}, span, 0.7,
                                        "'vastgesteld' zonder orgaan"))

    def _fundings(self, sent: Sentence, ms: list[_Mention], text: str) -> None:
        """``financiering`` for each amount of the sentence, and who runs or made the fund it comes from."""
        amounts = find_amounts(text, sent.start)
        if not amounts:
            return
        funded = ("document", "project", "instrument")
        # "… uit het Programma X", "via de Subsidieregeling Y": where the money comes from, not what it is for
        sources = [m for m in ms if _FROM.search(self.folded[max(sent.start, m.start - 25):m.start])]
        targets = [m for m in ms if m.kind in funded and m not in sources]
        body = self._funder(sent, ms, text)
        # "Voor de restauratie ontvangen we …": the restoration named in the sentence before
        back: _Mention | None = None
        opening = _FOR_BACK.match(text)
        if opening is not None and not any(m.start < sent.start + opening.end() for m in ms):
            named = next((m for m in reversed(self._previous)
                          if m.kind in funded and m.entity.named_with(opening.group("head"))), None)
            if named is not None:
                back = _Mention(sent.start, sent.start + opening.end(), named.entity)
        for amount in amounts:
            before = [m for m in targets if m.end <= amount.start]
            after = [m for m in targets if m.start >= amount.end]
            subj = before[-1] if before else (after[0] if after else None)
            # "een storting van 3 miljoen euro in de Reserve Bereikbaarheid", "1 miljoen voor het Project X":
            # what the money goes to, named right after the amount
            to = next((m for m in after if _FOR.match(self.folded[amount.end:m.start])), None)
            if to is not None:
                subj = to
            elif back is not None and not before:
                subj = to = back
            if subj is None:
                continue
            values = {"bedrag": amount.amount, "soort": amount.kind, "valuta": "EUR"}
            span = [subj.start, subj.end, amount.start, amount.end]
            tail = self.folded[amount.end:sent.end]
            period = re.match(r"\s*(?:voor de periode|in de periode|over de periode|voor|in|per jaar)?\s*"
                              r"((?:19|20)\d{2}) ?(?:-|t/m|tot en met) ?((?:19|20)\d{2})", tail)
            if period and int(period.group(2)) > int(period.group(1)):
                values["periode"] = f"{period.group(1)}/{period.group(2)}"
                span.append(amount.end + period.end())
            name = re.search(rf"\b(\w*(?:{'|'.join(_FUND_NAMES)}))\w* (?:van|ter grootte van|à)\s*$",
                             self.folded[max(sent.start, amount.start - 60):amount.start])
            if name:
                values["naam"] = name.group(1)
            if body is not None:
                values["door"] = body.entity.id
                span += [body.start, body.end]
            conf = 0.75 if subj in before or subj is to else 0.6
            self.found.append(Found(subj.entity.id, "financiering", values, (min(span), max(span)), conf,
                                    "bedrag in euro"))
        self._grant_givers(ms, sources, body)

    def _funder(self, sent: Sentence, ms: list[_Mention], text: str) -> _Mention | None:
        """Who gives the money of a sentence, if named as such.

        An organisation after "van", "door" or "vanuit", or the body that "stelt … beschikbaar".
        """
        for m in ms:
            if m.kind == "organisatie":
                before_txt = self.folded[max(sent.start, m.start - 12):m.start]
                if re.search(r"\b(van|door|vanuit)( het| de)? ?$", before_txt) or (
                        m.entity.type == "Bestuursorgaan" and re.search(r"\bstel(t|de|den)\b", text)):
                    return m
        return None

    def _grant_givers(self, ms: list[_Mention], sources: list[_Mention], body: _Mention | None) -> None:
        """The fund or grant the money comes from is the giving government's own.

        A regulation or grant ("Subsidieregeling X", "Specifieke uitkering Y") ``opgesteldDoor`` it, a fund or
        impulse ("Volkshuisvestingsfonds", "Woningbouwimpuls") ``uitgevoerdDoor`` it: "heeft de provincie uit de
        Subsidieregeling Fietsinfrastructuur 1 miljoen euro toegekend", "heeft het Rijk uit de Woningbouwimpuls
        4,2 miljoen euro toegekend". The giver is the funder named as such (after "van", "door") or else the one
        government of the sentence (``ms``); ``sources`` are the mentions named after "uit" or "via".
        """
        givers = [body] if body is not None else \
            [m for m in ms if m.entity.type in _GIVERS and m.entity.id != self.writer]
        if len(givers) != 1:
            return
        for m in sources:
            words = re.findall(r"[^\W_]+", fold(m.entity.name))
            kind = "uitgevoerdDoor" if any(w.endswith(("fonds", "impuls")) for w in words) else \
                "opgesteldDoor" if any(w.endswith(("regeling", "uitkering")) for w in words) else None
            if kind is not None:
                self.found.append(Found(m.entity.id, kind, {"doel": givers[0].entity.id},
                                        (min(m.start, givers[0].start), max(m.end, givers[0].end)), 0.5,
                                        "geld uit een fonds of regeling van de gever"))

    def _milestones(self, sent: Sentence, ms: list[_Mention], text: str, previous: list[_Mention]) -> None:
        # not the year in a name ("De raad behandelt de Kadernota 2027 op 4 juni 2026")
        dates = [d for d in self._dates(text, sent.start) if not any(x.start <= d.start < x.end for x in ms)]
        if not dates and not self.year:
            return
        expected = False  # "is naar verwachting eind 2025 gereed": expected, not done
        for kind, rx in _MILESTONES:
            m = rx.search(text)
            if not m or (expected and kind in ("gepland", "gestart", "gereed")):
                continue
            ts, te = sent.start + m.start(), sent.start + m.end()
            conf = 0.65
            if dates:
                date = min(dates, key=lambda d: abs(d.start - ts))
                dspan = (date.start, date.end)
                notation = date.notation
            elif kind in ("gestart", "gereed") and self.year:
                # "We zijn gestart met de Pilot X" in an annual report: in the year it reports on
                dspan, notation, conf = (ts, te), self.year, 0.45
            else:
                continue
            targets = [x for x in ms if x.kind in ("document", "project", "instrument")]
            if not targets:
                if kind not in ("verwacht", "beoogd"):
                    continue
                targets = [x for x in previous if x.kind in ("document", "project", "instrument")][-1:]
                conf = 0.45
                if not targets:
                    continue
                subj = targets[0]
                span = (min(ts, dspan[0]), max(te, dspan[1]))
            else:
                subj = min(targets, key=lambda x: abs(x.start - ts))
                renamed = [x for x in targets if x.start >= te] if re.match(r"\s+tot\b", text[m.end():]) else []
                if renamed:  # "De monitor werd vernieuwd tot de Buurtbarometer": what came of it
                    subj = renamed[0]
                span = (min(subj.start, ts, dspan[0]), max(subj.end, te, dspan[1]))
            values = {"soort": kind, "datum": notation}
            tail = self.ct.text[dspan[1]:sent.end].strip(" .") if dates else ""
            words = tail.split()
            if 0 < len(words) <= 8:
                values["omschrijving"] = " ".join(words)
                span = (span[0], max(span[1], sent.end - 1 if self.ct.text[sent.end - 1] == "." else sent.end))
            rule = f"'{self.ct.text[ts:te]}'" + ("" if dates else " (jaar van het verslag)")
            self.found.append(Found(subj.entity.id, "mijlpaal", values, span, conf, rule))
            expected = expected or kind in ("verwacht", "beoogd")
