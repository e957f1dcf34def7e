"""Score the extractor against curated records: the Hengelo chapter, and held-out texts nobody wrote rules for.

No leakage: the gazetteer is built from data/ with the scored source's records removed, so the extractor sees
only the text, its lexicons and records of *other* sources. Precision and recall are computed for entities and
for statements (relations per kind, adoptions, funding, milestones), for all proposals and for those at or
above a confidence threshold.

The rules were written while looking at the Hengelo chapter, so its score is optimistic. Every folder under
``benchmarks/extraction/`` is a held-out corpus: a data folder (``sources.yaml``, the text, ``records/``) written
and curated without looking at the extractor, scored with the same script and rules left as they were. The
tables and the note (``benchmarks/extraction_note.md``) go into docs/benchmarks.md (section ``extraction``).

    python benchmarks/extraction_eval.py            # print and write the section
    python benchmarks/extraction_eval.py --no-write # print only
"""

from __future__ import annotations

import argparse
import difflib
import functools
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from beleidsgraaf.errors import RecordError  # noqa: E402
from beleidsgraaf.graph.extract.entities import Gazetteer  # noqa: E402
from beleidsgraaf.graph.extract.extractor import extract, review_data  # noqa: E402
from beleidsgraaf.graph.extract.reading import read_source  # noqa: E402
from beleidsgraaf.graph.records import Record, load_project  # noqa: E402
from beleidsgraaf.graph.textnorm import fold  # noqa: E402
from beleidsgraaf.graph.validate import check_project  # noqa: E402
from beleidsgraaf.settings import Settings  # noqa: E402
from benchmarks.report import table, write_section  # noqa: E402

SOURCE_ID = "hengelo-jaarstukken-2024-h5-1"
HELDOUT = ROOT / "benchmarks" / "extraction"
NOTE = ROOT / "benchmarks" / "extraction_note.md"
THRESHOLDS = (0.0, 0.6, 0.75)
EVENT_KINDS = ("vaststelling", "financiering", "mijlpaal")


@dataclass(frozen=True)
class Corpus:
    """One curated text to score: the data folder holding it and its source id.

    ``gazetteer`` is the data folder the extractor knows records from (the project's ``data/``); the scored
    source's own records are always left out of it.
    """

    name: str
    data_dir: Path
    source_id: str
    gazetteer: Path
    #: ``toets`` (scored with the rules frozen) or ``ontwikkeling`` (looked at while changing the rules)
    role: str = "toets"


ROLES = {"toets": "toets / test (rules frozen)", "ontwikkeling": "ontwikkeling / development"}


def heldout_corpora(folder: Path = HELDOUT, gazetteer: Path = ROOT / "data") -> list[Corpus]:
    """Every held-out corpus under ``folder``: one per sub-folder with a ``sources.yaml`` (each of its sources).

    ``rollen.yaml`` in ``folder`` maps a corpus folder to its role (``toets`` when not listed).

    Raises:
        RecordError: ``rollen.yaml`` names an unknown role.
    """
    roles_file = folder / "rollen.yaml"
    roles = (yaml.safe_load(roles_file.read_text(encoding="utf-8")) or {}) if roles_file.is_file() else {}
    out = []
    for sub in sorted(p for p in folder.iterdir() if (p / "sources.yaml").is_file()) if folder.is_dir() else []:
        role = str(roles.get(sub.name, "toets"))
        if role not in ROLES:
            raise RecordError(f"{roles_file}: {sub.name}: role {role!r} is not one of {', '.join(ROLES)}")
        out += [Corpus(src.id, sub, src.id, gazetteer, role) for src in load_project(sub).sources]
    return out


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


@functools.lru_cache(maxsize=4)
def _gazetteer(folder: Path, leave_out: str | None) -> Gazetteer:
    """The gazetteer of ``folder`` without the records of source ``leave_out`` (built once per pair)."""
    return Gazetteer.build(folder, exclude_sources=[leave_out] if leave_out else [])


def propose(corpus: Corpus) -> tuple[dict[str, Any], list[Record], dict[str, Record]]:
    """Run the extractor on the corpus text: (its review data, the curated records of that text, every record).

    Raises:
        RecordError: the corpus folder does not hold valid records (the first problem, with file and line: a
            quote not in the text, an unknown target, ...), or it has no source ``source_id``.
    """
    checked = check_project(corpus.data_dir, Settings().base_iri, shacl=False)
    if not checked.ok:
        raise checked.problems[0]
    project = checked.project
    src = next((s for s in project.sources if s.id == corpus.source_id), None)
    if src is None:
        raise RecordError(f"{corpus.data_dir / 'sources.yaml'}: no source {corpus.source_id!r}")
    gold = [r for r in project.records if r.source == corpus.source_id]
    # a held-out corpus lies outside the gazetteer's folder: nothing of it to leave out, one gazetteer for all
    gazetteer = _gazetteer(corpus.gazetteer, corpus.source_id if corpus.data_dir == corpus.gazetteer else None)
    ex = extract(read_source(src.file), gazetteer, title=src.title)
    return review_data(ex, source_id="eval", title=src.title, text_file="eval.txt"), gold, project.by_id()


def evaluate(corpus: Corpus, threshold: float, proposed: tuple[dict[str, Any], list[Record], dict[str, Record]]
             | None = None) -> dict[str, Any]:
    """Score the extractor's proposals on ``corpus`` at ``threshold``; returns the numbers."""
    data, gold, everything = proposed or propose(corpus)
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
    explicit = explicit_statements(gold, everything)
    found_explicit = sum(1 for g in gs if g in explicit and any(statement_match(p, g, ids) for p in ps))
    return {"entities": (ent_tp_p, len(props), ent_tp_g, len(gold)), "kinds": dict(per_kind), "totals": totals,
            "explicit": (found_explicit, len([g for g in gs if g in explicit])), "threshold": threshold,
            "corpus": corpus.name, "role": corpus.role}


def _score_rows(res: dict[str, Any], label: str) -> list[list[object]]:
    """Entity, statement and explicit-subset rows of one result."""
    t, e, tot = res["threshold"], res["entities"], res["totals"]
    found, n_explicit = res["explicit"]
    return [[label, f"≥ {t:.2f}", "entiteiten / entities", e[1], e[3], *pr(*e)],
            [label, f"≥ {t:.2f}", "beweringen / statements (all)", tot[1], tot[3], *pr(*tot)],
            [label, f"≥ {t:.2f}", "beweringen, alleen tekstueel expliciet / statements, textually explicit "
             "subset only (recall)", "", n_explicit, "", pr(0, 0, found, n_explicit)[1]]]


HEADERS = ["zekerheid / confidence", "wat / what", "voorgesteld / proposed", "gecureerd / curated",
           "precisie / precision", "recall"]


def pooled(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The results of several corpora at one threshold added up (counts, not averages of percentages)."""
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for res in results:
        for kind, row in res["kinds"].items():
            kinds[kind] = [a + b for a, b in zip(kinds[kind], row, strict=True)]

    def add(key: str, n: int) -> tuple[int, ...]:
        return tuple(sum(r[key][i] for r in results) for i in range(n))

    return {"entities": add("entities", 4), "totals": list(add("totals", 4)), "explicit": add("explicit", 2),
            "kinds": dict(kinds), "threshold": results[0]["threshold"], "corpus": "samen / pooled"}


def _per_kind(res: dict[str, Any]) -> str:
    rows = [[kind, r[1], r[3], *pr(*r)] for kind, r in sorted(res["kinds"].items())]
    return table(["soort / kind", "voorgesteld / proposed", "gecureerd / curated", "precisie / precision",
                  "recall"], rows)


def render(results: list[dict[str, Any]], heldout: list[list[dict[str, Any]]] | None = None) -> str:
    """The Markdown body: the Hengelo tables, then the held-out corpora (one result list per threshold)."""
    head = table(HEADERS, [row[1:] for res in results for row in _score_rows(res, "")])
    base = results[0]
    body = (f"Extractor (`beleidsgraaf extract`) on the Hengelo chapter, scored against the curated records of "
            f"`data/hengelo/` with those records removed from its gazetteer (no leakage). An entity counts as "
            f"found when a proposal has the curated id, TOOI code or one of its names; a statement when subject, "
            f"kind and object (events: subject and kind; funding and milestones also the amount or date) match. "
            f"The *textually explicit* rows (an extra view, not a replacement of the full rows) count only the "
            f"curated statements whose own quote names both ends (for events: the subject); the other curated "
            f"statements were inferred by the curator from the wider context (section, paragraph, 'we')."
            f"\n\n{head}\n\nPer kind (all proposals, confidence ≥ {base['threshold']:.2f}):\n\n{_per_kind(base)}\n")
    if heldout and heldout[0]:
        rows = []
        for at_threshold in heldout:
            for role in ROLES:
                group = [r for r in at_threshold if r["role"] == role]
                for res in [*group, *([{**pooled(group), "corpus": f"samen / pooled: {role}"}] if group else [])]:
                    rows += _score_rows(res, f"{res['corpus']} ({ROLES[role]})" if res in group else res["corpus"])
        body += ("\n### Niet eerder gezien / held-out texts\n\nThe same script, rules and thresholds on texts in "
                 "`benchmarks/extraction/` that were written and curated without looking at the extractor, and "
                 "that nobody looked at while writing its rules before their first score; the extractor knows the "
                 "records of `data/` (as when it is used), never those of the text it is scored on. "
                 "*Toets / test* texts were scored with the rules frozen; *ontwikkeling / development* texts were "
                 "looked at after their first score to fix rules that failed on them, so their numbers are "
                 "optimistic too (`benchmarks/extraction/rollen.yaml`).\n\n"
                 + table(["tekst / text", *HEADERS], rows))
        for role in ROLES:
            group = [r for r in heldout[0] if r["role"] == role]
            if group:
                body += (f"\n\nPer kind, {ROLES[role]} texts together (confidence ≥ {group[0]['threshold']:.2f}):"
                         f"\n\n{_per_kind(pooled(group))}")
        body += "\n"
    return body


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation, print the tables and (unless --no-write) write them into docs/benchmarks.md.

    Raises:
        RecordError: a corpus folder does not hold valid records.
    """
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the project's data folder")
    parser.add_argument("--heldout", type=Path, default=HELDOUT,
                        help="folder of held-out corpora (default: benchmarks/extraction)")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--note", type=Path, default=NOTE,
                        help="Markdown file added under the tables (what is met, what not, why)")
    args = parser.parse_args(argv)
    hengelo = Corpus("hengelo", args.data, SOURCE_ID, args.data)
    corpora = heldout_corpora(args.heldout, args.data)
    print(f"extracting: {hengelo.name} and {len(corpora)} held-out text(s)", file=sys.stderr)
    proposals = {}
    for n, c in enumerate([hengelo, *corpora], start=1):
        print(f"  [{n}/{len(corpora) + 1}] {c.name}", file=sys.stderr)
        proposals[c.name] = propose(c)
    results = [evaluate(hengelo, t, proposals[hengelo.name]) for t in THRESHOLDS]
    heldout = [[evaluate(c, t, proposals[c.name]) for c in corpora] for t in THRESHOLDS[:2]]
    body = render(results, heldout)
    if args.note.is_file():
        body += "\n" + args.note.read_text(encoding="utf-8").strip() + "\n"
    print(body)
    if not args.no_write:
        write_section("extraction", "Extractie / extraction: Hengelo 5.1 en niet eerder geziene teksten", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
