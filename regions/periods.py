"""The periods of the key figures: half years (``2026-H1``, the default, as the VNG dashboard's July/December
rhythm), quarters (``2026-Q3``), months (``2026-03``) and years (``2026``).

A period is written in the export, read in the import and stored with a value as its code; codes of one
frequency sort as text in the order of time. ``period_problem`` is the one place that says, in Dutch, why a code
is refused: the entry form, the import and the service all ask it.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from phases.models import Indicator

Frequency = Indicator.Frequency
FIRST_YEAR = 2015  # the oldest period the portal accepts; Eerst een Thuis runs 2023–2030
FORM_YEARS = 5  # the entry form lists the periods of the last five years (older figures come in by the import)
PER_YEAR = {Frequency.HALF_YEAR: 2, Frequency.QUARTER: 4, Frequency.MONTH: 12, Frequency.YEAR: 1}
PATTERNS = {
    Frequency.HALF_YEAR: re.compile(r"(\d{4})-H([12])", re.IGNORECASE),
    Frequency.QUARTER: re.compile(r"(\d{4})-Q([1-4])", re.IGNORECASE),
    Frequency.MONTH: re.compile(r"(\d{4})-(0[1-9]|1[0-2])"),
    Frequency.YEAR: re.compile(r"(\d{4})()"),
}
EXAMPLES = {
    Frequency.HALF_YEAR: "2026-H1 of 2026-H2 (een halfjaar)",
    Frequency.QUARTER: "2026-Q1 tot en met 2026-Q4 (een kwartaal)",
    Frequency.MONTH: "2026-01 tot en met 2026-12 (een maand)",
    Frequency.YEAR: "2026 (een jaar)",
}
MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


@dataclass(frozen=True, order=True)
class Period:
    year: int
    index: int  # 1-based within the year
    frequency: str

    @property
    def code(self) -> str:
        return {
            Frequency.HALF_YEAR: f"{self.year}-H{self.index}",
            Frequency.QUARTER: f"{self.year}-Q{self.index}",
            Frequency.MONTH: f"{self.year}-{self.index:02d}",
            Frequency.YEAR: f"{self.year}",
        }[self.frequency]

    @property
    def label(self) -> str:
        """Dutch words: "1e halfjaar 2026", "3e kwartaal 2026", "maart 2026", "2026"."""
        return {
            Frequency.HALF_YEAR: f"{self.index}e halfjaar {self.year}",
            Frequency.QUARTER: f"{self.index}e kwartaal {self.year}",
            Frequency.MONTH: f"{MONTHS[self.index - 1]} {self.year}",
            Frequency.YEAR: f"{self.year}",
        }[self.frequency]

    @property
    def months(self) -> int:
        return 12 // PER_YEAR[self.frequency]

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> datetime.date:
        month = self.index * self.months
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def is_last_of_year(self) -> bool:
        return self.index == PER_YEAR[self.frequency]

    def shifted(self, steps: int) -> "Period":
        per_year = PER_YEAR[self.frequency]
        year, index = divmod(self.year * per_year + self.index - 1 + steps, per_year)
        return Period(year, index + 1, self.frequency)

    def __str__(self):
        return self.code


def period_containing(frequency: str, day: datetime.date) -> Period:
    months = 12 // PER_YEAR[frequency]
    return Period(day.year, (day.month - 1) // months + 1, frequency)


def previous_period(frequency: str, today: datetime.date) -> Period:
    """The last period that has ended before ``today``: the one the regions report on now."""
    return period_containing(frequency, today).shifted(-1)


def periods_of_year(frequency: str, year: int) -> list[Period]:
    return [Period(year, index, frequency) for index in range(1, PER_YEAR[frequency] + 1)]


def periods_between(first: Period, last: Period) -> list[Period]:
    periods, period = [], first
    while period <= last:
        periods.append(period)
        period = period.shifted(1)
    return periods


def recent_periods(frequency: str, today: datetime.date) -> list[Period]:
    """The periods the entry form offers, newest first: those of the last ``FORM_YEARS`` years, up to the current
    one. (``period_problem`` accepts periods back to ``FIRST_YEAR``, for the import.)"""
    first = Period(max(FIRST_YEAR, today.year - FORM_YEARS + 1), 1, frequency)
    return list(reversed(periods_between(first, period_containing(frequency, today))))


def parse_period(code: str, frequency: str) -> Period | None:
    """The period a code names in this frequency, or None when it is not written that way."""
    match = PATTERNS[frequency].fullmatch(str(code).strip())
    if match is None:
        return None
    return Period(int(match.group(1)), int(match.group(2) or 1), frequency)


def period_problem(code: str, frequency: str, today: datetime.date) -> str | None:
    """Why a period code is refused, in Dutch; None when it is a period a value can be entered for."""
    period = parse_period(code, frequency)
    if period is None:
        return f"Schrijf de periode als {EXAMPLES[frequency]}."
    if period.year < FIRST_YEAR:
        return f"Perioden vóór {FIRST_YEAR} worden niet bijgehouden."
    if period.start > today:
        return f"De periode {period.code} is nog niet begonnen."
    return None


def year_choices(today: datetime.date) -> list[int]:
    """The years a target can be set for: from ``FIRST_YEAR`` to 2030 (Eerst een Thuis) or five years ahead."""
    return list(range(FIRST_YEAR, max(2030, today.year + 5) + 1))


def form_years(today: datetime.date) -> list[int]:
    """The years the target form offers: last year up to the end of ``year_choices``."""
    return [year for year in year_choices(today) if year >= today.year - 1]
