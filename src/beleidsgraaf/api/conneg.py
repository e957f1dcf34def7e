"""HTTP content negotiation (RFC 9110 ``Accept`` with q-values and wildcards).

:func:`negotiate` picks, from the media types the server offers (in its order of preference), the one the client
accepts with the highest quality; between equal qualities the server's order decides. The most specific
matching range gives a type its quality (``text/turtle;q=0.2`` beats ``text/*;q=0.9`` for Turtle), and
``q=0`` excludes a type. No ``Accept`` header means ``*/*``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MediaRange:
    """One element of an ``Accept`` header."""

    type: str
    subtype: str
    q: float
    params: tuple[tuple[str, str], ...] = ()

    def specificity(self, media_type: str) -> int:
        """How specifically this range matches ``media_type`` (-1 = not at all, 0 ``*/*``, 1 ``t/*``, 2 exact)."""
        mtype, _, msub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != mtype:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == msub else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an ``Accept`` header; malformed elements are skipped, a missing header accepts everything."""
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges: list[MediaRange] = []
    for element in header.split(","):
        parts = [p.strip() for p in element.split(";")]
        media = parts[0].lower()
        if "/" not in media:
            if media == "*":
                media = "*/*"
            else:
                continue
        mtype, _, subtype = media.partition("/")
        q = 1.0
        params: list[tuple[str, str]] = []
        for param in parts[1:]:
            key, _, value = param.partition("=")
            key = key.strip().lower()
            if key == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
            elif key:
                params.append((key, value.strip().strip('"')))
        ranges.append(MediaRange(mtype.strip(), subtype.strip(), q, tuple(params)))
    return ranges


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The quality the client gives ``media_type`` (0 when it does not accept it)."""
    best, best_q = -1, 0.0
    for r in ranges:
        s = r.specificity(media_type)
        if s > best:
            best, best_q = s, r.q
    return best_q if best >= 0 else 0.0


def negotiate(accept: str | None, offers: Sequence[str], aliases: dict[str, str] | None = None) -> str | None:
    """Choose the offered media type the client prefers, or None when it accepts none of them (406).

    ``aliases`` maps extra accepted names to an offer (e.g. ``application/json`` → SPARQL JSON); an alias counts
    with the quality the client gives it, but only when named explicitly (not through a wildcard).
    """
    ranges = parse_accept(accept)
    best: str | None = None
    best_q = 0.0
    for offer in offers:
        q = quality(ranges, offer)
        if q > best_q:
            best, best_q = offer, q
    for alias, target in (aliases or {}).items():
        q = max((r.q for r in ranges if r.specificity(alias) == 2), default=0.0)
        if q > best_q:
            best, best_q = target, q
    return best
