"""The programs panel of the household page: what the household and its members hold, what is
under way, and what the register shows they could apply for, with the link that starts it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dibao.benefits.services import Grant, entitlement_grant
from dibao.policy.programs import codes
from dibao.registry.services import household_status_record, member_add
from tests.factories import id_number, make_household, member_data

pytestmark = pytest.mark.django_db

GRANT = Grant(amount=Decimal("277.00"), persons=1, urban_rural="urban")


def test_the_panel_shows_every_program_held_and_what_could_be_applied_for(areas, users, login):
    h = make_household(areas.haizhou, users.haizhou)
    household_status_record(household=h, status="receiving", actor=users.haizhou)
    entitlement_grant(
        household=h,
        grant=Grant(amount=Decimal("455.00"), persons=1, urban_rural="urban"),
        month_from=datetime.date(2026, 1, 1),
        reason="approval",
        actor=None,
    )
    disabled = member_add(
        household=h,
        data=member_data(
            id_number=id_number(datetime.date(1980, 5, 1)), disability_type="limb", disability_grade=1
        ),
        actor=users.haizhou,
    )
    entitlement_grant(
        household=h,
        grant=GRANT,
        month_from=datetime.date(2026, 1, 1),
        reason="approval",
        actor=None,
        program=codes.DISABILITY_CARE,
        member=disabled,
    )
    page = login(users.haizhou).get(reverse("registry:household-detail", args=[h.pk]))
    panel = page.context["programs_panel"]
    assert sorted(row.entitlement.program_id for row in panel.held) == [codes.DIBAO, codes.DISABILITY_CARE]
    # Care held, the living subsidy not; and with no work capacity and no supporter recorded in a
    # 低保 household, 特困 too: what the register shows she could apply for.
    assert sorted((c.found.program, c.found.member_id) for c in panel.could) == [
        (codes.DISABILITY_LIVING, disabled.pk),
        (codes.EXTREME_POVERTY, disabled.pk),
    ]
    html = page.content.decode()
    assert f"program={codes.DISABILITY_LIVING}&amp;member={disabled.pk}" in html
    # The auditor reads the panel but is offered no application.
    audit = login(users.auditor).get(reverse("registry:household-detail", args=[h.pk])).content.decode()
    assert "programs-held" in audit and f"member={disabled.pk}" not in audit
