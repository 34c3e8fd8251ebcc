"""The figures of one-off assistance add up: a year is the sum of its months."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from dibao.assistance.reports import report
from dibao.assistance.services.grants import one_off_grant_cancel, one_off_grant_record
from tests.factories import make_household


def test_a_year_is_the_sum_of_its_months(areas, users, capsys):
    household = make_household(areas.haizhou, users.haizhou)
    other = make_household(areas.liubeiqiao, users.liubeiqiao)
    for h, day, amount, category in (
        (household, datetime.date(2026, 1, 5), "720.00", "fire"),
        (household, datetime.date(2026, 3, 5), "333.33", "illness"),
        (other, datetime.date(2026, 3, 9), "1000.01", "fire"),
    ):
        one_off_grant_record(
            program="temporary",
            household=h,
            member=None,
            amount=amount,
            kind="emergency",
            category=category,
            reason="r",
            decided_on=day,
            actor=None,
        )
    gone = one_off_grant_record(
        program="temporary",
        household=other,
        member=None,
        amount="5",
        kind="expense",
        category="medical",
        reason="r",
        decided_on=datetime.date(2026, 3, 9),
        actor=None,
    )
    one_off_grant_cancel(grant=gone, reason="错", actor=None)
    year = report(areas.county, year=2026)
    months = [report(areas.county, year=2026, month=m)["total"] for m in range(1, 13)]
    assert year["total"] == {"times": 3, "households": 2, "amount": "2053.34", "amount_wan": "0.21"}
    assert sum(m["times"] for m in months) == 3
    assert sum(Decimal(m["amount"]) for m in months) == Decimal("2053.34")
    assert year["by_category"]["fire"]["times"] == 2
    assert report(areas.xinghaiwan, year=2026)["total"]["amount"] == "1053.33"
    call_command("assistance_report", "--area", "210204", "--year", "2026", "--month", "3", "--json")
    assert json.loads(capsys.readouterr().out)["total"]["times"] == 2


@pytest.mark.parametrize(
    "args",
    [["--area", "999"], ["--year", "20x6"], ["--month", "13"], ["--program", "dibao"]],
)
def test_command_mistakes(areas, args):
    base = {"--area": "210204", "--year": "2026"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    argv = [x for k, v in {**base, **given}.items() for x in (k, v)]
    with pytest.raises(CommandError):
        call_command("assistance_report", *argv)
