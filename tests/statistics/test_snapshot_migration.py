"""The migration that keeps the figures that add up in every grouping's rows, run on snapshots
written before it (the full grouping alone held them): afterwards each snapshot holds exactly what
writing it now holds, and the check finds no difference; migrating back leaves them as before."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q

from dibao.statistics import snapshots
from dibao.statistics.models import Snapshot, SnapshotRow
from dibao.statistics.services import snapshot_write
from tests.statistics import test_worked_examples
from tests.statistics.support import APR, FEB, MAR

from ..benefits.test_program_migration import migrate

books = test_worked_examples.books

BEFORE = [("statistics", "0002_snapshots")]
AFTER = [("statistics", "0003_snapshot_figures_in_every_grouping")]


def _kept() -> dict[int, dict]:  # type: ignore[type-arg]
    return {snapshot.pk: snapshots.stored(snapshot).rows for snapshot in Snapshot.objects.all()}


@pytest.mark.django_db(transaction=True)
def test_snapshots_written_before_get_the_figures_in_every_grouping(areas, users, books) -> None:  # type: ignore[no-untyped-def]
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    for month in (FEB, MAR, APR):
        snapshot_write(county=areas.county, month=month, actor=None)
    written = _kept()
    others = SnapshotRow.objects.exclude(grouping=snapshots.FULL)
    added = Q(fen__gt=0) | Q(new__gt=0) | Q(stopped__gt=0) | Q(lowered__gt=0)
    assert others.filter(added).exists()
    try:
        migrate(BEFORE)
        assert not others.filter(added).exists()
        assert not others.filter(households=0).exists()  # rows of flows alone are gone
        assert _kept() != written
        migrate(AFTER)
    finally:
        MigrationExecutor(connection).migrate(leaf)
    assert _kept() == written
    for snapshot in Snapshot.objects.all():
        assert snapshot.size == snapshot.lines.count()
        assert snapshots.differences(snapshot) == []
