"""The migrations that made program a field of the ledger, run on a populated database.

The database is taken back to before them, filled through the historical models with what a
county has (a household with a replaced and an open entitlement, its movements, an application,
a review, a recalculation, a payroll run with a line and a waiting adjustment), and migrated
forward: every row is 低保's, the constraints per household and program hold, and the way back
works too.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("benefits", "0004_recipient_import_summary"),
    ("cases", "0002_investigation_photos_as_materials"),
    ("payroll", "0003_bank_layout_guard_and_control_total"),
    ("reviews", "0001_initial"),
]
AFTER = [
    ("benefits", "0005_program"),
    ("cases", "0003_program"),
    ("payroll", "0004_program"),
    ("reviews", "0002_program"),
]
MONTH = datetime.date(2026, 3, 1)


def migrate(targets: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    """Migrate to `targets` and answer the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def populate(apps) -> dict[str, int]:  # type: ignore[no-untyped-def]
    get = apps.get_model
    area = get("areas", "Area")
    county = area.objects.create(code="210204", name="沙河口区", level="county", scope_prefix="210204")
    street = area.objects.create(
        code="210204001000", name="星海湾街道", level="street", parent=county, scope_prefix="210204001"
    )
    community = area.objects.create(
        code="210204001001", name="海州社区", level="community", parent=street, scope_prefix="210204001001"
    )
    household = get("registry", "Household").objects.create(
        number="H1",
        county=county,
        community=community,
        address="1 号",
        urban_rural="urban",
        status="receiving",
    )
    head = get("registry", "Member").objects.create(
        household=household,
        name="张三",
        id_number="210204195001011234",
        birth_date=datetime.date(1950, 1, 1),
        sex="M",
        relation="self",
        hukou="urban",
    )
    entitlement = get("benefits", "Entitlement")
    old = entitlement.objects.create(
        household=household,
        month_from=datetime.date(2025, 1, 1),
        month_to=datetime.date(2026, 2, 1),
        amount=Decimal("500.00"),
        persons=1,
        urban_rural="urban",
        reason="approval",
    )
    current = entitlement.objects.create(
        household=household,
        month_from=MONTH,
        amount=Decimal("520.00"),
        persons=1,
        urban_rural="urban",
        reason="standard",
    )
    for kind, e in (("new", old), ("raise", current)):
        get("benefits", "Movement").objects.create(
            household=household,
            community=community,
            kind=kind,
            recorded_on=e.month_from,
            month=e.month_from,
            reason=e.reason,
            urban_rural="urban",
            entitlement=e,
        )
    standard = get("policy", "Standard").objects.create(
        area=county, kind="urban", amount=Decimal("800.00"), valid_from=MONTH
    )
    recalculation = get("benefits", "Recalculation").objects.create(
        area=county, standard=standard, month=MONTH
    )
    get("benefits", "RecalculationLine").objects.create(
        recalculation=recalculation,
        household=household,
        entitlement=old,
        amount_before=Decimal("500.00"),
        amount_after=Decimal("520.00"),
        eligible=True,
        persons=1,
        standard=Decimal("800.00"),
        per_capita_income=Decimal("280.00"),
    )
    application = get("cases", "Application").objects.create(
        household=household, community=community, applicant_name="张三", state="submitted"
    )
    review = get("reviews", "Review").objects.create(
        household=household, community=community, kind="scheduled", due_on=MONTH
    )
    run = get("payroll", "Run").objects.create(county=county, month=MONTH, households=1, persons=1, total=520)
    line = get("payroll", "Line").objects.create(
        run=run,
        household=household,
        entitlement=current,
        community=community,
        street=street,
        urban_rural="urban",
        persons=1,
        amount=Decimal("520.00"),
        total=Decimal("520.00"),
        head_name=head.name,
        head_id_number=head.id_number,
    )
    adjustment = get("payroll", "Adjustment").objects.create(
        household=household, kind="reissue", amount=Decimal("520.00"), source_line=line
    )
    return {
        "household": household.pk,
        "head": head.pk,
        "current": current.pk,
        "run": run.pk,
        "application": application.pk,
        "review": review.pk,
        "adjustment": adjustment.pk,
    }


LEDGER = [
    ("benefits", "Entitlement", 2),
    ("benefits", "Movement", 2),
    ("benefits", "RecalculationLine", 1),
    ("cases", "Application", 1),
    ("reviews", "Review", 1),
    ("payroll", "Line", 1),
    ("payroll", "Adjustment", 1),
]


def refused(make) -> bool:  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db(transaction=True)
def test_a_populated_database_migrates_to_programs_and_back() -> None:
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        ids = populate(migrate(BEFORE))

        apps = migrate(AFTER)
        for app, model, count in LEDGER:
            rows = apps.get_model(app, model).objects.all()
            assert rows.count() == count, model
            assert set(rows.values_list("program_id", flat=True)) == {"dibao"}, model
        entitlement = apps.get_model("benefits", "Entitlement")
        assert not entitlement.objects.filter(member__isnull=False).exists()
        assert apps.get_model("cases", "Application").objects.get().member_id is None

        # The way back keeps every row (the program columns go, the old constraints come back).
        apps = migrate(BEFORE)
        for app, model, count in LEDGER:
            assert apps.get_model(app, model).objects.count() == count, model
        apps = migrate(AFTER)

        # One open 低保 entitlement per household, as before …
        entitlement = apps.get_model("benefits", "Entitlement")
        current = entitlement.objects.get(pk=ids["current"])
        values = {
            "household_id": ids["household"],
            "month_from": MONTH,
            "amount": Decimal("100.00"),
            "persons": 1,
            "urban_rural": "urban",
            "reason": "approval",
        }
        assert refused(lambda: entitlement.objects.create(**values))
        # … while the head may hold a person's program beside it, once.
        entitlement.objects.create(**values, program_id="elderly_allowance", member_id=ids["head"])
        assert refused(
            lambda: entitlement.objects.create(
                **values, program_id="elderly_allowance", member_id=ids["head"]
            )
        )
        # A household program is held by the household, open once too.
        entitlement.objects.create(**values, program_id="near_poverty")
        assert refused(lambda: entitlement.objects.create(**values, program_id="near_poverty"))
        # A code that is no program is refused by the database.
        assert refused(
            lambda: entitlement.objects.create(**{**values, "month_to": MONTH}, program_id="nothing")
        )

        application = apps.get_model("cases", "Application")
        opened = {"household_id": ids["household"], "community_id": current.household.community_id}
        assert refused(lambda: application.objects.create(**opened, applicant_name="张三", state="draft"))
        application.objects.create(**opened, applicant_name="张三", state="draft", program_id="near_poverty")

        review = apps.get_model("reviews", "Review")
        assert refused(lambda: review.objects.create(**opened, kind="change", due_on=MONTH))

        line = apps.get_model("payroll", "Line")
        first = line.objects.get()
        copy = {f.attname: getattr(first, f.attname) for f in line._meta.concrete_fields if f.attname != "id"}
        assert refused(lambda: line.objects.create(**copy))
    finally:
        MigrationExecutor(connection).migrate(leaf)
