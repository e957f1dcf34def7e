"""Read a policy text from plain text or PDF (its text layer), keeping page boundaries for provenance.

The text returned is *verbatim*: exactly what the file (or the PDF's text layer) says, ligatures, hyphens at
line ends and hard line breaks included. It becomes the source text of the new source (``data/sources/``), so
every quote the extractor proposes is a slice of it. Normalisation for matching happens in
:mod:`beleidsgraaf.graph.extract.normalise`, never here.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass
from pathlib import Path

from beleidsgraaf.errors import InvalidParameter

logger = logging.getLogger(__name__)

#: What separates two pages in the verbatim text of a PDF (a paragraph break, so no sentence runs across it).
PAGE_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class SourceText:
    """The verbatim text of a source file; ``page_starts[i]`` is the offset where page ``i + 1`` begins."""

    text: str
    path: Path
    page_starts: tuple[int, ...] = ()

    @property
    def is_pdf(self) -> bool:
        """Whether the text came from a PDF (and so has page numbers)."""
        return bool(self.page_starts)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page number of the character at ``offset``, or None for a plain-text source."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))


def read_pdf(path: Path) -> SourceText:
    """Read the text layer of a PDF, page by page.

    Raises:
        InvalidParameter: (parameter ``FILE``) the file is not a readable PDF, is encrypted, or has no text
            layer (a scanned PDF needs OCR first).
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise InvalidParameter("FILE", f"{path}: the PDF is encrypted; save an unencrypted copy first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError) as exc:
        raise InvalidParameter("FILE", f"{path}: not a readable PDF: {exc}") from exc
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for i, page in enumerate(pages):
        if i:
            parts.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        starts.append(offset)
        text = page.rstrip()
        parts.append(text)
        offset += len(text)
    text = "".join(parts)
    if not text.strip():
        raise InvalidParameter("FILE", f"{path}: the PDF has no text layer (scanned?); run OCR first")
    logger.debug("read %d pages, %d characters from %s", len(pages), len(text), path)
    return SourceText(text + "\n", path, tuple(starts))


def read_source(path: Path) -> SourceText:
    """Read a plain-text (UTF-8) or PDF file; PDFs are recognised by their first bytes, not their name.

    Raises:
        InvalidParameter: (parameter ``FILE``) the file does not exist, cannot be read, is not UTF-8 text,
            or is a PDF without a usable text layer.
    """
    try:
        head = path.read_bytes()[:5]
    except OSError as exc:
        raise InvalidParameter("FILE", f"{path}: cannot read: {exc.strerror or exc}") from exc
    if head == b"%PDF-":
        return read_pdf(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidParameter("FILE", f"{path}: not UTF-8 text (byte {exc.start}); convert it first") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InvalidParameter("FILE", f"{path}: the file is empty")
    return SourceText(text, path)
