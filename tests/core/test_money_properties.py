"""Whatever `parse_amount` accepts for a column is stored in it and read back unchanged, on SQLite
and PostgreSQL alike (hypothesis). An amount the column cannot hold fails differently on each:
PostgreSQL refuses to write it, SQLite writes it and then cannot read the row back — which is how
one income once made a household's every page fail."""

import datetime
from decimal import Decimal

import pytest
from django.db import models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dibao.core.errors import DomainError
from dibao.core.money import parse_amount
from dibao.policy.models import Standard
from dibao.policy.validation import parse_standard
from dibao.registry.models import Asset, Income

from ..factories import make_household

pytestmark = pytest.mark.django_db

# Around every limit: whole numbers of any length, any places, signs, and what people type around them.
digits = st.text("0123456789", min_size=1, max_size=18)
places = st.one_of(st.just(""), st.text("0123456789", min_size=0, max_size=4).map(lambda p: "." + p))
typed = st.builds(
    lambda sign, whole, fraction, prefix, suffix: f"{prefix}{sign}{whole}{fraction}{suffix}",
    st.sampled_from(["", "-", "+"]),
    digits,
    places,
    st.sampled_from(["", "￥", " "]),
    st.sampled_from(["", "元", " "]),
)
amounts = st.one_of(
    typed,
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**16), max_value=10**16),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e16, max_value=1e16),
)


def _money(model: type[models.Model], name: str):  # type: ignore[no-untyped-def]
    return lambda value: parse_amount(value, column=model._meta.get_field(name))


def _accepted(read, value: object) -> Decimal | None:  # type: ignore[no-untyped-def]
    try:
        return read(value)
    except DomainError:
        return None


@pytest.fixture
def rows(areas, users):  # type: ignore[no-untyped-def]
    household = make_household(areas.haizhou, users.haizhou)
    income = Income.objects.create(
        household=household, kind="wage", amount=Decimal(0), month_from=datetime.date(2026, 1, 1)
    )
    asset = Asset.objects.create(
        household=household, kind="deposit", value=Decimal(0), recorded_on=datetime.date(2026, 1, 1)
    )
    standard = Standard.objects.create(
        area=areas.county, kind="urban", amount=Decimal(1), valid_from=datetime.date(2026, 1, 1)
    )
    # A standard is also more than zero (a database constraint): read as the standards are.
    return [
        (Income, income.pk, "amount", _money(Income, "amount")),
        (Asset, asset.pk, "value", _money(Asset, "value")),
        (Standard, standard.pk, "amount", parse_standard),
    ]


# The rows are made once per test; each example only updates them (nothing else is written).
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=amounts)
def test_every_accepted_amount_fits_its_column(rows, value):
    for model, pk, name, read in rows:
        amount = _accepted(read, value)
        if amount is None:
            continue
        model._default_manager.filter(pk=pk).update(**{name: amount})
        stored = model._default_manager.values_list(name, flat=True).get(pk=pk)
        assert stored == amount
