"""What every bench does before it measures: Django set up on the database it was given.

A bench takes `--database URL` (PostgreSQL, usually) or, without it, keeps a SQLite file of its own
under bench/data/, built once and reused by the next run of the same size. The development
settings apply unless DJANGO_SETTINGS_MODULE names others; files the code keeps (exports, bank
files) go to bench/data/ too, never to the server's var folder.

    import harness
    harness.setup(args.database, f"payroll-{args.households}.sqlite3")
"""

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def setup(database: str, sqlite_file: str) -> Path:
    """Django set up on `database` (a DATABASE_URL) or, when it is empty, on bench/data/`sqlite_file`;
    returns bench/data/."""
    DATA.mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dibao.config.settings.development")
    os.environ["DATABASE_URL"] = database or f"sqlite:///{DATA / sqlite_file}"
    os.environ["DIBAO_VAR_DIR"] = str(DATA)

    import django

    django.setup()
    return DATA


def fresh_sqlite(sqlite_file: str) -> None:
    """bench/data/`sqlite_file` removed with its WAL files: the bench starts from an empty database."""
    DATA.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (DATA / f"{sqlite_file}{suffix}").unlink(missing_ok=True)


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages, printed beside every figure: the machine may be shared."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def build_once(build: Callable[..., Any], households: int, *more: Any) -> None:
    """`build(households, *more)` into an empty database, timed; a database built before is kept."""
    from dibao.registry.models import Household

    if Household.objects.exists():
        return
    started = time.perf_counter()
    build(households, *more)
    print(f"built {households} households in {time.perf_counter() - started:.1f} s", file=sys.stderr)
