"""CLI commands of the graph package: build, validate, export, query, load, docs."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

from beleidsgraaf.settings import Settings, get_settings


def add_common(parser: argparse.ArgumentParser, *, data: bool = False, store: bool = False) -> None:
    """Add the flags that override settings shared by several commands."""
    if data:
        parser.add_argument("--data", type=Path, help="map met sources.yaml / data folder (BELEIDSGRAAF_DATA_DIR)")
    if store:
        parser.add_argument("--store", type=Path, help="map van de store / store folder (BELEIDSGRAAF_STORE_PATH)")
    parser.add_argument("--base-iri", help="basis-IRI / base IRI of minted IRIs (BELEIDSGRAAF_BASE_IRI)")


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings, with the CLI flags that were given taking precedence."""
    overrides: dict[str, Any] = {}
    for flag, key in (("data", "data_dir"), ("store", "store_path"), ("base_iri", "base_iri")):
        value = getattr(args, flag, None)
        if value is not None:
            overrides[key] = value
    base = get_settings()
    return base.model_copy(update=overrides) if overrides else base


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    """Compile the records into the embedded store."""
    from beleidsgraaf.errors import ValidationFailed
    from beleidsgraaf.graph.backends import build_backend

    s = settings_from(args)
    try:
        result, info = build_backend(s, progress=_progress)  # embedded, or remote when REMOTE_QUERY_URL is set
    except ValidationFailed as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} probleem/problemen; de bestaande store is ongewijzigd / "
              f"{len(exc.problems)} problem(s); the existing store is unchanged", file=sys.stderr)
        return 1
    counts: dict[str, int] = {}
    for rec in result.project.records:
        counts[rec.type] = counts.get(rec.type, 0) + 1
    relations = sum(len(r.relations) for r in result.project.records)
    events = sum(len(r.adoptions) + len(r.fundings) + len(r.milestones) for r in result.project.records)
    print(f"geladen / loaded: {len(result.project.records)} entiteiten / entities, {relations} relaties / "
          f"relations, {events} gebeurtenissen / events, {info.quads} quads in {len(info.graphs)} grafen / graphs")
    for graph in info.graphs:
        print(f"  graaf / graph {graph}")
    for rtype, n in sorted(counts.items()):
        print(f"  {rtype:<24} {n:>5}")
    print(f"store: {s.remote_query_url or s.store_path} (build {info.build_id})")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Run every check and report every problem with file and line."""
    from beleidsgraaf.graph.validate import check_project

    s = settings_from(args)
    _progress(f"valideren / validating {s.data_dir}")
    result = check_project(s.data_dir, s.base_iri, shacl=not args.no_shacl)
    for problem in result.problems:
        print(problem)
    records = len(result.project.records)
    if result.ok:
        print(f"in orde / ok: {records} records in {len(result.project.record_files)} bestanden / files, "
              f"{len(result.compiled.quads)} quads")
        return 0
    print(f"{len(result.problems)} probleem/problemen / problem(s) in {records} records", file=sys.stderr)
    return 1


def cmd_export(args: argparse.Namespace) -> int:
    """Write the whole graph in one RDF format."""
    from beleidsgraaf.graph.backends import open_backend
    from beleidsgraaf.graph.pipeline import export

    s = settings_from(args)
    store = open_backend(s, read_only=True)
    data = export(store, args.format)  # type: ignore[arg-type]  # a remote store dumps N-Quads too
    if args.output:
        Path(args.output).write_bytes(data)
        _progress(f"geschreven / written: {args.output} ({len(data)} bytes)")
    else:
        sys.stdout.buffer.write(data)
    return 0


def _term_text(term: object) -> str:
    value = getattr(term, "value", None)
    return str(value) if value is not None else ("" if term is None else str(term))


def cmd_query(args: argparse.Namespace) -> int:
    """Run a SPARQL query on the store and print the result."""
    import pyoxigraph as ox

    from beleidsgraaf.graph.backends import open_backend
    from beleidsgraaf.ontology import PREFIXES

    s = settings_from(args)
    text = Path(args.file).read_text(encoding="utf-8") if args.file else args.sparql
    if not text:
        print("geef een query of --file / give a query or --file", file=sys.stderr)
        return 2
    store = open_backend(s, read_only=True)
    result = store.query(text, prefixes=PREFIXES if args.prefixes else None)
    out = sys.stdout
    if isinstance(result, ox.QueryBoolean):
        value = bool(result)
        out.write(json.dumps({"boolean": value}) + "\n" if args.format == "json" else f"{str(value).lower()}\n")
        return 0
    if isinstance(result, ox.QueryTriples):
        for triple in result:
            out.write(f"{triple.subject} {triple.predicate} {triple.object} .\n")
        return 0
    variables = [v.value for v in result.variables]
    rows = [[_term_text(sol[v]) for v in variables] for sol in result]
    if args.format == "json":
        out.write(json.dumps([dict(zip(variables, r, strict=True)) for r in rows], ensure_ascii=False, indent=2)
                  + "\n")
    elif args.format == "csv":
        writer = csv.writer(out)
        writer.writerow(variables)
        writer.writerows(rows)
    else:
        widths = [min(60, max([len(v), *(len(r[i]) for r in rows)])) for i, v in enumerate(variables)]
        out.write(" | ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)) + "\n")
        out.write("-+-".join("-" * w for w in widths) + "\n")
        for r in rows:
            cells = [(c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(r, widths, strict=True)]
            out.write(" | ".join(cells) + "\n")
        out.write(f"({len(rows)} rij(en) / row(s))\n")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    """Replace the embedded store with the contents of an N-Quads file (bulk load on every core)."""
    from beleidsgraaf.errors import StoreError
    from beleidsgraaf.graph.store import build_store

    s = settings_from(args)
    source = Path(args.file)
    if not source.is_file():
        print(f"{source}: bestand bestaat niet / no such file", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        info = build_store(s.store_path, source, build_id=f"load:{source.name}", graphs=None, progress=_progress,
                           threads=args.threads)
    except StoreError as exc:
        print(f"{exc} — de bestaande store is ongewijzigd / the existing store is unchanged", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(f"geladen / loaded: {info.quads:,} quads in {len(info.graphs)} grafen / graphs in {seconds:.1f} s "
          f"({info.quads / max(seconds, 1e-9):,.0f} quads/s) → {s.store_path}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """Render the ontology as HTML documentation."""
    from beleidsgraaf.ontology import ontology_graph, shapes_graph
    from beleidsgraaf.ontology.docs import render_html

    html = render_html(ontology_graph(), shapes_graph())
    Path(args.output).write_text(html, encoding="utf-8")
    _progress(f"geschreven / written: {args.output}")
    return 0


def register(sub: Any, formatter: type[argparse.HelpFormatter]) -> None:
    """Register the graph commands on the ``beleidsgraaf`` parser."""
    p = sub.add_parser(
        "build", formatter_class=formatter,
        help="records → store (valideert eerst / validates first)",
        description="Bouw de kennisgraaf uit de records en laad hem in de store; bij fouten blijft de oude store "
                    "ongewijzigd.\nCompile the records into the embedded on-disk store, one named graph per "
                    "source; on any problem the existing store is left as it was.\n\n"
                    "Voorbeeld / example:\n  beleidsgraaf build --store var/store",
    )
    add_common(p, data=True, store=True)
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser(
        "validate", formatter_class=formatter, help="controleer de records / check the records",
        description="Controleer SHACL, verwijzingen, citaten, datums en kringen; meldt elk probleem met bestand "
                    "en regel.\nRun SHACL, referential integrity, the quote check, date checks and cycle "
                    "detection; report every problem with file and line; exit 1 on any.\n\n"
                    "Voorbeeld / example:\n  beleidsgraaf validate --data data",
    )
    add_common(p, data=True)
    p.add_argument("--no-shacl", action="store_true", help="sla SHACL over / skip SHACL (faster)")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser(
        "export", formatter_class=formatter, help="schrijf de hele graaf / write the whole graph",
        description="Schrijf de hele graaf inclusief herkomst.\nWrite the whole graph, provenance included; the "
                    "same sources always give byte-identical output.\n\n"
                    "Voorbeeld / example:\n  beleidsgraaf export --format nquads -o hengelo.nq",
    )
    add_common(p, store=True)
    p.add_argument("--format", default="turtle", choices=["turtle", "ntriples", "nquads", "trig", "jsonld"])
    p.add_argument("-o", "--output", help="bestand / file (default: standard output)")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser(
        "query", formatter_class=formatter, help="SPARQL-query op de store / SPARQL query on the store",
        description="Voer een SPARQL-query uit op de store.\nRun a SPARQL query on the store and print the "
                    "result as a table, JSON or CSV. Prefixes bg:, skos:, dcterms:, ... are predeclared.\n\n"
                    "Voorbeeld / example:\n  beleidsgraaf query 'SELECT ?d WHERE { ?d a bg:Omgevingsvisie }'",
    )
    add_common(p, store=True)
    p.add_argument("sparql", nargs="?", help="de query / the query text")
    p.add_argument("--file", help="lees de query uit een bestand / read the query from a file")
    p.add_argument("--format", default="table", choices=["table", "json", "csv"])
    p.add_argument("--no-prefixes", dest="prefixes", action="store_false",
                   help="geen voorgedefinieerde prefixen / do not predeclare prefixes")
    p.set_defaults(handler=cmd_query)

    p = sub.add_parser(
        "load", formatter_class=formatter, help="N-Quads-bestand → store / N-Quads file → store",
        description="Vervang de store door de inhoud van een N-Quads-bestand (bijvoorbeeld de landelijke graaf), "
                    "geladen op alle kernen; bij een fout blijft de oude store ongewijzigd.\nReplace the embedded "
                    "store with an N-Quads file (for example the generated national graph), bulk-loaded on every "
                    "core; on any error the existing store is left as it was. Syntax errors name the line.\n\n"
                    "Voorbeeld / example:\n  python benchmarks/generate.py --triples 1000000 -o national-1M.nq\n"
                    "  beleidsgraaf load national-1M.nq --store var/national",
    )
    add_common(p, store=True)
    p.add_argument("file", help="N-Quads-bestand / N-Quads file (.nq)")
    p.add_argument("--threads", type=int, default=None,
                   help="laadthreads / loader threads (default: cores + 1, at most 8)")
    p.set_defaults(handler=cmd_load)

    p = sub.add_parser(
        "docs", formatter_class=formatter, help="ontologie als HTML / ontology as HTML",
        description="Schrijf de documentatie van de ontologie als HTML.\nRender the ontology and its SHACL "
                    "shapes as a readable, self-contained HTML page.\n\n"
                    "Voorbeeld / example:\n  beleidsgraaf docs -o ontologie.html",
    )
    p.add_argument("-o", "--output", default="ontologie.html", help="bestand / file (default: ontologie.html)")
    p.set_defaults(handler=cmd_docs)
