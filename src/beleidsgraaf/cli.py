"""The ``beleidsgraaf`` command: one entry point, subcommands contributed by the subpackages.

Each subpackage that offers commands has a ``commands`` module with ``register(subparsers)``; heavy imports
(FastAPI, pyvis) happen inside the handlers, so ``beleidsgraaf --help`` stays fast. Every command prints
its errors as one clear message and exits non-zero; ``--help`` on every command shows an example.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from beleidsgraaf import __version__
from beleidsgraaf.errors import BeleidsgraafError

#: Modules that contribute subcommands, in the order they appear in ``--help``.
COMMAND_MODULES = (
    "beleidsgraaf.graph.commands",
    "beleidsgraaf.graph.extract.commands",
    "beleidsgraaf.api.commands",
    "beleidsgraaf.viz.commands",
)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples in descriptions as written."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="beleidsgraaf",
        description=(
            "Kennisgraaf van beleidsdocumenten en hun relaties.\n"
            "Knowledge graph of Dutch policy documents and how they relate.\n\n"
            "Voorbeeld / example:\n  beleidsgraaf build && beleidsgraaf serve"
        ),
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"beleidsgraaf {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="meer uitvoer / log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, _Formatter)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 failed, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args))
    except BeleidsgraafError as exc:
        print(f"fout / error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("afgebroken / interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
