"""The base of every `dibao` sub-command: mistakes in one line, files named when they fail."""

import argparse

import pytest
from django.core.management.base import CommandError

from dibao.core.console import ConsoleCommand, command_language, output_file


class Unwritable(ConsoleCommand):
    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--count", type=int)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", "/srv/dibao/out.xlsx")


def test_a_file_the_system_refuses_is_one_line_naming_it(capsys):
    with pytest.raises(SystemExit) as exited:
        Unwritable().run_from_argv(["dibao", "unwritable"])
    assert exited.value.code == 1
    assert capsys.readouterr().err == "CommandError: Permission denied: /srv/dibao/out.xlsx\n"


def test_a_wrong_option_is_one_line_naming_the_command(capsys):
    with pytest.raises(SystemExit) as exited:
        Unwritable().run_from_argv(["dibao", "unwritable", "--count", "many"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("dibao unwritable: argument --count: invalid int value")
    with pytest.raises(CommandError, match="invalid int value"):  # call_command, as Django does
        Unwritable().create_parser("dibao", "unwritable").parse_args(["--count", "many"])


def test_out_must_go_into_a_folder_that_exists(tmp_path):
    assert output_file(str(tmp_path / "a.xlsx")) == tmp_path / "a.xlsx"
    with pytest.raises(argparse.ArgumentTypeError, match="no folder"):
        output_file(str(tmp_path / "missing" / "a.xlsx"))
    with pytest.raises(argparse.ArgumentTypeError, match="is a folder"):
        output_file(str(tmp_path))


@pytest.mark.parametrize(
    ("argv", "language"),
    [
        (["dibao", "areas"], "zh-hans"),
        (["dibao", "assess", "--language", "en"], "en"),
        (["dibao", "assess", "--language=en"], "en"),
        (["dibao", "assess", "--language", "fr"], "zh-hans"),
    ],
)
def test_the_language_of_a_command_line(argv, language):
    assert command_language(argv) == language
