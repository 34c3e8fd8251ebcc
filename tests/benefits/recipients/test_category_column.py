"""The recipients roster's 人员类别 column, as the register's roster reads it."""

import datetime

import pytest

from dibao.benefits.recipients.importer import import_recipients
from dibao.registry.models import Household, HouseholdCategory

from .recipients_files import RECIPIENT_HEADERS, family, recipients_csv, set_standards

pytestmark = pytest.mark.django_db


def _run(areas, users, rows):  # type: ignore[no-untyped-def]
    return import_recipients(
        filename="名册.csv",
        content=recipients_csv(rows, headers=[*RECIPIENT_HEADERS, "人员类别"]),
        county=areas.county,
        actor=users.county,
        today=datetime.date(2026, 11, 15),
    )


def test_the_category_is_set_and_an_unknown_one_refused(areas, users):
    set_standards(areas)
    ours = HouseholdCategory.objects.create(county=areas.county, name="市直企业下岗职工")
    head, rows = family()
    rows[0].append("市直企业下岗职工")
    rows[1].append("")
    _bad_head, bad_rows = family()
    bad_rows[0].append("无此类别")
    bad_rows[1].append("")
    refused = _run(areas, users, rows + bad_rows)
    assert [(e.row, e.column) for e in refused.errors] == [(4, "人员类别")]
    assert not Household.objects.exists()
    result = _run(areas, users, rows)
    assert result.errors == []
    assert Household.objects.get(members__id_number=head).category == ours
