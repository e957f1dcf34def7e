"""Load N-Quads into an on-disk Oxigraph store with every core, by bulk-loading pieces cut at line ends in parallel.

pyoxigraph's ``bulk_load`` parses on one thread: on this 2-core machine one call loads a 1 M-quad national
graph at about 110 k quads/s on disk; three calls on thirds of the same file at the same time reach about
220 k quads/s (``docs/benchmarks.md``). N-Quads is line-based, so any cut at a line end gives valid documents,
with one exception: blank node labels (``_:b1``) are scoped to the document, and the same label in two pieces
would become two nodes. Input that contains ``_:`` anywhere is therefore loaded in one piece.

Memory stays bounded for a file on disk: the file is memory-mapped and a piece (at most :data:`PIECE_BYTES`)
is copied only while it is being loaded. A syntax error is reported with its line in the whole input.
"""

from __future__ import annotations

import itertools
import logging
import mmap
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from beleidsgraaf.errors import StoreError

logger = logging.getLogger(__name__)

#: Largest piece handed to one ``bulk_load`` call (bytes).
PIECE_BYTES = 64 * 1024 * 1024
#: Smallest input worth cutting (below this one call is as fast).
MIN_PARALLEL_BYTES = 4 * 1024 * 1024


def default_threads() -> int:
    """Loader threads: one more than the cores (parsing and RocksDB's file writing overlap), at most 8."""
    return max(1, min(8, (os.cpu_count() or 1) + 1))


@dataclass(frozen=True, slots=True)
class Piece:
    """A byte range of the input that starts after a line end and ends with one (or at the end of the input)."""

    start: int
    end: int


def pieces(data: bytes | mmap.mmap, count: int, *, max_bytes: int = PIECE_BYTES) -> list[Piece]:
    """Cut ``data`` at line ends into at least ``count`` pieces of at most about ``max_bytes`` each.

    A piece can be longer than ``max_bytes`` only when a single line is.
    """
    size = len(data)
    if size == 0:
        return []
    needed = max(count, -(-size // max_bytes))
    wanted = count * -(-needed // count)  # a multiple of the threads, so they finish together
    cuts = [0]
    for i in range(1, wanted):
        at = data.find(b"\n", max(cuts[-1], size * i // wanted))
        if at < 0 or at + 1 >= size:
            break
        if at + 1 > cuts[-1]:
            cuts.append(at + 1)
    cuts.append(size)
    return [Piece(start, end) for start, end in itertools.pairwise(cuts)]


def lines_before(data: bytes | mmap.mmap, offset: int, *, chunk: int = 16 * 1024 * 1024) -> int:
    """The number of line ends in ``data[:offset]`` (read in chunks, so a mapped file is not copied whole)."""
    return sum(bytes(data[at:min(offset, at + chunk)]).count(b"\n") for at in range(0, offset, chunk))


@contextmanager
def _mapped(source: bytes | Path) -> Iterator[bytes | mmap.mmap]:
    if isinstance(source, bytes):
        yield source
        return
    try:
        with source.open("rb") as fh:
            if os.fstat(fh.fileno()).st_size == 0:
                yield b""
                return
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
                yield mm
    except OSError as exc:
        raise StoreError(f"{source}: cannot read the file: {exc}") from exc


def _syntax_error(exc: SyntaxError, data: bytes | mmap.mmap, piece: Piece, name: str) -> StoreError:
    """The parser's error with the line number in the whole input (the parser counts from the piece)."""
    location = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], tuple) else None
    if location and len(location) > 2 and isinstance(location[1], int):
        line, column = location[1] + lines_before(data, piece.start), location[2]
        return StoreError(f"{name}: N-Quads syntax error at line {line}, column {column}: "
                          f"{str(exc.args[0]).split(':', 1)[-1].strip()} / syntaxfout op regel {line}")
    return StoreError(f"{name}: N-Quads syntax error: {exc} / syntaxfout")


def load_nquads(
    store: ox.Store,
    source: bytes | Path,
    *,
    threads: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Bulk-load N-Quads (bytes, or a file) into ``store``, in parallel where that is safe.

    Not atomic: on an error part of the input may be in the store. :func:`beleidsgraaf.graph.store.build_store`
    loads into a fresh folder and swaps it in only when the load succeeded.

    Raises:
        StoreError: the input is not valid N-Quads (with the line and column in the whole input), cannot be read,
            or the store cannot be written.

    """
    say = progress or (lambda _msg: None)
    name = str(source) if isinstance(source, Path) else "N-Quads"
    workers = threads or default_threads()
    with _mapped(source) as data:
        if len(data) == 0:
            return
        parallel = workers > 1 and len(data) >= MIN_PARALLEL_BYTES and data.find(b"_:") < 0
        parts = pieces(data, workers, max_bytes=PIECE_BYTES) if parallel else [Piece(0, len(data))]
        say(f"laden / loading {len(data) / 1e6:,.1f} MB in {len(parts)} stuk(ken) / piece(s), "
            f"{workers if parallel else 1} thread(s)")
        done = [0]

        def one(piece: Piece) -> None:
            try:
                store.bulk_load(bytes(data[piece.start:piece.end]), format=ox.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                raise _syntax_error(exc, data, piece, name) from exc
            except (OSError, ValueError) as exc:
                raise StoreError(f"{name}: cannot load into the store: {exc}") from exc
            done[0] += 1
            if len(parts) > 1:
                say(f"  stuk / piece {done[0]}/{len(parts)} geladen / loaded")

        if len(parts) == 1:
            one(parts[0])
        else:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bulk-load") as pool:
                for future in [pool.submit(one, p) for p in parts]:
                    future.result()
