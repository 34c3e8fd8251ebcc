"""Every `dibao` command of the project, given what people get wrong — an unknown area, user or
run, a month that is no month, a file that is not there, `--out` into a folder that is not there, an
option that does not exist, a database not yet migrated — says so in one line on stderr and exits
non-zero: no usage screen, no traceback.

The commands are walked from Django's registry, so a new command fails here until its mistakes are
listed (and answered in one line)."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.db import connections
from django.test import override_settings

from dibao.config import cli
from dibao.core.console import unmigrated_message
from dibao.payroll import services as payroll

NOBODY = ["--as", "nobody-here"]

# For each command: a command line that parses (it reaches the database), and its mistakes.
# "{file}" is a file that exists, "{missing}" one that does not, "{nofolder}" one in a folder that
# does not exist.
COMMANDS: dict[str, dict[str, list]] = {
    "areas": {"parses": [], "mistakes": []},
    "backup": {"parses": ["--out", "{out}"], "mistakes": [["--out", "{nofolder}"], ["--out", "{file}"], []]},
    "restore": {"parses": ["{file}"], "mistakes": [["{missing}"], ["{file}"], []]},
    "expire-job-files": {"parses": [], "mistakes": [["--days", "7"]]},
    "audit-verify": {
        "parses": [],
        "mistakes": [["--from", "2026-13-01"], ["--anchor", "{missing}"], ["--anchor", "{file}"]],
    },
    "partitions": {
        "parses": ["--restore", "2019"],
        "mistakes": [
            ["--archive", "2100"],
            ["--restore", "twenty"],
            ["--archive", "2019", "--restore", "2019"],
        ],
    },
    "audit-anchor": {
        "parses": [],
        "mistakes": [["--date", "2026-02-30"], ["--date", "1999-01-01"], ["--out", "{nofolder}"]],
    },
    # Each mistake is refused before anything starts; the server itself: test_production_server.
    "serve": {
        "parses": ["--bind", "127.0.0.1:8000", "--workers", "2"],
        "mistakes": [["--workers", "0"], ["--bind", "nowhere"], ["--timeout", "soon"], ["--bind", "a b:80"]],
    },
    "createuser": {
        "parses": ["--username", "u1", "--role", "community", "--area", "210204001001", "--password", "x"],
        "mistakes": [
            ["--username", "u1", "--role", "community", "--area", "999999", "--password", "pw-long-enough"],
            ["--username", "u1", "--role", "nobody", "--area", "210204", "--password", "pw-long-enough"],
            ["--username", "w_haizhou", "--role", "county", "--area", "210204", "--password", "Pw-long-1"],
        ],
    },
    "tokens": {
        "parses": ["--user", "w_haizhou"],
        "mistakes": [["--user", "nobody-here"], ["--user", "w_haizhou", "--revoke", *NOBODY], []],
    },
    "deactivateuser": {
        "parses": ["--username", "w_haizhou"],
        "mistakes": [["--username", "nobody-here"], ["--username", "w_haizhou", *NOBODY], []],
    },
    "allowances-advance": {
        "parses": ["--county", "210204", "--month", "2026-01"],
        "mistakes": [
            ["--county", "999999", "--month", "2026-01"],
            ["--county", "210204001000", "--month", "2026-01"],
            ["--county", "210204", "--month", "2026-13"],
            ["--county", "210204", "--month", "2026-01", *NOBODY],
            ["--county", "210204", "--month", "2026-01", "--as", "w_haizhou"],
            ["--county", "210204"],
        ],
    },
    "cases-spot-checks": {
        "parses": ["--county", "210204", "--from", "2026-01", "--to", "2026-03"],
        "mistakes": [
            ["--county", "999999", "--from", "2026-01", "--to", "2026-03"],
            ["--county", "210204", "--from", "2026-13", "--to", "2026-03"],
            ["--county", "210204", "--from", "2026-01", "--to", "March"],
            ["--county", "210204", "--from", "2026-03", "--to", "2026-01"],
            ["--county", "210204", "--from", "2026-01", "--to", "2026-03", *NOBODY],
            ["--county", "210204", "--from", "2026-01", "--to", "2026-03", "--as", "w_haizhou"],
            ["--county", "210204", "--from", "2026-01"],
            ["--from", "2026-01", "--to", "2026-03"],
            ["--draw", "--county", "210204", "--from", "2026-01", "--to", "2026-03"],
            ["--draw", "--county", "210204", "--program", "dibao", "--from", "2026-01", "--to", "2026-03"],
            ["--draw", "--county", "210204", "--program", "nothing", "--from", "2026-01", "--to", "2026-03"],
            [
                "--draw",
                "--county",
                "210204",
                "--program",
                "dibao",
                "--from",
                "2026-01",
                "--to",
                "2026-03",
                "--share",
                "2",
            ],
            ["--redraw", "999999"],
            ["--coverage", "x"],
            ["--redraw", "1", "--coverage", "1"],
        ],
    },
    "recalculation": {"parses": [], "mistakes": [["--confirm", "999999"], ["--discard", "x"], NOBODY]},
    "assistance-report": {
        "parses": ["--area", "210204", "--year", "2026"],
        "mistakes": [
            ["--area", "999999", "--year", "2026"],
            ["--area", "210204", "--year", "20x6"],
            ["--area", "210204", "--year", "2026", "--month", "13"],
            ["--area", "210204", "--year", "2026", "--program", "dibao"],
            [],
        ],
    },
    "complaints-report": {
        "parses": ["--area", "210204", "--month", "2026-01", "--to", "2026-03"],
        "mistakes": [
            ["--area", "999999", "--month", "2026-01"],
            ["--area", "210204", "--month", "2026-13"],
            ["--area", "210204", "--month", "2026-03", "--to", "2026-01"],
            ["--area", "210204", "--month", "2026-01", *NOBODY],
            ["--area", "210204002000", "--month", "2026-01", "--as", "w_haizhou"],
            ["--area", "210204"],
        ],
    },
    "assistance-batch": {
        "parses": ["--county", "210204", "--program", "temporary"],
        "mistakes": [
            ["--county", "999999", "--program", "temporary"],
            ["--county", "210204001000", "--program", "temporary"],
            ["--county", "210204", "--program", "dibao"],
            ["--county", "210204", "--program", "temporary", "--create"],  # paid in the run
            ["--county", "210204", "--program", "temporary", "--approve", "99"],
            ["--county", "210204", "--program", "temporary", "--approve", "x"],
            ["--county", "210204", "--program", "temporary", "--export", "99"],
            ["--county", "210204", "--program", "temporary", "--export", "99", "--output", "{nofolder}"],
            ["--county", "210204", "--program", "temporary", "--create", "--approve", "1"],
            ["--county", "210204", "--program", "temporary", *NOBODY],
            ["--county", "210204", "--program", "temporary", "--as", "w_haizhou"],
            ["--county", "210204"],
        ],
    },
    "holiday-campaign": {
        "parses": ["--area", "210204", "--name", "春节", "--date", "2026-02-10", "--criteria", "dibao"],
        "mistakes": [
            ["--area", "999999", "--name", "春节", "--date", "2026-02-10", "--criteria", "dibao"],
            ["--area", "210204", "--name", "春节", "--date", "2026-02-30", "--criteria", "dibao"],
            ["--area", "210204", "--name", "春节", "--date", "2026-02-10", "--criteria", "rich"],
            [
                "--area",
                "210204",
                "--name",
                "春节",
                "--date",
                "2026-02-10",
                "--criteria",
                "dibao",
                "--item",
                "gold",
            ],
            [
                "--area",
                "210204",
                "--name",
                "春节",
                "--date",
                "2026-02-10",
                "--criteria",
                "dibao",
                "--item",
                "cash:x",
            ],
            [],
        ],
    },
    "labour-check": {
        "parses": ["--county", "210204", "--month", "2026-01", "--json"],
        "mistakes": [
            ["--county", "999999", "--month", "2026-01"],
            ["--county", "210204001000", "--month", "2026-01"],
            ["--county", "210204", "--month", "2026-13"],
            ["--county", "210204", "--month", "2100-01"],  # not yet begun
            ["--county", "210204", "--month", "2026-01", *NOBODY],
            ["--county", "210204", "--month", "2026-01", "--as", "w_haizhou"],
            ["--county", "210204"],
        ],
    },
    "cross-check": {
        "parses": ["{file}", "--source", "public_servant", "--county", "210204", "--json"],
        "mistakes": [
            ["{file}", "--source", "unknown", "--county", "210204"],
            ["{file}", "--source", "death", "--county", "999999"],
            ["{missing}", "--source", "death", "--county", "210204"],
            ["{file}", "--source", "death", "--county", "210204", *NOBODY],
            ["{file}", "--county", "210204"],
        ],
    },
    "cases-due": {"parses": ["--area", "210204"], "mistakes": [["--area", "999999"], []]},
    "discover": {
        "parses": ["--area", "210204", "--month", "2026-12", "--stop"],
        "mistakes": [
            ["--area", "999999"],
            ["--area", "210204", "--month", "2026-13"],
            ["--area", "210204", "--program", "nothing"],
            ["--area", "210204", "--program", "near_poverty"],
            [],
        ],
    },
    "demo-data": {"parses": ["--households", "0"], "mistakes": [["--households", "-1"], ["--seed", "x"]]},
    "payroll-run": {
        "parses": ["--county", "210204", "--month", "2026-01"],
        "mistakes": [
            ["--county", "999999", "--month", "2026-01"],
            ["--county", "210204", "--month", "2026-13"],
            ["--county", "210204", "--month", "2026-01", *NOBODY],
            ["--county", "210204", "--month", "2026-01", "--program", "nothing"],
            ["--county", "210204", "--month", "2026-01", "--program", "dibao"],  # always the county's run
            ["--county", "210204", "--month", "2026-01", "--program", "extreme_poverty"],  # not paid apart
        ],
    },
    "payroll-check": {
        "parses": ["--run", "1", "--street", "210204001000"],
        "mistakes": [
            ["--run", "999999", "--street", "210204001000"],
            ["--county", "999999", "--month", "2026-01", "--street", "210204001000"],
            ["--county", "210204", "--month", "January", "--street", "210204001000"],
            ["--county", "210204", "--month", "2025-01", "--street", "210204001000"],  # no run then
            ["--run", "{run}", "--street", "210204001000", *NOBODY],
            ["--run", "{run}", "--street", "210204999000"],
            ["--run", "{run}", "--street", "210204001000", "--as", "w_haizhou"],  # a community's worker
            ["--run", "{run}"],
        ],
    },
    "payroll-approve": {
        "parses": ["--run", "1"],
        "mistakes": [
            ["--run", "999999"],
            ["--county", "210204", "--month", "2026-00"],
            ["--run", "{run}", "--county", "210204", "--month", "2026-01"],
            ["--run", "{run}", "--program", "extreme_poverty"],
            ["--county", "210204", "--month", "2026-01", "--program", "extreme_poverty"],  # no such run
            ["--run", "{run}", "--if-version", "x"],
            ["--run", "{run}", *NOBODY],
            ["--run", "{run}"],  # no street has checked it
        ],
    },
    "payroll-export": {
        "parses": ["--run", "1", "--format", "bank", "--out", "{out}"],
        "mistakes": [
            ["--run", "999999", "--format", "bank", "--out", "{out}"],
            ["--run", "{run}", "--format", "bank", "--out", "{nofolder}"],
            ["--run", "{run}", "--format", "roster", "--out", "{nofolder}"],
            ["--run", "{run}", "--format", "pdf", "--out", "{out}"],
            ["--run", "{run}", "--format", "bank", "--out", "{out}"],  # a draft is not sent to the bank
            ["--run", "{run}", "--format", "roster", "--out", "{out}"],  # which community?
            ["--run", "{run}", "--format", "bank", "--out", "{out}", "--program", "nope"],
        ],
    },
    "payroll-results": {
        "parses": ["{file}", "--run", "1"],
        "mistakes": [
            ["{missing}", "--run", "{run}"],
            ["{file}", "--run", "999999"],
            ["{file}", "--run", "{run}", *NOBODY],
            ["{file}", "--run", "{run}"],  # a draft has not been to the bank
        ],
    },
    "programs": {
        "parses": ["--area", "210204", "--month", "2026-01"],
        "mistakes": [["--area", "999999"], ["--area", "210204", "--month", "2026-13"], ["--language", "fr"]],
    },
    "assess": {
        "parses": ["--household", "1", "--month", "2026-01"],
        "mistakes": [
            ["--household", "999999", "--month", "2026-01"],
            ["--household", "1", "--month", "2026-13", "--county", "999999"],
            ["--household", "1", "--month", "2026-01", "--language", "fr"],
            ["--household", "1", "--month", "2026-01", "--program", "nothing"],
        ],
    },
    "assistance-quote": {
        "parses": [
            "--program",
            "medical",
            "--id-number",
            "210204197001010011",
            "--date",
            "2026-03-01",
            "--in-policy-cost",
            "100",
        ],
        "mistakes": [
            ["--program", "temporary", "--id-number", "x", "--date", "2026-03-01", "--in-policy-cost", "1"],
            [
                "--program",
                "medical",
                "--id-number",
                "210204197001010011",
                "--date",
                "2026-02-30",
                "--in-policy-cost",
                "100",
            ],
            [
                "--program",
                "medical",
                "--id-number",
                "210204197001010011",
                "--date",
                "2026-03-01",
                "--in-policy-cost",
                "lots",
            ],
            [
                "--program",
                "medical",
                "--id-number",
                "210204197001010011",
                "--date",
                "2026-03-01",
                "--in-policy-cost",
                "100",
                "--kind",
                "dental",
            ],
            [
                "--program",
                "medical",
                "--id-number",
                "210204197001010011",
                "--date",
                "2026-03-01",
                "--in-policy-cost",
                "100",
            ],
        ],
    },
    "import-relatives": {
        "parses": ["{file}", "--county", "210204"],
        "mistakes": [
            ["{missing}", "--county", "210204"],
            ["{file}", "--county", "999999"],
            ["{file}", "--county", "210204", *NOBODY],
            ["{file}", "--county", "210204", "--as", "w_haizhou"],
            ["--county", "210204"],
            ["{file}"],
        ],
    },
    "import-settlement": {
        "parses": ["{file}", "--county", "210204", "--month", "2026-03"],
        "mistakes": [
            ["{missing}", "--county", "210204", "--month", "2026-03"],
            ["{file}", "--county", "999999", "--month", "2026-03"],
            ["{file}", "--county", "210204", "--month", "2026-13"],
            ["{file}", "--county", "210204", "--month", "2026-03", *NOBODY],
        ],
    },
    "policy-simulate": {
        "parses": ["--area", "210204", "--standard", "800"],
        "mistakes": [
            ["--area", "999999", "--standard", "800"],
            ["--area", "210204", "--standard", "800", "--month", "2026-13"],
            ["--area", "210204", "--standard", "lots"],
            ["--area", "210204", "--standard", "800", "--xlsx", "{nofolder}"],
        ],
    },
    "set-standard": {
        "parses": ["--area", "210204", "--kind", "urban", "--amount", "800", "--from", "2026-01"],
        "mistakes": [
            ["--area", "999999", "--kind", "urban", "--amount", "800", "--from", "2026-01"],
            ["--area", "210204", "--kind", "urban", "--amount", "800", "--from", "2026-13"],
            ["--area", "210204", "--kind", "urban", "--amount", "-8", "--from", "2026-01"],
            ["--area", "210204", "--kind", "urban", "--amount", "800", "--from", "2026-01", *NOBODY],
        ],
    },
    "casefile": {
        "parses": ["--household", "21020400000001", "--out", "{out}"],
        "mistakes": [
            ["--household", "no-such-number", "--out", "{out}"],
            ["--household", "21020400000001", "--out", "{nofolder}"],
            ["--household", "21020400000001", "--out", "{out}", *NOBODY],
            ["--out", "{out}"],
        ],
    },
    "casefiles": {
        "parses": ["--area", "210204", "--out", "{out}"],
        "mistakes": [
            ["--area", "999999", "--out", "{out}"],
            ["--area", "210204", "--out", "{nofolder}"],
            ["--area", "210204", "--out", "{out}", *NOBODY],
            ["--area", "210204", "--out", "{out}", "--as", "a_admin"],
            ["--area", "210204"],
        ],
    },
    "export-roster": {
        "parses": ["--area", "210204", "--out", "{out}"],
        "mistakes": [["--area", "999999", "--out", "{out}"], ["--area", "210204", "--out", "{nofolder}"]],
    },
    "import-roster": {
        "parses": ["{file}", "--community", "210204001001"],
        "mistakes": [
            ["{missing}", "--community", "210204001001"],
            ["{file}", "--community", "999999"],
            ["{file}", "--community", "210204001001", *NOBODY],
        ],
    },
    "import-recipients": {
        "parses": ["{file}", "--county", "210204"],
        "mistakes": [
            ["{missing}", "--county", "210204"],
            ["{file}", "--county", "999999"],
            ["{file}", "--county", "210204", *NOBODY],
            ["{file}", "--county", "210204", "--from", "2026-13"],
            ["{file}", "--county", "210204", "--from", "2026-01", "--urban-rural", "suburb"],
            ["{file}", "--county", "210204", "--program", "nothing", "--from", "2026-01"],
            ["{file}", "--county", "210204", "--program", "near_poverty", "--from", "2026-01"],
            ["{file}", "--county", "210204", "--program", "elderly_allowance"],
            ["{file}", "--county", "210204", "--program", "elderly_allowance", "--from", "2026-13"],
        ],
    },
    "change-report": {
        "parses": ["--area", "210204", "--from", "2026-01-01", "--to", "2026-01-31", "--json"],
        "mistakes": [
            ["--area", "999999", "--from", "2026-01-01", "--to", "2026-01-31", "--json"],
            ["--area", "210204", "--from", "2026-02-30", "--to", "2026-01-31", "--json"],
            ["--area", "210204", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "{nofolder}"],
            ["--area", "210204", "--from", "2026-01-01", "--to", "2026-01-31", "--json", *NOBODY],
            ["--area", "210204", "--program", "nope", "--from", "2026-01-01", "--to", "2026-01-31", "--json"],
        ],
    },
    "gradual-exits": {"parses": [], "mistakes": [["--county", "999999"]]},
    "statistics-snapshot": {
        "parses": ["--county", "210204", "--month", "2026-01", "--json"],
        "mistakes": [
            ["--county", "999999", "--month", "2026-01"],
            ["--county", "210204001000", "--month", "2026-01"],  # a street, not a county
            ["--county", "210204", "--month", "2026-13"],
            ["--county", "210204"],
        ],
    },
    "statistics-check": {
        "parses": ["--county", "210204", "--json"],
        "mistakes": [["--county", "999999"], ["--county", "210204", "--month", "January"], []],
    },
    "statistics": {
        "parses": ["--area", "210204", "--month", "2026-01", "--json"],
        "mistakes": [
            ["--area", "999999", "--month", "2026-01", "--json"],
            ["--area", "210204", "--month", "2026-13", "--json"],
            ["--area", "210204", "--month", "2026-03", "--to", "2026-01", "--json"],
            ["--area", "210204", "--month", "2026-01", "--by", "street,colour", "--json"],
            ["--area", "210204", "--month", "2026-01", "--program", "nope", "--json"],
            ["--area", "210204", "--month", "2026-01", "--xlsx", "{nofolder}"],
            ["--area", "210204", "--month", "2026-01", "--json", *NOBODY],
            ["--area", "210204", "--month", "2026-01", "--json", "--as", "a_admin"],
            ["--area", "210204"],
        ],
    },
    "statistics-return": {
        "parses": ["--county", "210204", "--month", "2026-01", "--program", "dibao", "--json"],
        "mistakes": [
            ["--county", "999999", "--month", "2026-01", "--program", "dibao"],
            ["--county", "210204001000", "--month", "2026-01", "--program", "dibao"],  # a street
            ["--county", "210204", "--month", "2026-13", "--program", "dibao"],
            ["--county", "210204", "--month", "2099-01", "--program", "dibao"],
            ["--county", "210204", "--month", "2026-01", "--program", "nope"],
            ["--county", "210204", "--month", "2026-01"],
            ["--county", "210204", "--month", "2026-01", "--program", "dibao", "--xlsx", "{nofolder}"],
            ["--county", "210204", "--month", "2026-01", "--program", "dibao", *NOBODY],
            ["--county", "210204", "--month", "2026-01", "--program", "dibao", "--as", "a_admin"],
        ],
    },
    "year-end": {
        "parses": ["--area", "210204", "--year", "2026", "--json"],
        "mistakes": [
            ["--area", "999999", "--year", "2026", "--json"],
            ["--area", "210204", "--year", "20x6", "--json"],
            ["--area", "210204", "--year", "2026", "--program", "nope", "--json"],
            ["--area", "210204", "--year", "2026", "--docx", "{nofolder}"],
            ["--area", "210204", "--year", "2026", "--json", *NOBODY],
            ["--area", "210204", "--year", "2026", "--json", "--as", "a_admin"],
            ["--area", "210204"],
        ],
    },
    "household-categories": {
        "parses": ["--county", "210204"],
        "mistakes": [
            ["--county", "999999"],
            ["--county", "210204001000"],
            ["--county", "210204", "--add", ""],
            ["--county", "210204", "--add", "x", "--as", "w_haizhou"],
            ["--county", "210204", "--rename", "nothing-here", "x"],
            ["--county", "210204", "--rename", "only-one"],
            ["--county", "210204", "--delete", "nothing-here"],
            ["--county", "210204", "--move-to", "x"],
            ["--county", "210204", "--add", "x", "--delete", "y"],
            ["--county", "210204", *NOBODY],
        ],
    },
    "reviews-due": {
        "parses": ["--area", "210204"],
        "mistakes": [["--area", "999999"], ["--area", "210204", "--days", "-1"]],
    },
    "worklist": {
        "parses": ["--user", "w_haizhou"],
        "mistakes": [["--user", "nobody-here"], ["--user", "a_admin", "--json", "--limit", "3"], []],
    },
    "workdays": {
        "parses": ["--year", "2026"],
        "mistakes": [["--from", "2026-13-01", "--add", "3"], [], ["--from", "2026-01-05", "--add", "0"]],
    },
}


def project_commands() -> set[str]:
    return {name.replace("_", "-") for name, app in get_commands().items() if app.startswith("dibao.")}


def filled(args: list[str], folder: Path, run_id: int = 1) -> list[str]:
    paths: dict[str, object] = {
        "{run}": run_id,
        "{file}": folder / "given.xlsx",
        "{missing}": folder / "not-there.xlsx",
        "{out}": folder / "out.xlsx",
        "{nofolder}": folder / "no-such-folder" / "out.xlsx",
    }
    (folder / "given.xlsx").write_bytes(b"not really a workbook")
    return [str(paths.get(arg, arg)) for arg in args]


@pytest.fixture(autouse=True)
def connection_kept(monkeypatch):  # type: ignore[no-untyped-def]
    """A command run from the command line closes the database connections when it ends; in a
    test that would close the test's own transaction (PostgreSQL), so they stay open here."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys, *argv: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """The `dibao` entry point as a shell runs it: its exit status and what it wrote to stderr.
    Any exception other than the exit would have been a traceback, and fails the test."""
    capsys.readouterr()
    try:
        cli.main(["dibao", *argv])
    except SystemExit as exited:
        code = exited.code if isinstance(exited.code, int) else 1
    else:
        code = 0
    return code, capsys.readouterr().err


def one_line(stderr: str) -> bool:
    return len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr


def test_every_command_of_the_project_has_its_mistakes_listed():
    assert set(COMMANDS) == project_commands()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_mistakes_are_one_line_and_a_failure(command, areas, users, tmp_path, capsys):
    run_id = payroll.run_draft(county=areas.county, month=datetime.date(2026, 1, 1), actor=None).pk
    mistakes = [*COMMANDS[command]["mistakes"], [*COMMANDS[command]["parses"], "--no-such-option"]]
    answers = {}
    for args in mistakes:
        code, stderr = run(capsys, command, *filled(args, tmp_path, run_id))
        answers[" ".join(args)] = (code != 0, one_line(stderr), stderr.strip())
    assert {args: answer for args, answer in answers.items() if answer[:2] != (True, True)} == {}
    assert not (tmp_path / "no-such-folder").exists()


def test_the_demo_is_refused_on_a_server_unless_forced(areas, capsys):
    with override_settings(DEMO_DATA_ALLOWED=False):
        code, stderr = run(capsys, "demo-data", "--households", "0")
        assert code != 0 and one_line(stderr) and "--force" in stderr
        assert run(capsys, "demo-data", "--households", "0", "--force")[0] == 0


def test_a_migrated_database_is_not_called_unmigrated(db):
    assert unmigrated_message(["dibao", "areas"]) is None


# Run in a process of its own: the tests' database is migrated; this one has no table at all.
UNMIGRATED = """
import contextlib, io, json, sys
from dibao.config import cli
answers = {}
for command, args in json.loads(sys.argv[1]).items():
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            cli.main(["dibao", command, *args])
            code = 0
        except SystemExit as exited:
            code = exited.code if isinstance(exited.code, int) else 1
        except BaseException as exc:  # what would have been a traceback
            code, err = "traceback", io.StringIO(repr(exc))
    answers[command] = [code, err.getvalue()]
print(json.dumps(answers))
"""


# Commands whose work is an empty database: restoring a backup into one.
FOR_EMPTY_DATABASES = {"restore"}


def test_on_a_database_not_yet_migrated_every_command_says_run_migrate(tmp_path):
    lines = {
        command: filled(c["parses"], tmp_path)
        for command, c in COMMANDS.items()
        if command not in FOR_EMPTY_DATABASES
    }
    lines["assess"] += ["--language", "en"]
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dibao.config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", UNMIGRATED, json.dumps(lines)],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    answers = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(answers) == set(COMMANDS) - FOR_EMPTY_DATABASES
    wrong = {
        command: answer
        for command, (code, stderr) in answers.items()
        if not (code == 1 and one_line(stderr) and "dibao migrate" in stderr)
        for answer in [(code, stderr)]
    }
    assert wrong == {}
    assert "请先运行" in answers["areas"][1]  # in Chinese, the site's language
    assert "run `dibao migrate` first" in answers["assess"][1]  # or in the language asked for
