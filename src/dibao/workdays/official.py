"""Reading the official calendar shipped in `data/holidays.csv` (the State Council's notices).

Kept apart from the models so that the data migration can use it with the historical models, and
the tests can compare it with the notices.
"""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "holidays.csv"
KINDS = ("holiday", "workday")


@dataclass(frozen=True)
class OfficialDay:
    date: datetime.date
    kind: str
    name: str
    note: str = ""


def read_official_days(path: Path = DATA_FILE) -> list[OfficialDay]:
    """Every row of the file, in date order. A malformed row raises: the data is shipped, not typed."""
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    days = []
    for row in csv.DictReader(lines):
        day = OfficialDay(
            date=datetime.date.fromisoformat(row["date"]),
            kind=row["kind"],
            name=row["name"].strip(),
            note=(row.get("note") or "").strip(),
        )
        if day.kind not in KINDS:
            raise ValueError(f"{path.name}: unknown kind {day.kind!r} on {day.date}")
        days.append(day)
    if len({d.date for d in days}) != len(days):
        raise ValueError(f"{path.name}: a date is listed twice")
    return sorted(days, key=lambda d: d.date)
