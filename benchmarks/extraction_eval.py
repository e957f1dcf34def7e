"""Score the extractor on the Hengelo chapter against the curated records in data/hengelo/.

No leakage: the gazetteer is built with the Hengelo source's records removed, so the extractor sees only the
text, its lexicons and records of *other* sources. Precision and recall are computed for entities and for
statements (relations per kind, adoptions, funding, milestones), for all proposals and for those at or above a
confidence threshold. The table goes into docs/benchmarks.md (section ``extraction``).

    python benchmarks/extraction_eval.py            # print and write the section
    python benchmarks/extraction_eval.py --no-write # print only
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from beleidsgraaf.graph.extract.entities import Gazetteer  # noqa: E402
from beleidsgraaf.graph.extract.extractor import extract, review_data  # noqa: E402
from beleidsgraaf.graph.extract.reading import read_source  # noqa: E402
from beleidsgraaf.graph.records import Record, load_project  # noqa: E402
from beleidsgraaf.graph.textnorm import fold  # noqa: E402
from benchmarks.report import table, write_section  # noqa: E402

SOURCE_ID = "hengelo-jaarstukken-2024-h5-1"
TITLE = "Jaarstukken 2024 gemeente Hengelo, hoofdstuk 5.1 Hengelo in verbinding"
EVENT_KINDS = ("vaststelling", "financiering", "mijlpaal")


def _names(naam: str, ook: list[str]) -> set[str]:
    return {fold(n) for n in [naam, *ook] if n}


def entity_matches(props: list[dict[str, Any]], gold: list[Record]) -> dict[str, set[str]]:
    """For every proposed record id, the curated ids it denotes (same id, TOOI code or a shared name)."""
    out: dict[str, set[str]] = {}
    for p in props:
        pn = _names(str(p["naam"]), [str(a) for a in p.get("ook", [])])
        hits = set()
        for g in gold:
            gn = _names(g.name, g.alt)
            if p["id"] == g.id or (p.get("tooi") and p.get("tooi") == g.tooi) or pn & gn or \
                    difflib.SequenceMatcher(None, fold(str(p["naam"])), fold(g.name)).ratio() >= 0.9:
                hits.add(g.id)
        out[str(p["id"])] = hits
    return out


def gold_statements(gold: list[Record]) -> list[tuple[str, str, str]]:
    """(subject, kind, value) of every curated statement: relations by target, events by their key value."""
    out = []
    for r in gold:
        out += [(r.id, rel.property, rel.target) for rel in r.relations]
        out += [(r.id, "vaststelling", a.by or a.date or "") for a in r.adoptions]
        out += [(r.id, "financiering", f.amount) for f in r.fundings]
        out += [(r.id, "mijlpaal", m.date) for m in r.milestones]
    return out


def _named_in(rec: Record, quote: str) -> bool:
    """Whether the quote names the record (its name or a variant, compared folded)."""
    q = fold(quote)
    return any(fold(n) in q for n in [rec.name, *rec.alt] if n)


def explicit_statements(gold: list[Record], everything: dict[str, Record]) -> set[tuple[str, str, str]]:
    """The curated statements whose own quote names both ends (events: the subject): those a reader of the
    quoted sentence alone could state. The others were inferred by the curator from the wider context."""
    out = set()
    for r in gold:
        for rel in r.relations:
            target = everything.get(rel.target)
            if target is not None and _named_in(r, rel.quote) and _named_in(target, rel.quote):
                out.add((r.id, rel.property, rel.target))
        named = [a for a in r.adoptions if _named_in(r, a.quote)]
        out |= {(r.id, "vaststelling", a.by or a.date or "") for a in named}
        out |= {(r.id, "financiering", f.amount) for f in r.fundings if _named_in(r, f.quote)}
        out |= {(r.id, "mijlpaal", m.date) for m in r.milestones if _named_in(r, m.quote)}
    return out


def proposed_statements(props: list[dict[str, Any]], threshold: float) -> list[tuple[str, str, str]]:
    """(subject, kind, value) of every proposed statement at or above ``threshold``."""
    out = []
    for p in props:
        for item in p.get("relaties", []):
            if item["voorstel"]["zekerheid"] >= threshold:
                out.append((p["id"], item["relatie"], item["doel"]))
        for key, kind, field in (("vaststellingen", "vaststelling", "door"), ("financieringen", "financiering",
                                                                               "bedrag"), ("mijlpalen", "mijlpaal",
                                                                                           "datum")):
            for item in p.get(key, []):
                if item["voorstel"]["zekerheid"] >= threshold:
                    value = item.get(field) or item.get("datum") or ""
                    out.append((p["id"], kind, str(value)))
    return out


def statement_match(p: tuple[str, str, str], g: tuple[str, str, str], ids: dict[str, set[str]]) -> bool:
    """Whether a proposed statement denotes a curated one."""
    if p[1] != g[1] or g[0] not in ids.get(p[0], set()):
        return False
    if p[1] in EVENT_KINDS:
        return p[1] == "vaststelling" or p[2] == g[2]
    return g[2] in ids.get(p[2], set()) or p[2] == g[2]


def pr(tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[str, str]:
    """Precision and recall as percentages (or '–' when undefined)."""
    prec = f"{100 * tp_p / n_p:.0f} %" if n_p else "–"
    rec = f"{100 * tp_g / n_g:.0f} %" if n_g else "–"
    return prec, rec


def evaluate(data_dir: Path, threshold: float) -> dict[str, Any]:
    """Run the extractor on the Hengelo text and score it; returns the numbers."""
    project = load_project(data_dir)
    src = next(s for s in project.sources if s.id == SOURCE_ID)
    gold = [r for r in project.records if r.source == SOURCE_ID]
    gazetteer = Gazetteer.build(data_dir, exclude_sources=[SOURCE_ID])
    ex = extract(read_source(src.file), gazetteer, title=TITLE)
    data = review_data(ex, source_id="eval", title=TITLE, text_file="eval.txt")
    props = [r for r in data["records"] if r["voorstel"]["zekerheid"] >= threshold]
    ids = entity_matches(data["records"], gold)
    ent_tp_p = sum(1 for p in props if ids[str(p["id"])])
    matched_gold = set().union(*(ids[str(p["id"])] for p in props)) if props else set()
    ent_tp_g = sum(1 for g in gold if g.id in matched_gold)
    gs = gold_statements(gold)
    ps = proposed_statements(data["records"], threshold)
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for p in ps:
        row = per_kind[p[1]]
        row[1] += 1
        if any(statement_match(p, g, ids) for g in gs):
            row[0] += 1
    for g in gs:
        row = per_kind[g[1]]
        row[3] += 1
        if any(statement_match(p, g, ids) for p in ps):
            row[2] += 1
    totals = [sum(r[i] for r in per_kind.values()) for i in range(4)]
    explicit = explicit_statements(gold, project.by_id())
    found_explicit = sum(1 for g in gs if g in explicit and any(statement_match(p, g, ids) for p in ps))
    return {"entities": (ent_tp_p, len(props), ent_tp_g, len(gold)), "kinds": dict(per_kind), "totals": totals,
            "explicit": (found_explicit, len([g for g in gs if g in explicit])), "threshold": threshold}


def render(results: list[dict[str, Any]]) -> str:
    """The Markdown body of the benchmark section."""
    rows = []
    for res in results:
        t = res["threshold"]
        e = res["entities"]
        rows.append([f"≥ {t:.2f}", "entiteiten / entities", e[1], e[3], *pr(*e)])
        tot = res["totals"]
        rows.append([f"≥ {t:.2f}", "beweringen / statements (all)", tot[1], tot[3], *pr(*tot)])
        found, n_explicit = res["explicit"]
        rows.append([f"≥ {t:.2f}", "beweringen, alleen tekstueel expliciet / statements, textually explicit "
                     "subset only (recall)", "", n_explicit, "", pr(0, 0, found, n_explicit)[1]])
    head = table(["zekerheid / confidence", "wat / what", "voorgesteld / proposed", "gecureerd / curated",
                  "precisie / precision", "recall"], rows)
    kinds = []
    base = results[0]
    for kind, r in sorted(base["kinds"].items()):
        kinds.append([kind, r[1], r[3], *pr(*r)])
    per_kind = table(["soort / kind", "voorgesteld / proposed", "gecureerd / curated", "precisie / precision",
                      "recall"], kinds)
    return (f"Extractor (`beleidsgraaf extract`) on the Hengelo chapter, scored against the curated records of "
            f"`data/hengelo/` with those records removed from its gazetteer (no leakage). An entity counts as "
            f"found when a proposal has the curated id, TOOI code or one of its names; a statement when subject, "
            f"kind and object (events: subject and kind; funding and milestones also the amount or date) match. "
            f"The *textually explicit* rows (an extra view, not a replacement of the full rows) count only the "
            f"curated statements whose own quote names both ends (for events: the subject); the other curated "
            f"statements were inferred by the curator from the wider context (section, paragraph, 'we')."
            f"\n\n{head}\n\nPer kind (all proposals, confidence ≥ {base['threshold']:.2f}):\n\n{per_kind}\n")


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation, print the table and (unless --no-write) write it into docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--note", default="", help="text added under the table (what is met, what not, why)")
    args = parser.parse_args(argv)
    results = [evaluate(args.data, t) for t in (0.0, 0.6, 0.75)]
    body = render(results)
    if args.note:
        body += "\n" + args.note.strip() + "\n"
    print(body)
    if not args.no_write:
        write_section("extraction", "Extractie / extraction: Hengelo 5.1", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
