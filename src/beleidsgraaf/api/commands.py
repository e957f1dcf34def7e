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
    settings = settings.model_copy(update=overrides) if overrides else settings
    if not (settings.store_path / "CURRENT").exists():
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
                    "Voorbeeld / example:\n  beleidsgraaf serve --host 127.0.0.1 --port 8000",
    )
    add_common(p, data=True, store=True)
    p.add_argument("--host", help="adres / address (BELEIDSGRAAF_HOST, default 127.0.0.1)")
    p.add_argument("--port", type=int, help="poort / port (BELEIDSGRAAF_PORT, default 8000)")
    p.set_defaults(handler=cmd_serve)
