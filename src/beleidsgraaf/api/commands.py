"""CLI command of the web app: serve."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from beleidsgraaf.graph.commands import add_common, settings_from


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the web app under uvicorn, building the Hengelo graph first when the store is empty."""
    import uvicorn

    from beleidsgraaf.api.app import create_app
    from beleidsgraaf.graph.pipeline import build

    settings = settings_from(args)
    overrides: dict[str, Any] = {}
    if args.host:
        overrides["host"] = args.host
    if args.port:
        overrides["port"] = args.port
    for flag in ("query_timeout", "max_rows", "max_body_bytes", "public_url"):
        if getattr(args, flag, None) is not None:
            overrides[flag] = getattr(args, flag)
    if args.allow_outbound is not None:
        overrides["outbound_allowlist"] = list(args.allow_outbound)
    if args.cors_origin is not None:
        overrides["cors_origins"] = list(args.cors_origin)
    settings = settings.model_copy(update=overrides) if overrides else settings
    if not settings.remote_query_url and not (settings.store_path / "CURRENT").exists():
        print(f"lege store; eerst bouwen / empty store; building first: {settings.store_path}", file=sys.stderr)
        build(settings.data_dir, settings.store_path, settings.base_iri,
              progress=lambda m: print(m, file=sys.stderr, flush=True))
    app = create_app(settings)
    print(f"beleidsgraaf op / at http://{settings.host}:{settings.port}/", file=sys.stderr, flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info" if args.verbose else "warning")
    return 0


def register(sub: Any, formatter: type[argparse.HelpFormatter]) -> None:
    """Register ``serve``."""
    p = sub.add_parser(
        "serve", formatter_class=formatter, help="start de webserver / start the web server",
        description="Start de webapplicatie (SPARQL-endpoint, API, pagina's) op de ingebouwde store; bouwt de "
                    "Hengelo-graaf eerst als de store leeg is.\nStart the web app (SPARQL endpoint, API, pages) on "
                    "the embedded store, building the Hengelo graph first if the store is empty.\n\n"
                    "Schrijven (SPARQL Update, /store) alleen met een token uit de omgeving, nooit als vlag / writes "
                    "only with a token from the environment, never as a flag: BELEIDSGRAAF_WRITE_TOKEN.\n\n"
                    "Voorbeeld / example:\n  beleidsgraaf serve --host 127.0.0.1 --port 8000 --query-timeout 5",
    )
    add_common(p, data=True, store=True)
    p.add_argument("--host", help="adres / address (BELEIDSGRAAF_HOST, default 127.0.0.1)")
    p.add_argument("--port", type=int, help="poort / port (BELEIDSGRAAF_PORT, default 8000)")
    p.add_argument("--query-timeout", type=float, metavar="SECONDS",
                   help="maximale looptijd van een query / seconds before a query is stopped with 503 "
                        "(BELEIDSGRAAF_QUERY_TIMEOUT, default 10)")
    p.add_argument("--max-rows", type=int, metavar="N",
                   help="maximum aantal resultaatrijen / maximum result rows, truncation is signalled "
                        "(BELEIDSGRAAF_MAX_ROWS, default 100000)")
    p.add_argument("--max-body-bytes", type=int, metavar="BYTES",
                   help="grootste request-body / largest request body, else 413 (BELEIDSGRAAF_MAX_BODY_BYTES)")
    p.add_argument("--allow-outbound", action="append", metavar="IRI-PREFIX",
                   help="IRI-prefix die SERVICE/LOAD/FROM mag ophalen, herhaalbaar / IRI prefix SERVICE, LOAD "
                        "and FROM may use, repeatable (BELEIDSGRAAF_OUTBOUND_ALLOWLIST, default none)")
    p.add_argument("--cors-origin", action="append", metavar="ORIGIN",
                   help="origin die mag lezen via CORS, herhaalbaar / origin allowed to read via CORS, "
                        "repeatable (BELEIDSGRAAF_CORS_ORIGINS, default *)")
    p.add_argument("--public-url", help="URL waarop de server bereikbaar is / public URL, for links and the "
                                        "service description (BELEIDSGRAAF_PUBLIC_URL)")
    p.set_defaults(handler=cmd_serve)
