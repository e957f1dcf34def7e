"""CLI commands of the extractor: ``extract`` (text or PDF → review file) and ``review`` (decide and write)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from beleidsgraaf.graph.commands import add_common, settings_from


def cmd_extract(args: argparse.Namespace) -> int:
    """Read a text or PDF and write a review file with proposals."""
    from beleidsgraaf.graph.extract.entities import Gazetteer
    from beleidsgraaf.graph.extract.extractor import extract, write_review
    from beleidsgraaf.graph.extract.reading import read_source
    from beleidsgraaf.graph.textnorm import slugify

    s = settings_from(args)
    path = Path(args.file)
    source = read_source(path)
    title = args.source_title or path.stem.replace("_", " ").replace("-", " ")
    source_id = args.source_id or slugify(title)
    gazetteer = Gazetteer.build(None if args.no_gazetteer else s.data_dir, exclude_sources=args.exclude_source or ())
    ex = extract(source, gazetteer, title=title, municipality=args.gemeente, section=args.section)
    out = Path(args.output) if args.output else Path(f"{source_id}.voorstel.yaml")
    data = write_review(ex, out, source_id=source_id, title=title, document_id=args.document,
                        document_type=args.document_type, records_folder=args.records)
    records = data["records"]
    statements = sum(len(r.get(k, [])) for r in records for k in ("relaties", "vaststellingen", "financieringen",
                                                                   "mijlpalen"))
    known = sum(1 for r in records if r.get("bekend"))
    pages = f", {len(source.page_starts)} pagina's / pages" if source.is_pdf else ""
    print(f"gelezen / read: {path} ({len(source.text)} tekens / characters{pages})")
    print(f"voorstellen / proposals: {len(records) - known} nieuwe entiteiten / new entities, {known} bekende / "
          f"known, {statements} beweringen / statements")
    print(f"geschreven / written: {out} (+ {out.with_suffix('.txt').name})")
    print(f"volgende stap / next: beleidsgraaf review {out}")
    return 0


def _ask(prompt: str, stream: TextIO, echo: bool) -> str | None:
    if echo:
        print(prompt, end="", flush=True)
    line = stream.readline()
    if not line:
        return None
    return line.rstrip("\n")


def cmd_review(args: argparse.Namespace) -> int:
    """Decide on every proposal (terminal or scripted) and write the accepted ones as validated records."""
    from beleidsgraaf.errors import BeleidsgraafError, ValidationFailed
    from beleidsgraaf.graph.extract.review import ReviewFile, apply_decision, pending, write_accepted

    s = settings_from(args)
    review = ReviewFile.load(Path(args.reviewfile))
    todo = list(pending(review))
    interactive = sys.stdin.isatty() and not args.decisions
    stream: TextIO = open(args.decisions, encoding="utf-8") if args.decisions else sys.stdin  # noqa: SIM115
    text = review.text() if todo and not (args.accept_all or args.min_zekerheid is not None) else ""
    try:
        for p in todo:
            if args.accept_all:
                p.status = "geaccepteerd"
                continue
            if args.min_zekerheid is not None:
                p.status = "geaccepteerd" if p.confidence >= args.min_zekerheid else "afgewezen"
                continue
            _show(p, text, interactive)
            while True:
                line = _ask("[a]ccepteren/accept  [e]dit  [r] afwijzen/reject  [s]kip  [q]uit > ", stream, interactive)
                if line is None:
                    break
                if interactive and line.strip().lower() == "e":
                    edits = []
                    while True:
                        more = _ask("  veld=waarde / field=value (leeg/empty = klaar/done): ", stream, True)
                        if not more:
                            break
                        edits.append(more)
                    line = "e " + "; ".join(edits)
                try:
                    action = apply_decision(p, line)
                except BeleidsgraafError as exc:
                    print(f"  fout / error: {exc}", file=sys.stderr)
                    if not interactive:
                        return 1
                    continue
                break
            if line is None or action == "q":
                break
    finally:
        if args.decisions:
            stream.close()
        review.save()
    counts = review.counts()
    print(f"beoordeeld / reviewed: {counts['geaccepteerd']} geaccepteerd / accepted, {counts['afgewezen']} "
          f"afgewezen / rejected, {counts['voorgesteld']} open")
    if args.no_write:
        return 0
    try:
        result = write_accepted(review, s.data_dir, s.base_iri, shacl=not args.no_shacl,
                                progress=lambda m: print(m, file=sys.stderr))
    except ValidationFailed as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} probleem/problemen; er is niets geschreven, pas het beoordelingsbestand aan / "
              f"problem(s); nothing was written, edit the review file and run review again", file=sys.stderr)
        return 1
    for note in result.skipped:
        print(f"  overgeslagen / skipped: {note}", file=sys.stderr)
    print(f"geschreven / written: {result.records} records, {result.statements} beweringen / statements "
          f"(gevalideerd / validated)")
    if result.additions:
        print(f"  waarvan over {result.additions} bekende entiteit(en), als aanvullingen / of which about "
              f"{result.additions} known entit(y/ies), as additions (aanvullingen)")
    for f in result.files:
        print(f"  {f}")
    print("volgende stap / next: beleidsgraaf build")
    return 0


def _show(p: Any, text: str, interactive: bool) -> None:
    meta = p.meta
    pos = meta.get("positie") or [0, 0]
    page = f", pagina / page {meta['pagina']}" if meta.get("pagina") else ""
    print(f"\n[{p.index + 1}] {p.describe()}")
    print(f"    zekerheid / confidence {p.confidence:.2f}{page}, positie / position {pos[0]}-{pos[1]}"
          f" ({meta.get('regel', '')})")
    quote = str(p.item.get("citaat", ""))
    if text and isinstance(pos, list) and len(pos) == 2:
        before = " ".join(text[max(0, int(pos[0]) - 60):int(pos[0])].split())
        after = " ".join(text[int(pos[1]):int(pos[1]) + 60].split())
        print(f"    …{before} »{quote}« {after}…")
    else:
        print(f"    »{quote}«")
    if not interactive:
        sys.stdout.flush()


def register(sub: Any, formatter: type[argparse.HelpFormatter]) -> None:
    """Register ``extract`` and ``review``."""
    p = sub.add_parser(
        "extract", formatter_class=formatter,
        help="stel records voor uit een tekst of PDF / propose records from a text or PDF",
        description="Lees een beleidstekst (platte tekst of PDF) en schrijf voorstellen (entiteiten, relaties, "
                    "vaststellingen, financieringen, mijlpalen, elk met citaat, positie en zekerheid) naar een "
                    "beoordelingsbestand. Niets komt in de graaf zonder beoordeling.\n"
                    "Read a policy text (plain text or PDF) and write proposals, each with its verbatim quote, "
                    "position and confidence, to a review file. Nothing enters the graph unreviewed.\n\n"
                    "Voorbeeld / example:\n  beleidsgraaf extract begroting-2025.pdf --source-title "
                    "\"Begroting 2025 gemeente Hengelo\" -o begroting.voorstel.yaml",
    )
    add_common(p, data=True)
    p.add_argument("file", metavar="FILE", help="tekst (.txt, UTF-8) of PDF / text or PDF file")
    p.add_argument("--source-title", help="titel van het brondocument / title of the source document")
    p.add_argument("--source-id", help="id van de nieuwe bron / id of the new source (default: from the title)")
    p.add_argument("--section", help="alleen de tekst onder deze kop / only the text under this heading")
    p.add_argument("--document", help="id van het record van het brondocument / record id of the source document")
    p.add_argument("--document-type", help="klasse van het brondocument / class of the source document")
    p.add_argument("--records", help="map voor de records / records folder (default: the source id)")
    p.add_argument("--gemeente", help="de gemeente waar de tekst over gaat / the text's own municipality")
    p.add_argument("--exclude-source", action="append",
                   help="negeer de records van deze bron in het gazetteer / ignore this source's records")
    p.add_argument("--no-gazetteer", action="store_true", help="geen bestaande records gebruiken / no known records")
    p.add_argument("-o", "--output", help="beoordelingsbestand / review file (default: <source id>.voorstel.yaml)")
    p.set_defaults(handler=cmd_extract)

    p = sub.add_parser(
        "review", formatter_class=formatter,
        help="beoordeel voorstellen en schrijf records / review proposals and write records",
        description="Accepteer, bewerk of wijs elk voorstel af (interactief, of per regel van standaardinvoer of "
                    "--decisions: a, r, s, q of 'e veld=waarde; veld=waarde'), en schrijf de geaccepteerde als "
                    "gewone records (gevalideerd voordat er iets geschreven wordt).\n"
                    "Accept, edit or reject each proposal (interactively, or one decision per line on standard "
                    "input or in --decisions), then write the accepted ones as normal records, validated before "
                    "anything is written.\n\n"
                    "Voorbeeld / example:\n  beleidsgraaf review begroting.voorstel.yaml\n"
                    "  printf 'a\\nr\\ne type=Programma\\n' | beleidsgraaf review begroting.voorstel.yaml",
    )
    add_common(p, data=True)
    p.add_argument("reviewfile", metavar="REVIEWFILE", help="beoordelingsbestand / review file")
    p.add_argument("--decisions", help="bestand met één beslissing per regel / file with one decision per line")
    p.add_argument("--accept-all", action="store_true", help="alles accepteren / accept every open proposal")
    p.add_argument("--min-zekerheid", type=float,
                   help="accepteer vanaf deze zekerheid, wijs de rest af / accept at or above, reject below")
    p.add_argument("--no-write", action="store_true", help="alleen beslissingen opslaan / only save the decisions")
    p.add_argument("--no-shacl", action="store_true", help="sla SHACL over bij valideren / skip SHACL")
    p.set_defaults(handler=cmd_review)
