"""CLI command of the network view: ``beleidsgraaf viz -o FILE.html``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from beleidsgraaf.graph.commands import add_common, settings_from


def cmd_viz(args: argparse.Namespace) -> int:
    """Write the network view as one standalone HTML file that makes no network request.

    Raises:
        StoreError: there is no store (run ``beleidsgraaf build`` first).
        NotFound: ``--focus`` or ``--theme`` is not an id.
        InvalidParameter: a ``--type`` or ``--depth`` is not valid.
    """
    from beleidsgraaf.graph.store import open_store
    from beleidsgraaf.viz.layout import LayoutCache
    from beleidsgraaf.viz.network import ViewOptions, render_view

    settings = settings_from(args)
    store = open_store(settings.store_path, read_only=True)
    types = tuple(t for group in (args.type or []) for t in group.split(",") if t)
    opts = ViewOptions(focus=args.focus, depth=args.depth, theme=args.theme, types=types,
                       server_url=args.server_url, lang=args.lang, physics=args.physics, title=args.title)
    cache = LayoutCache(args.layout_cache) if args.layout_cache else None
    page = render_view(store, opts, cache)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page.html, encoding="utf-8")
    print(f"geschreven / written: {out} ({page.nodes} knopen / nodes, {page.edges} relaties / relations)",
          file=sys.stderr)
    return 0


def register(sub: Any, formatter: type[argparse.HelpFormatter]) -> None:
    """Register ``viz``."""
    p = sub.add_parser(
        "viz", formatter_class=formatter, help="interactieve netwerkweergave / interactive network view",
        description="Schrijf de netwerkweergave als één HTML-bestand dat offline werkt: zoeken op naam of "
                    "afkorting, legenda en filters, details met citaten, diepte-markering, PNG-export.\n"
                    "Write the network view as one standalone HTML file that works offline (no request at all): "
                    "search by name or acronym, legend and filters, a details panel with the quotes, "
                    "neighbourhood highlight, PNG export. The server shows the same at /viz and /viz/{id}.\n\n"
                    "Voorbeelden / examples:\n"
                    "  beleidsgraaf viz -o netwerk.html\n"
                    "  beleidsgraaf viz -o ros.html --focus ros-twente --depth 2\n"
                    "  beleidsgraaf viz -o duurzaam.html --theme duurzame-inrichting --type document,project",
    )
    add_common(p, store=True)
    p.add_argument("-o", "--output", required=True, help="HTML-bestand / HTML file to write")
    p.add_argument("--focus", metavar="ID",
                   help="toon de omgeving van deze entiteit / show this entity's neighbourhood")
    p.add_argument("--depth", type=int, default=2, metavar="N",
                   help="stappen rond --focus / steps around --focus (default 2)")
    p.add_argument("--theme", metavar="ID", help="alleen deze opgave / only this strategic theme (an opgave id)")
    p.add_argument("--type", action="append", metavar="TYPE",
                   help="alleen deze soorten / only these types: document, project, instrument, organisatie, "
                        "gebied, opgave, onderwerp or a class such as Programma (repeat or separate with commas)")
    p.add_argument("--server-url", default="http://127.0.0.1:8000",
                   help="server voor links naar entiteitpagina's / server for links to entity pages "
                        "(default http://127.0.0.1:8000; nothing is fetched)")
    p.add_argument("--lang", choices=["nl", "en"], default="nl", help="taal van de namen / language of names")
    p.add_argument("--physics", action="store_true", help="beweging aan bij openen / physics on when opened")
    p.add_argument("--title", help="titel van de pagina / page title")
    p.add_argument("--layout-cache", type=Path, metavar="DIR",
                   help="map om posities te bewaren per graafversie / folder caching positions per graph version")
    p.set_defaults(handler=cmd_viz)
