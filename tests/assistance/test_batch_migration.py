"""The migration that made a grant's batch a foreign key, run on a database with grants that already
named a batch id: each id becomes a batch row of the grants' county and program, with their figures,
sent to the bank when its grants were, and a grant still names it; new batches number after it."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ..benefits.test_program_migration import migrate

BEFORE = [("assistance", "0005_holiday")]
AFTER = [("assistance", "0006_disbursement_batch")]


@pytest.mark.django_db(transaction=True)
def test_grants_that_named_a_batch_keep_it_as_a_row() -> None:
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        apps = migrate(BEFORE)
        get = apps.get_model
        area = get("areas", "Area")
        county = area.objects.create(code="210204", name="沙河口区", level="county", scope_prefix="210204")
        community = area.objects.create(
            code="210204001001",
            name="海州社区",
            level="community",
            parent=county,
            scope_prefix="210204001001",
        )
        household = get("registry", "Household").objects.create(
            number="H1", county=county, community=community, address="1 号", urban_rural="urban"
        )
        grant = get("assistance", "OneOffGrant")
        common = {
            "program_id": "temporary",
            "household": household,
            "community": community,
            "county": county,
            "kind": "emergency",
            "category": "fire",
            "reason": "失火",
            "decided_on": datetime.date(2026, 1, 5),
        }
        sent = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
        grant.objects.create(
            **common, amount=Decimal("100.10"), paid_batch_id=41, state="paid", exported_at=sent
        )
        grant.objects.create(
            **common, amount=Decimal("200.20"), paid_batch_id=41, state="paid", exported_at=sent
        )
        grant.objects.create(**common, amount=Decimal("50.00"), paid_batch_id=42)
        grant.objects.create(**common, amount=Decimal("9.00"))

        apps = migrate(AFTER)
        batch = apps.get_model("assistance", "DisbursementBatch")
        first, second = batch.objects.order_by("id")
        assert (first.pk, first.state, first.households, first.persons, first.amount, first.exported_at) == (
            41,
            "exported",
            1,
            2,
            Decimal("100.10") + Decimal("200.20"),
            sent,
        )
        assert (second.pk, second.number, second.state, second.county_id) == (42, 2, "draft", county.pk)
        grants = apps.get_model("assistance", "OneOffGrant").objects
        assert sorted(grants.values_list("paid_batch_id", flat=True), key=lambda v: v or 0) == [
            None,
            41,
            41,
            42,
        ]
        # The sequence moved past the kept ids.
        made = batch.objects.create(county_id=county.pk, program_id="temporary", number=3, title="第3批")
        assert made.pk > 42
    finally:
        MigrationExecutor(connection).migrate(leaf)
