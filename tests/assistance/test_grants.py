"""The one-off grant ledger: recorded with its reason, audited, cancelled with a reason."""

import datetime
from decimal import Decimal

import pytest

from dibao.assistance.models import GrantForm, GrantState, OneOffGrant
from dibao.assistance.services.grants import one_off_grant_cancel, one_off_grant_record
from dibao.core.errors import DomainError, NotFound
from dibao.core.models import AuditEntry
from tests.factories import make_household

DAY = datetime.date(2026, 1, 10)


def grant(household, actor, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "program": "temporary",
        "household": household,
        "member": None,
        "amount": "1200.00",
        "kind": "emergency",
        "category": "fire",
        "reason": "房屋失火",
        "decided_on": DAY,
        "actor": actor,
    }
    values.update(overrides)
    return one_off_grant_record(**values)


def test_a_grant_is_recorded_and_audited(users, areas):
    household = make_household(areas.haizhou, users.haizhou)
    made = grant(household, users.street)
    assert (made.amount, made.state, made.form, made.county_id) == (
        Decimal("1200.00"),
        GrantState.GRANTED,
        GrantForm.CASH,
        areas.county.pk,
    )
    assert AuditEntry.objects.filter(object_type="assistance.oneoffgrant", object_id=str(made.pk)).exists()


def test_in_kind_names_its_goods(users, areas):
    household = make_household(areas.haizhou, users.haizhou)
    made = grant(household, users.street, in_kind="棉被2床、大米50斤", amount="400")
    assert made.form == GrantForm.IN_KIND and made.goods.startswith("棉被")
    with pytest.raises(DomainError) as exc:
        grant(household, users.street, in_kind="  ")
    assert "goods" in exc.value.errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", "0"),
        ("amount", "12.345"),
        ("amount", "abc"),
        ("reason", " "),
        ("program", "dibao"),
        ("kind", ""),
    ],
)
def test_bad_input_names_the_field(users, areas, field, value):
    household = make_household(areas.haizhou, users.haizhou)
    with pytest.raises(DomainError) as exc:
        grant(household, users.street, **{field: value})
    assert field in exc.value.errors
    assert not OneOffGrant.objects.exists()


def test_another_area_cannot_grant(users, areas):
    household = make_household(areas.haizhou, users.haizhou)
    with pytest.raises(NotFound):
        grant(household, users.liubeiqiao)


def test_cancel_needs_a_reason_and_refuses_once_sent(users, areas):
    household = make_household(areas.haizhou, users.haizhou)
    made = grant(household, users.street)
    with pytest.raises(DomainError) as exc:
        one_off_grant_cancel(grant=made, reason="", actor=users.street)
    assert "reason" in exc.value.errors
    cancelled = one_off_grant_cancel(grant=made, reason="重复申请", actor=users.street)
    assert cancelled.state == GrantState.CANCELLED
    sent = grant(household, users.street)
    OneOffGrant.objects.filter(pk=sent.pk).update(
        state=GrantState.PAID, exported_at=datetime.datetime(2026, 2, 3, tzinfo=datetime.UTC)
    )
    with pytest.raises(DomainError) as exc:
        one_off_grant_cancel(grant=sent, reason="错误", actor=users.street)
    assert exc.value.code == "exported" and "2026-02-03" in str(exc.value)
