"""Deterministic generator of a national policy graph in beleidsgraaf's own ontology, with provenance.

The graph has the shape :mod:`beleidsgraaf.graph.compile` gives the Hengelo records, at national scale:

- the Rijk with national hub documents (a national environmental vision, a climate agreement, national
  programmes) that many documents build on;
- 12 provinces (real TOOI codes) with an environmental vision each, building on the national vision;
- regional partnerships (municipalities are members) with regional strategies and investment agendas;
- N municipalities (up to 342; real-looking names and TOOI-style IRIs ``.../gemeente/gmNNNN``), each with a
  council, a territory and districts, an environmental vision, a course document, programmes, implementation
  plans, roadmaps and projects, connected by lineage chains (plan → programme → vision → regional → national),
  themes (shared strategic themes and topics), areas, adoptions with fuzzy dates, funding and milestones;
- every relation with a claim (``bg:Bewering``: source document, section, verbatim quote, text selectors), and
  everything taken from one annual report in that report's named graph ``{base}/graph/{source}``.

``generate(target_triples)`` picks the number of municipalities and the documents per municipality to come close
to the target (about 10 k, 100 k, 1 M, 5 M). The output is N-Quads, identical for the same target and seed.

    python benchmarks/generate.py --triples 100000 -o national-100k.nq
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

BASE = "https://data.beleidsgraaf.nl"
BG = "https://w3id.org/beleidsgraaf/def#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
TOOI = "https://identifier.overheid.nl/tooi/id/"

PROVINCES = [
    ("pv20", "Groningen"), ("pv21", "Fryslân"), ("pv22", "Drenthe"), ("pv23", "Overijssel"),
    ("pv24", "Flevoland"), ("pv25", "Gelderland"), ("pv26", "Utrecht"), ("pv27", "Noord-Holland"),
    ("pv28", "Zuid-Holland"), ("pv29", "Zeeland"), ("pv30", "Noord-Brabant"), ("pv31", "Limburg"),
]
THEMES = [
    ("toekomstbestendige-stedelijke-ontwikkeling", "Toekomstbestendige stedelijke ontwikkeling"),
    ("toekomstbestendig-sociaal-domein", "Toekomstbestendig sociaal domein"),
    ("duurzame-inrichting", "Duurzame inrichting"),
    ("wijkgerichte-aanpak", "Wijkgerichte aanpak"),
    ("inwoner-centraal", "De inwoner centraal"),
    ("bereikbaarheid", "Bereikbaarheid"),
    ("economie-en-werk", "Economie en werk"),
]
TOPICS = ["netcongestie", "energiearmoede", "woningbouw", "warmtetransitie", "klimaatadaptatie", "mobiliteit",
          "armoedebestrijding", "jeugdzorg", "veiligheid", "biodiversiteit", "circulaire economie", "onderwijs",
          "gezondheid", "cultuur", "sport", "digitalisering", "laaggeletterdheid", "dakloosheid", "stikstof",
          "zonne-energie", "windenergie", "waterveiligheid", "leefbaarheid", "ondermijning"]
PROGRAMMES = ["Warmteprogramma", "Woonprogramma", "Programma Klimaatadaptatie", "Mobiliteitsprogramma",
              "Programma Sociaal Domein", "Programma Economie", "Energieprogramma", "Groenprogramma",
              "Programma Wijkgericht Werken", "Armoedeprogramma", "Cultuurprogramma", "Sportprogramma"]
PLAN_KINDS = [("Uitvoeringsplan", "Uitvoeringsplan"), ("Routekaart", "Routekaart"), ("Plan", "Actieplan"),
              ("Nota", "Beleidsnota"), ("Agenda", "Uitvoeringsagenda")]
PROJECT_KINDS = ["Wijkaanpak", "Zonneveld", "Herinrichting", "Renovatie", "Verkenning", "Pilot",
                 "Gebiedsontwikkeling", "Aanpak"]
STREETS = ["Centrum", "Noord", "Zuid", "Oost", "West", "Binnenstad", "Stationsgebied", "Dorp", "Haven", "Park",
           "Veld", "Es", "Brink", "Molenbuurt", "Kerkwijk", "Industrieterrein", "Buitengebied"]
PRE = ["", "", "", "Oud-", "Nieuw-", "Ooster", "Wester", "Noord", "Zuid", "Groot-", "Klein-", "Sint-", "Hoog",
       "Laag", "Ter ", "'s-"]
STEM = ["Veen", "Dam", "Dijk", "Hoven", "Wijk", "Horst", "Berg", "Haven", "Rode", "Loo", "Brink", "Meer", "Bosch",
        "Beek", "Zand", "Ven", "Hout", "Kamp", "Heide", "Weerd", "Land", "Mond", "Sluis", "Veld", "Burg", "Ee",
        "Holt", "Horn", "Lier", "Stein", "Wolde", "Mark", "Water", "Gein", "Brug", "Laar", "Donk", "Rijp"]
SUF = ["", "", "", "dam", "dijk", "hoven", "wijk", "horst", "berg", "haven", "rode", "lo", "um", "ingen", "sum",
       "erveen", "oord", "recht", "terp", "meer", "beek", "hout", "veld", "zijl"]
LINEAGE = ("isUitwerkingVan", "bouwtVoortOp", "maaktDeelUitVan", "geeftUitvoeringAan")
SECTIONS = ["1. Toekomstbestendige stedelijke ontwikkeling", "2. Toekomstbestendig sociaal domein",
            "3. Duurzame inrichting", "4. Dwarsthema: Wijkgerichte aanpak", "5. Dwarsthema: De inwoner centraal"]


def _slug(text: str) -> str:
    out = []
    for ch in text.lower().replace("ĳ", "ij").replace("â", "a").replace("'", ""):
        out.append(ch if ch.isalnum() and ch.isascii() else "-")
    return "-".join(p for p in "".join(out).split("-") if p)


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{esc}"@{lang}'
    if datatype:
        return f'"{esc}"^^<{XSD}{datatype}>'
    return f'"{esc}"'


@dataclass
class Emitter:
    """Collects N-Quads lines; one named graph (source) at a time, with claims for every relation."""

    base: str
    lines: list[str] = field(default_factory=list)
    graph: str = ""
    source_doc: str = ""
    text_pos: int = 0
    claims: int = 0

    def q(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} <{self.graph}> .\n")

    def entity(self, segment: str, slug: str, cls: str, name: str, *, iri: str | None = None,
               alt: str | None = None) -> str:
        s = f"<{iri or f'{self.base}/id/{segment}/{slug}'}>"
        self.claim(s, f"<{RDF}type>", f"<{BG}{cls}>", f"{name} wordt genoemd in de verantwoording")
        self.q(s, f"<{RDFS}label>", _lit(name, "nl"))
        self.q(s, f"<{SKOS}prefLabel>", _lit(name, "nl"))
        self.q(s, f"<{DCT}identifier>", _lit(slug))
        if alt:
            self.q(s, f"<{SKOS}altLabel>", _lit(alt, "nl"))
        return s

    def claim(self, s: str, p: str, o: str, quote: str) -> None:
        """The triple plus its bg:Bewering with source, section, quote and selectors (as the compiler makes)."""
        self.q(s, p, o)
        self.claims += 1
        c = f"{self.base}/id/bewering/b{self.claims:07x}"
        start = self.text_pos
        end = start + len(quote)
        self.text_pos = end + 7
        section = SECTIONS[self.claims % len(SECTIONS)]
        for pp, oo in ((f"{RDF}type", f"<{BG}Bewering>"), (f"{RDF}type", f"<{RDF}Statement>"), (f"{RDF}subject", s),
                       (f"{RDF}predicate", p), (f"{RDF}object", o), (f"{BG}bron", self.source_doc),
                       (f"{BG}sectie", _lit(section)), (f"{BG}citaat", _lit(quote)),
                       (f"{OA}hasSelector", f"<{c}#citaat>"), (f"{OA}hasSelector", f"<{c}#positie>")):
            self.q(f"<{c}>", f"<{pp}>", oo)
        for pp, oo in ((f"{RDF}type", f"<{OA}TextQuoteSelector>"), (f"{OA}exact", _lit(quote)),
                       (f"{OA}prefix", _lit("in 2024")), (f"{OA}suffix", _lit("en verder"))):
            self.q(f"<{c}#citaat>", f"<{pp}>", oo)
        for pp, oo in ((f"{RDF}type", f"<{OA}TextPositionSelector>"),
                       (f"{OA}start", _lit(str(start), datatype="nonNegativeInteger")),
                       (f"{OA}end", _lit(str(end), datatype="nonNegativeInteger"))):
            self.q(f"<{c}#positie>", f"<{pp}>", oo)

    def rel(self, s: str, prop: str, o: str, quote: str) -> None:
        self.claim(s, f"<{BG}{prop}>", o, quote)

    def date(self, node: str, rnd: random.Random, year: int) -> None:
        kind = rnd.random()
        if kind < 0.4:
            notation, dtype, first, last = str(year), "gYear", f"{year}-01-01", f"{year}-12-31"
            precision = "jaar"
        elif kind < 0.8:
            m = rnd.randint(1, 12)
            days = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
            notation, dtype = f"{year}-{m:02d}", "gYearMonth"
            first, last = f"{year}-{m:02d}-01", f"{year}-{m:02d}-{days}"
            precision = "maand"
        else:
            m, d = rnd.randint(1, 12), rnd.randint(1, 28)
            notation = first = last = f"{year}-{m:02d}-{d:02d}"
            dtype, precision = "date", "dag"
        self.q(node, f"<{BG}datum>", _lit(notation, datatype=dtype))
        self.q(node, f"<{BG}datumTekst>", _lit(notation))
        self.q(node, f"<{BG}precisie>", _lit(precision))
        self.q(node, f"<{BG}vroegst>", _lit(first, datatype="date"))
        self.q(node, f"<{BG}laatst>", _lit(last, datatype="date"))

    def adoption(self, s: str, name: str, by: str, rnd: random.Random, year: int) -> None:
        v = f"<{s[1:-1]}-vaststelling-{year}>".replace("/id/", "/id/gebeurtenis/", 1) if "/id/" in s else s
        self.q(v, f"<{RDF}type>", f"<{BG}Vaststelling>")
        self.q(v, f"<{RDFS}label>", _lit(f"vaststelling van {name}", "nl"))
        self.date(v, rnd, year)
        self.q(v, f"<{BG}door>", by)
        self.claim(s, f"<{BG}vaststelling>", v, f"De {name} is door de raad vastgesteld in {year}")
        self.claim(s, f"<{BG}vastgesteldDoor>", by, f"De raad heeft de {name} vastgesteld")

    def funding(self, s: str, name: str, by: str, rnd: random.Random, year: int) -> None:
        f = f"<{s[1:-1]}-financiering-{year}>".replace("/id/", "/id/gebeurtenis/", 1)
        amount = rnd.choice([50, 100, 250, 500, 750, 1000, 2500, 5000, 10000]) * 1000
        last = year + rnd.randint(0, 4)
        self.q(f, f"<{RDF}type>", f"<{BG}Financiering>")
        self.q(f, f"<{RDFS}label>", _lit(f"uitvoeringskrediet {name}", "nl"))
        self.q(f, f"<{BG}bedrag>", f"<{f[1:-1]}#bedrag>")
        m = f"<{f[1:-1]}#bedrag>"
        self.q(m, f"<{RDF}type>", f"<{SCHEMA}MonetaryAmount>")
        kind = f"<{SCHEMA}value>" if rnd.random() < 0.7 else f"<{SCHEMA}minValue>"
        self.q(m, kind, _lit(str(amount), datatype="decimal"))
        self.q(m, f"<{SCHEMA}currency>", _lit("EUR"))
        self.q(m, f"<{SCHEMA}validFrom>", _lit(str(year), datatype="gYear"))
        self.q(m, f"<{SCHEMA}validThrough>", _lit(str(last), datatype="gYear"))
        self.q(f, f"<{BG}datumTekst>", _lit(f"{year}/{last}"))
        self.q(f, f"<{BG}vroegst>", _lit(f"{year}-01-01", datatype="date"))
        self.q(f, f"<{BG}laatst>", _lit(f"{last}-12-31", datatype="date"))
        self.q(f, f"<{BG}door>", by)
        self.claim(s, f"<{BG}financiering>", f, f"Voor de {name} is {amount // 1000} duizend euro beschikbaar")
        self.claim(s, f"<{BG}gefinancierdDoor>", by, f"De raad stelde middelen beschikbaar voor de {name}")

    def milestone(self, s: str, name: str, rnd: random.Random, year: int) -> None:
        kind = rnd.choice(["verwacht", "beoogd", "gepland", "gestart", "gereed", "besloten"])
        node = f"<{s[1:-1]}-mijlpaal-{kind}-{year}>".replace("/id/", "/id/gebeurtenis/", 1)
        self.q(node, f"<{RDF}type>", f"<{BG}Mijlpaal>")
        self.q(node, f"<{BG}soortMijlpaal>", _lit(kind))
        self.q(node, f"<{RDFS}label>", _lit(f"{name}: {kind}", "nl"))
        self.date(node, rnd, year)
        self.claim(s, f"<{BG}mijlpaal>", node, f"De {name} wordt naar verwachting in {year} {kind}")


def _ontology(base: str) -> Iterator[str]:
    """The ontology in ``{base}/graph/ontologie``, as every build has it (relation hierarchy, labels)."""
    from beleidsgraaf.graph.pipeline import ontology_quads, to_nquads

    yield from to_nquads(ontology_quads(base)).decode("utf-8").splitlines(keepends=True)


def municipality_names(n: int, rnd: random.Random) -> list[tuple[str, str]]:
    """``n`` distinct (TOOI code, real-looking Dutch name) pairs."""
    names: set[str] = set()
    out: list[tuple[str, str]] = []
    codes = rnd.sample(range(1, 2000), n)
    while len(out) < n:
        stem = rnd.choice(STEM)
        suffix = rnd.choice(SUF)
        name = (rnd.choice(PRE) + (stem if not suffix else stem + suffix)).strip()
        if rnd.random() < 0.12:
            name += f" aan de {rnd.choice(['Maas', 'Vecht', 'IJssel', 'Rijn', 'Lek', 'Amstel', 'Dinkel'])}"
        if name in names:
            continue
        names.add(name)
        out.append((f"gm{codes[len(out)]:04d}", name))
    return out


@dataclass(frozen=True)
class Plan:
    """How many of each thing per municipality, chosen from the target size."""

    municipalities: int
    programmes: int
    plans_per_programme: int
    projects_per_programme: int
    districts: int


def plan_for(target_triples: int, seed: int = 2024) -> Plan:
    """Choose the shape that comes closest to ``target_triples``: measure two shapes, interpolate linearly."""
    municipalities = max(4, min(342, target_triples // 3000))

    def shape(m: int, programmes: int) -> Plan:
        return Plan(m, programmes, 2 if programmes < 12 else 3, 2 if programmes < 12 else 3,
                    min(12, 3 + programmes // 2))

    one = sum(1 for _ in _generate(shape(municipalities, 1), seed, BASE))
    if one >= target_triples:
        return shape(max(2, round(municipalities * target_triples / one)), 1)
    three = sum(1 for _ in _generate(shape(municipalities, 3), seed, BASE))
    per_programme = (three - one) / 2
    programmes = max(1, round(1 + (target_triples - one) / per_programme))
    return shape(municipalities, programmes)


def generate(target_triples: int, seed: int = 2024, base: str = BASE) -> Iterator[str]:
    """Yield the N-Quads lines of a national graph of about ``target_triples`` quads (deterministic)."""
    yield from _generate(plan_for(target_triples, seed), seed, base)


def _generate(shape: Plan, seed: int, base: str) -> Iterator[str]:
    rnd = random.Random(seed)
    e = Emitter(base)
    yield from _ontology(base)

    def flush() -> Iterator[str]:
        yield from e.lines
        e.lines.clear()

    # --- national and provincial documents, in the graph of the national source ------------------------------
    e.graph = f"{base}/graph/rijk-nationale-documenten"
    rijk = f"<{TOOI}ministerie/mnre1034>"
    e.source_doc = f"<{base}/id/document/nationale-omgevingsvisie>"
    novi = e.entity("document", "nationale-omgevingsvisie", "Omgevingsvisie", "Nationale Omgevingsvisie",
                    alt="NOVI")
    e.entity("organisatie", "rijk", "Rijksorganisatie", "Rijksoverheid", iri=rijk[1:-1], alt="het Rijk")
    e.rel(novi, "opgesteldDoor", rijk, "De Nationale Omgevingsvisie (NOVI) van het Rijk")
    hubs = [novi]
    for slug, name, cls in (("klimaatakkoord", "Klimaatakkoord", "Convenant"),
                            ("nationaal-programma-regionale-energiestrategie", "Nationaal Programma Regionale "
                             "Energiestrategie", "Programma"),
                            ("nationale-woon-en-bouwagenda", "Nationale Woon- en Bouwagenda", "Agenda"),
                            ("nationaal-programma-leefbaarheid-en-veiligheid", "Nationaal Programma "
                             "Leefbaarheid en Veiligheid", "Programma")):
        doc = e.entity("document", slug, cls, name)
        e.rel(doc, "opgesteldDoor", rijk, f"Het Rijk stelde de {name} op")
        e.rel(doc, "bouwtVoortOp", novi, f"De {name} bouwt voort op de NOVI")
        hubs.append(doc)
    themes = []
    for slug, name in THEMES:
        t = e.entity("opgave", slug, "Opgave", name)
        e.q(t, f"<{SKOS}inScheme>", f"<{BG}StrategischeOpgaven>")
        themes.append(t)
    topics = []
    for name in TOPICS:
        t = e.entity("onderwerp", _slug(name), "Onderwerp", name[0].upper() + name[1:])
        e.q(t, f"<{SKOS}inScheme>", f"<{BG}Onderwerpen>")
        topics.append(t)
    provinces = []
    for code, name in PROVINCES:
        pv = e.entity("organisatie", f"provincie-{_slug(name)}", "Provincie", f"Provincie {name}",
                      iri=f"{TOOI}provincie/{code}")
        e.q(pv, f"<{SKOS}notation>", _lit(code))
        visie = e.entity("document", f"omgevingsvisie-{_slug(name)}", "Omgevingsvisie", f"Omgevingsvisie {name}")
        e.rel(visie, "opgesteldDoor", pv, f"De provincie {name} stelde de omgevingsvisie op")
        e.rel(visie, "bouwtVoortOp", novi, f"De Omgevingsvisie {name} bouwt voort op de NOVI")
        e.adoption(visie, f"Omgevingsvisie {name}", pv, rnd, rnd.randint(2019, 2023))
        provinces.append((pv, visie, name))
    yield from flush()

    municipalities = municipality_names(shape.municipalities, rnd)
    # regional partnerships of 5-20 neighbouring municipalities, each with a strategy and an investment agenda
    regions: list[tuple[str, str, str, str]] = []
    i = 0
    while i < len(municipalities):
        size = rnd.randint(5, 20)
        members = municipalities[i:i + size]
        pv, pvisie, pname = provinces[len(regions) % len(provinces)]
        rname = f"Regio {members[0][1]}"
        rslug = _slug(rname)
        e.graph = f"{base}/graph/{rslug}-regionale-documenten"
        e.source_doc = f"<{base}/id/document/regionale-strategie-{rslug}>"
        region = e.entity("organisatie", rslug, "Samenwerkingsverband", rname)
        area = e.entity("gebied", f"{rslug}-gebied", "Regio", f"{rname} (gebied)")
        strat = e.entity("document", f"regionale-strategie-{rslug}", "Strategie",
                         f"Regionale Ontwikkelstrategie {members[0][1]}", alt=f"ROS {members[0][1]}")
        agenda = e.entity("document", f"regionale-investeringsagenda-{rslug}", "Agenda",
                          f"Regionale Investeringsagenda {members[0][1]}", alt=f"RIA {members[0][1]}")
        e.rel(strat, "isUitwerkingVan", agenda, "De ROS is een verdere uitwerking van de investeringsagenda")
        e.rel(agenda, "bouwtVoortOp", pvisie, f"De agenda bouwt voort op de Omgevingsvisie {pname}")
        e.rel(agenda, "bouwtVoortOp", hubs[2], "De agenda bouwt voort op de Woon- en Bouwagenda")
        e.rel(strat, "opgesteldDoor", region, f"{rname} stelde de strategie op")
        e.rel(strat, "betreftGebied", area, f"De strategie gaat over {rname}")
        e.rel(strat, "inSamenwerkingMet", pv, f"in samenwerking met de provincie {pname}")
        regions.extend((region, strat, agenda, area) for _ in members)
        yield from flush()
        i += size

    # --- municipalities: one annual report (source, named graph) each --------------------------------------
    for n, (code, name) in enumerate(municipalities):
        region, strat, agenda, rarea = regions[n]
        pv, pvisie, _pname = provinces[(n // 20) % len(provinces)]
        slug = _slug(name)
        source = f"{slug}-jaarstukken-2024"
        e.graph = f"{base}/graph/{source}"
        e.text_pos = 0
        jaar = f"<{base}/id/document/jaarstukken-2024-{slug}>"
        e.source_doc = jaar
        e.q(jaar, f"<{BG}bronbestand>", _lit(f"sources/{source}.txt"))
        e.q(jaar, f"<{BG}bronGraaf>", f"<{e.graph}>")
        e.q(f"<{e.graph}>", f"<{DCT}title>", _lit(f"Jaarstukken 2024 gemeente {name}", "nl"))
        e.q(f"<{e.graph}>", f"<{PROV}wasDerivedFrom>", jaar)
        gem = e.entity("organisatie", f"gemeente-{slug}", "Gemeente", f"Gemeente {name}",
                       iri=f"{TOOI}gemeente/{code}", alt=name)
        e.q(gem, f"<{SKOS}notation>", _lit(code))
        e.entity("document", f"jaarstukken-2024-{slug}", "Jaarstukken", f"Jaarstukken 2024 gemeente {name}")
        e.rel(jaar, "opgesteldDoor", gem, f"De gemeente {name} legt verantwoording af")
        raad = e.entity("organisatie", f"gemeenteraad-{slug}", "Bestuursorgaan", f"Gemeenteraad van {name}")
        e.rel(raad, "isOnderdeelVan", gem, f"De gemeenteraad van {name}")
        e.rel(gem, "isLidVan", region, f"{name} werkt samen in de regio")
        e.q(region, f"<{ORG}hasMember>", gem)
        terrain = e.entity("gebied", f"{slug}-gemeentegebied", "Gemeentegebied", f"{name} (grondgebied)")
        e.rel(terrain, "ligtIn", rarea, f"{name} ligt in de regio")
        wijken = []
        for w in rnd.sample(STREETS, shape.districts):
            wijk = e.entity("gebied", f"{slug}-{_slug(w)}", "Wijk", f"{w} ({name})", alt=w)
            e.rel(wijk, "ligtIn", terrain, f"de wijk {w} in {name}")
            e.q(wijk, f"<{BG}cbsCode>", _lit(f"WK{code[2:]}{len(wijken):02d}"))
            wijken.append(wijk)
        visie = e.entity("document", f"omgevingsvisie-{slug}", "Omgevingsvisie", f"Omgevingsvisie {name}")
        e.rel(visie, "bouwtVoortOp", pvisie, "De omgevingsvisie bouwt voort op de provinciale omgevingsvisie")
        e.rel(visie, "bouwtVoortOp", novi, "en op de Nationale Omgevingsvisie")
        e.rel(visie, "opgesteldDoor", gem, f"De gemeente {name} stelde de omgevingsvisie op")
        e.rel(visie, "betreftGebied", terrain, f"De omgevingsvisie gaat over heel {name}")
        e.adoption(visie, f"Omgevingsvisie {name}", raad, rnd, rnd.randint(2020, 2024))
        koers = e.entity("document", f"koers-2040-{slug}", "Koersdocument", f"Koers 2040 {name}")
        e.rel(koers, "opgesteldDoor", gem, f"In de Koers 2040 legt {name} de koers vast")
        e.rel(visie, "bouwtVoortOp", koers, "De omgevingsvisie bouwt voort op de Koers 2040")
        e.rel(koers, "verwijstNaar", strat, "De koers verwijst naar de regionale strategie")
        for k in range(shape.programmes):
            pname = PROGRAMMES[(n + k) % len(PROGRAMMES)]
            if k >= len(PROGRAMMES):
                pname += f" {k // len(PROGRAMMES) + 1}"
            pr_slug = f"{_slug(pname)}-{slug}"
            prog = e.entity("document", pr_slug, "Programma", f"{pname} {name}")
            year = rnd.randint(2019, 2025)
            e.rel(prog, "isUitwerkingVan", visie, f"Het {pname} werkt de omgevingsvisie verder uit")
            if rnd.random() < 0.5:
                e.rel(prog, "isUitwerkingVan", strat, f"Het {pname} is een uitwerking van de regionale strategie")
            if rnd.random() < 0.4 or n == k == 0:
                e.rel(prog, "geeftUitvoeringAan", hubs[1] if n == k == 0 else rnd.choice(hubs[1:]),
                      f"Het {pname} geeft uitvoering aan het Rijksbeleid")
            e.rel(prog, "opgesteldDoor", gem, f"De gemeente {name} stelde het {pname} op")
            e.rel(prog, "valtOnder", themes[(n + k) % len(themes)], "valt onder de strategische opgave")
            for t in rnd.sample(topics, 2):
                e.rel(prog, "gaatOver", t, "Het programma gaat over dit onderwerp")
            area = rnd.choice(wijken)
            e.rel(prog, "betreftGebied", area, "Het programma richt zich op de wijk")
            e.adoption(prog, f"{pname} {name}", raad, rnd, year)
            e.funding(prog, f"{pname} {name}", raad, rnd, year)
            e.milestone(prog, f"{pname} {name}", rnd, year + 1)
            for j in range(shape.plans_per_programme):
                cls, label = PLAN_KINDS[(k + j) % len(PLAN_KINDS)]
                plan = e.entity("document", f"{_slug(label)}-{j + 1}-{pr_slug}", cls,
                                f"{label} {j + 1} {pname} {name}")
                e.rel(plan, rnd.choice(("isUitwerkingVan", "maaktDeelUitVan")), prog,
                      f"Het {label.lower()} werkt het {pname} uit")
                e.rel(plan, "betreftGebied", area if rnd.random() < 0.6 else rnd.choice(wijken), "in de wijk")
                e.rel(plan, "valtOnder", themes[(n + k + j) % len(themes)], "onder de opgave")
                e.adoption(plan, f"{label} {pname}", raad, rnd, min(2026, year + j + 1))
            for j in range(shape.projects_per_programme):
                kind = PROJECT_KINDS[(n + k + j) % len(PROJECT_KINDS)]
                wijk_name = STREETS[(n + j) % len(STREETS)]
                proj = e.entity("project", f"{_slug(kind)}-{j + 1}-{pr_slug}", "Project",
                                f"{kind} {wijk_name} {name}")
                e.rel(proj, "geeftUitvoeringAan", prog, f"Het project geeft uitvoering aan het {pname}")
                e.rel(proj, "uitgevoerdDoor", gem, f"uitgevoerd door de gemeente {name}")
                e.rel(proj, "betreftGebied", rnd.choice(wijken), f"in de wijk {wijk_name}")
                e.rel(proj, "draagtBijAan", themes[(k + j) % len(themes)], "draagt bij aan de opgave")
                if rnd.random() < 0.5:
                    e.funding(proj, f"{kind} {wijk_name}", raad, rnd, min(2026, year + j))
                e.milestone(proj, f"{kind} {wijk_name}", rnd, min(2027, year + j + 1))
        yield from flush()


def main(argv: list[str] | None = None) -> int:
    """Write a national graph as N-Quads."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000, help="target number of quads (default 100000)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("-o", "--output", type=Path, help="file (default: standard output)")
    args = parser.parse_args(argv)
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    n = 0
    for line in generate(args.triples, args.seed):
        out.write(line)
        n += 1
    if args.output:
        out.close()
    print(f"{n} quads", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
