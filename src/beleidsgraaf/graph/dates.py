"""Dates exactly as precise as the source: year, half year, quarter, month, day, or a period of years.

A :class:`FuzzyDate` keeps its notation (``2025-Q2``), its precision, and the interval of days it covers
(for sorting and range filters), plus the XSD literal that fits it where one exists (``xsd:gYear`` for a year,
``xsd:gYearMonth`` for a month, ``xsd:date`` for a day; none for a quarter, half year or period, which are kept
as the interval).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("dag", re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")),
    ("maand", re.compile(r"^(\d{4})-(\d{2})$")),
    ("kwartaal", re.compile(r"^(\d{4})-Q(\d)$")),
    ("halfjaar", re.compile(r"^(\d{4})-H(\d)$")),
    ("jaar", re.compile(r"^(\d{4})$")),
    ("periode", re.compile(r"^(\d{4})/(\d{4})$")),
]

#: XSD datatype local name per precision; precisions without one are stored as an interval only.
XSD_TYPE = {"dag": "date", "maand": "gYearMonth", "jaar": "gYear"}

NOTATION_HELP = "use 2025, 2025-10, 2025-Q2, 2025-H1, 2024-09-18 or 2024/2027"


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date or period as precise as its source, with the interval of days it covers."""

    notation: str
    precision: str
    earliest: date
    latest: date

    @property
    def xsd_type(self) -> str | None:
        """The XSD datatype local name that represents this date exactly, or None (quarter, half, period)."""
        return XSD_TYPE.get(self.precision)

    @property
    def first_year(self) -> int:
        """The first year the date touches."""
        return self.earliest.year

    @property
    def last_year(self) -> int:
        """The last year the date touches."""
        return self.latest.year


def parse_fuzzy_date(value: str) -> FuzzyDate:
    """Parse a date notation.

    Raises:
        ValueError: the notation is not one of the accepted forms, or names an impossible date
            (month 13, 30 February, quarter 5, a period that ends before it starts).

    """
    text = str(value).strip()
    for precision, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        nums = [int(g) for g in m.groups()]
        year = nums[0]
        try:
            if precision == "dag":
                d = date(year, nums[1], nums[2])
                return FuzzyDate(text, precision, d, d)
            if precision == "maand":
                if not 1 <= nums[1] <= 12:
                    raise ValueError(f"month {nums[1]} does not exist")
                last = calendar.monthrange(year, nums[1])[1]
                return FuzzyDate(text, precision, date(year, nums[1], 1), date(year, nums[1], last))
            if precision == "kwartaal":
                if not 1 <= nums[1] <= 4:
                    raise ValueError(f"quarter {nums[1]} does not exist")
                m0 = 3 * (nums[1] - 1) + 1
                last = calendar.monthrange(year, m0 + 2)[1]
                return FuzzyDate(text, precision, date(year, m0, 1), date(year, m0 + 2, last))
            if precision == "halfjaar":
                if nums[1] not in (1, 2):
                    raise ValueError(f"half year {nums[1]} does not exist")
                return FuzzyDate(
                    text, precision, date(year, 1 if nums[1] == 1 else 7, 1),
                    date(year, 6, 30) if nums[1] == 1 else date(year, 12, 31),
                )
            if precision == "jaar":
                return FuzzyDate(text, precision, date(year, 1, 1), date(year, 12, 31))
            if nums[1] < year:
                raise ValueError(f"period ends ({nums[1]}) before it starts ({year})")
            return FuzzyDate(text, precision, date(year, 1, 1), date(nums[1], 12, 31))
        except ValueError as exc:
            raise ValueError(f"impossible date {text!r}: {exc}") from None
    raise ValueError(f"unknown date notation {text!r}: {NOTATION_HELP}")
