"""The tables that grow by month are partitioned by month on PostgreSQL (core.services.partitions):
rows land in their month's partition or, missing one, in DEFAULT; a month made later takes its rows
out of DEFAULT; a past year is archived and restored with its rows, audited, and the audit chain
still verifies. SQLite keeps plain tables and the command says so."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dibao.benefits.models import Movement
from dibao.core.audit_verify import verify
from dibao.core.models import AuditEntry
from dibao.core.services import partitions
from dibao.payroll import services as payroll
from dibao.payroll.models import Line
from dibao.policy.services import standard_set
from tests.benefits.support import receiving

MONTHLY = {"payroll_line": "month", "core_auditentry": "at"}
MAR_2025 = datetime.date(2025, 3, 1)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL partitions; SQLite keeps plain tables"
)


@pytest.fixture
def standards(areas):
    for kind, amount in (("urban", "360"), ("rural", "200")):
        standard_set(
            area=areas.county, data={"kind": kind, "amount": amount, "valid_from": "2024-01"}, actor=None
        )


def where(table: str) -> dict[str, int]:
    """Rows of `table` by the partition that holds them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text, COUNT(*) FROM {table} GROUP BY 1")
        return dict(cursor.fetchall())


def primary_key(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid "
            "AND a.attnum = ANY(k.conkey) WHERE k.conrelid = %s::regclass AND k.contype = 'p'",
            [table],
        )
        return sorted(name for (name,) in cursor.fetchall())


@postgres_only
@pytest.mark.django_db
def test_each_monthly_table_is_partitioned_by_its_month_with_a_default_and_the_coming_months():
    with connection.cursor() as cursor:
        found = {key.table: key.column for key in partitions.partitioned_tables(cursor)}
        assert found == MONTHLY
        for table, column in MONTHLY.items():
            attached = partitions._attached(cursor, table)
            assert f"{table}_default" in attached
            assert {partitions.partition_name(table, m) for m in partitions.coming_months()} <= attached
            assert primary_key(table) == sorted(["id", column])


@postgres_only
@pytest.mark.django_db
def test_a_drafted_month_gets_its_partition_and_the_lines_land_in_it(areas, users, standards):
    a = receiving(areas.haizhou, users.haizhou, month=MAR_2025)
    run = payroll.run_draft(county=areas.county, month=MAR_2025, actor=users.county)
    assert where("payroll_line") == {"payroll_line_y2025m03": 1}
    line = run.lines.get()
    assert (line.household_id, line.month) == (a.household_id, MAR_2025)
    # Audit entries written today are in today's month, none in DEFAULT.
    this = partitions.coming_months()[0]
    assert set(where("core_auditentry")) == {partitions.partition_name("core_auditentry", this)}
    assert verify().broken is None


@postgres_only
@pytest.mark.django_db
def test_rows_of_a_month_without_partition_wait_in_default_and_move_when_it_is_made(areas, users, standards):
    receiving(areas.haizhou, users.haizhou, month=MAR_2025)
    payroll.run_draft(county=areas.county, month=MAR_2025, actor=users.county)
    with connection.cursor() as cursor:  # a line of a month nobody made a partition for
        cursor.execute(
            "INSERT INTO payroll_line (run_id, month, household_id, entitlement_id, program_id, member_id, "
            "community_id, street_id, urban_rural, benefit_class, persons, amount, arrears, adjustment, "
            "total, head_name, head_id_number, bank_name, bank_account, result, result_reason, grant_id) "
            "SELECT run_id, '2019-07-01', household_id, entitlement_id, program_id, member_id, community_id, "
            "street_id, urban_rural, benefit_class, persons, amount, arrears, adjustment, total, head_name, "
            "head_id_number, bank_name, bank_account, result, result_reason, grant_id FROM payroll_line"
        )
    assert where("payroll_line")["payroll_line_default"] == 1
    made = partitions.ensure_months(connection, [datetime.date(2019, 7, 1)])
    assert made == [f"{table}_y2019m07" for table in sorted(MONTHLY)]
    assert where("payroll_line") == {"payroll_line_y2025m03": 1, "payroll_line_y2019m07": 1}
    assert partitions.ensure_months(connection, [datetime.date(2019, 7, 1)]) == []


@postgres_only
@pytest.mark.django_db
def test_a_past_year_is_archived_and_restored_with_its_rows_and_audited(areas, users, standards):
    receiving(areas.haizhou, users.haizhou, month=MAR_2025)
    payroll.run_draft(county=areas.county, month=MAR_2025, actor=users.county)
    trail = AuditEntry.objects.count()

    call_command("partitions", "--archive", "2025")
    assert not Line.objects.filter(month__year=2025).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM archive.payroll_line_y2025m03")
        assert cursor.fetchone()[0] == 1
    assert partitions.archived_years(connection) == [2025]
    archived = AuditEntry.objects.filter(object_type="core.partition")
    # Twelve months of each table but the audit trail, which stays attached and whole.
    assert archived.count() == 12
    assert archived.get(object_id="payroll_line_y2025m03").after == {"schema": "archive", "rows": 1}
    assert AuditEntry.objects.exclude(object_type="core.partition").count() == trail
    assert verify().broken is None
    # Benefit changes are not partitioned: they stay.
    assert Movement.objects.exists()

    call_command("partitions", "--restore", "2025")
    assert Line.objects.filter(month=MAR_2025).count() == 1
    assert partitions.archived_years(connection) == []
    assert AuditEntry.objects.filter(object_type="core.partition").count() == 24
    assert verify().broken is None
    with pytest.raises(CommandError, match="nothing of 2025 is archived"):
        call_command("partitions", "--restore", "2025")


@pytest.mark.django_db
def test_only_a_past_year_is_archived():
    this_year = datetime.date.today().year
    with pytest.raises(CommandError, match="not a past year"):
        call_command("partitions", "--archive", str(this_year))
    with pytest.raises(CommandError, match="not a past year"):
        call_command("partitions", "--restore", "20x5")


@pytest.mark.django_db
def test_sqlite_keeps_plain_tables_and_the_command_says_so():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's answer")
    assert partitions.ensure_months(connection) == []
    assert partitions.archive_year(connection, year=2020) == []
    with pytest.raises(CommandError, match="only PostgreSQL partitions"):
        call_command("partitions")


def test_the_migrations_partitioning_step_is_reversible_and_a_squash_can_write_it():
    """payroll 0007 and core 0005 take their step from `partitions.operation`; squashmigrations
    writes it back as the same step (a function made inside `operation` could not be written)."""
    from django.db import migrations
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.writer import MigrationWriter

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    for app, name, table, column in (
        ("payroll", "0007_lines_partitioned_by_month", "payroll_line", "month"),
        ("core", "0005_audit_partitioned_by_month", "core_auditentry", "at"),
    ):
        step = graph.nodes[(app, name)].operations[-1]
        assert step.reversible and not step.elidable
        text, imports = MigrationWriter.serialize(step)
        written = {"migrations": migrations}
        exec("\n".join(sorted(imports)) + f"\nstep = {text}", written)
        for made in (step, written["step"]):
            assert (made.code.table, made.code.column, made.code.undo) == (table, column, False)
            assert (made.reverse_code.table, made.reverse_code.column, made.reverse_code.undo) == (
                table,
                column,
                True,
            )
