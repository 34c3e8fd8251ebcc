"""A county's disbursement batch of one-off grants: made from the grants waiting to be paid in a
batch, approved by a second officer, sent to the bank in its own file (the payroll's format), and
each grant paid once — never in a batch and a run, never cancelled once sent."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from dibao.assistance.batches import bankfile
from dibao.assistance.batches.services import (
    batch_approve,
    batch_bank_file_export,
    batch_create,
)
from dibao.assistance.models import BatchState, DisbursementBatch, GrantState, OneOffGrant
from dibao.assistance.reports import report
from dibao.assistance.services.grants import one_off_grant_cancel, one_off_grant_record
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.core.roles import Role
from dibao.payroll import services as payroll
from dibao.payroll.models import BankLayout, Line
from dibao.policy.models import Program, ProgramRules
from dibao.policy.services import program_rules_set, standard_set
from tests.factories import UserFactory, make_household

JAN = datetime.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def standards(areas):  # type: ignore[no-untyped-def]
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def paid_in(areas, where, program="temporary"):  # type: ignore[no-untyped-def]
    """The county's term from a month after its last version: in force for January 2026 and now."""
    found = Program.objects.get(code=program)
    versions = ProgramRules.objects.filter(area=areas.county, program=found).count()
    program_rules_set(
        area=areas.county,
        program=found,
        data={"valid_from": f"2025-{versions + 1:02d}", "terms": {"paid_in": where}},
        actor=None,
    )


@pytest.fixture
def second(areas):  # type: ignore[no-untyped-def]
    """Another county officer: the one who approves what the first made."""
    return UserFactory.create(username="c_second", role=Role.COUNTY, area=areas.county)


def grant(areas, users, community=None, day=datetime.date(2026, 1, 20), **more):  # type: ignore[no-untyped-def]
    household = make_household(community or areas.haizhou, users.county)
    household.bank_name, household.bank_account = "中国农业银行", "6228480000001234567"
    household.save()
    values = {
        "program": "temporary",
        "household": household,
        "member": None,
        "amount": "720.00",
        "kind": "emergency",
        "category": "fire",
        "reason": "房屋失火",
        "decided_on": day,
        "actor": users.county,
    }
    return one_off_grant_record(**{**values, **more})


def test_a_batch_from_creation_to_bank_file(areas, users, second):
    paid_in(areas, "batch")
    first = grant(areas, users)
    other = grant(areas, users, community=areas.liubeiqiao, amount="1080.50")
    in_kind = grant(areas, users, in_kind="大米50斤", amount="150")
    medical = grant(areas, users, program="medical", kind="inpatient", category="dibao")
    batch = batch_create(county=areas.county, program="temporary", actor=users.county)
    assert (batch.number, batch.state, batch.households, batch.persons, batch.amount) == (
        1,
        BatchState.DRAFT,
        2,
        2,
        Decimal("1800.50"),
    )
    assert batch.title == "临时救助发放 第1批"
    assert set(batch.grants.values_list("pk", flat=True)) == {first.pk, other.pk}
    # Goods handed over and another program's grants are not the bank's.
    assert OneOffGrant.objects.get(pk=in_kind.pk).paid_batch_id is None
    assert OneOffGrant.objects.get(pk=medical.pk).paid_batch_id is None
    # Nothing else waits: a second batch is refused, saying so.
    with pytest.raises(DomainError) as exc:
        batch_create(county=areas.county, program="temporary", actor=users.county)
    assert exc.value.code == "nothing_waiting"
    # No file before approval.
    with pytest.raises(DomainError) as exc:
        batch_bank_file_export(batch=batch, out=io.BytesIO(), actor=users.county)
    assert exc.value.code == "wrong_state"

    batch = batch_approve(batch=batch, actor=second)
    assert (batch.state, batch.approved_by) == (BatchState.APPROVED, second)
    BankLayout.objects.create(
        county=areas.county,
        columns=["number", "name", "account", "amount", "community", "note"],
        file_format="csv",
        encoding="utf-8",
        digit_guard="none",
        control_total="footer",
    )
    out = io.BytesIO()
    count, total = batch_bank_file_export(batch=batch, out=out, actor=users.county)
    assert (count, total) == (2, Decimal("1800.50"))
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert rows[0] == ["序号", "姓名", "银行账号", "金额", "社区", "备注"]
    assert [r[2] for r in rows[1:3]] == ["6228480000001234567"] * 2  # the household's account
    assert sorted(r[3] for r in rows[1:3]) == ["1080.50", "720.00"]
    assert rows[1][5].endswith("临时救助金")
    assert rows[-1] == ["合计", "2", "1800.50"]  # the payroll's control total record
    batch.refresh_from_db()
    assert batch.state == BatchState.EXPORTED and batch.exported_at is not None
    assert set(OneOffGrant.objects.filter(paid_batch=batch).values_list("state", flat=True)) == {
        GrantState.PAID
    }
    notes = set(
        AuditEntry.objects.filter(object_type="assistance.disbursementbatch").values_list("note", flat=True)
    )
    assert {"create", "approve", "exported", "bank file"} <= notes
    # Paid either way, the report counts them.
    figures = report(areas.county, year=2026, month=1, program="temporary")["total"]
    assert (figures["times"], figures["amount"]) == (3, "1950.50")


def test_an_exported_grant_is_never_paid_twice_nor_cancelled(areas, users, second):
    paid_in(areas, "batch")
    made = grant(areas, users)
    batch = batch_create(county=areas.county, program="temporary", actor=users.county)
    batch_approve(batch=batch, actor=second)
    batch_bank_file_export(batch=batch, out=io.BytesIO(), actor=users.county)
    with pytest.raises(DomainError) as exc:
        one_off_grant_cancel(grant=made, reason="错误", actor=users.street)
    assert exc.value.code == "exported"
    assert "sent to the bank" in str(exc.value.messages()) or "银行" in str(exc.value.messages())
    # Not in a second batch, nor in a run, even when the county pays in runs again.
    with pytest.raises(DomainError):
        batch_create(county=areas.county, program="temporary", actor=users.county)
    paid_in(areas, "run")
    run = payroll.run_draft(county=areas.county, month=JAN, actor=users.county)
    assert not run.lines.filter(grant_id=made.pk).exists()
    # A second file of the same batch pays nothing new: its grants were already marked paid.
    first_paid = OneOffGrant.objects.get(pk=made.pk).exported_at
    batch_bank_file_export(batch=batch, out=io.BytesIO(), actor=users.county)
    assert OneOffGrant.objects.get(pk=made.pk).exported_at == first_paid
    # And the database refuses a grant carried by a line and a batch at once.
    line = Line.objects.create(
        run=run,
        month=run.month,
        household=made.household,
        grant=None,
        program_id="temporary",
        community=made.community,
        street=areas.xinghaiwan,
        urban_rural="urban",
        persons=1,
        amount=Decimal("1"),
        total=Decimal("1"),
        head_name="x",
        head_id_number="x",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OneOffGrant.objects.filter(pk=made.pk).update(paid_line_id=line.pk)


def test_a_grant_in_a_batch_is_never_in_a_payroll_draft_and_the_other_way(areas, users):
    paid_in(areas, "batch")
    in_batch = grant(areas, users)
    batch = batch_create(county=areas.county, program="temporary", actor=users.county)
    # The county goes back to paying in its run: the batch's grant stays out of the draft.
    paid_in(areas, "run")
    later = grant(areas, users, day=datetime.date(2026, 1, 25))
    run = payroll.run_draft(county=areas.county, month=JAN, actor=users.county)
    assert list(run.lines.filter(grant__isnull=False).values_list("grant_id", flat=True)) == [later.pk]
    # … and a grant on a run's line is not taken by a batch.
    paid_in(areas, "batch")
    with pytest.raises(DomainError) as exc:
        batch_create(county=areas.county, program="temporary", actor=users.county)
    assert exc.value.code == "nothing_waiting"
    assert OneOffGrant.objects.get(pk=later.pk).paid_batch_id is None
    assert OneOffGrant.objects.get(pk=in_batch.pk).paid_batch_id == batch.pk


def test_a_county_paying_in_its_run_makes_no_batch(areas, users):
    grant(areas, users)
    with pytest.raises(DomainError) as exc:
        batch_create(county=areas.county, program="temporary", actor=users.county)
    assert exc.value.code == "paid_in_run" and "program" in exc.value.messages()
    with pytest.raises(DomainError) as exc:
        batch_create(county=areas.county, program="dibao", actor=users.county)
    assert "program" in exc.value.messages()
    with pytest.raises(DomainError) as exc:
        batch_create(county=areas.xinghaiwan, program="temporary", actor=users.county)
    assert "county" in exc.value.messages()
    assert not DisbursementBatch.objects.exists()


def test_approval_by_the_officer_who_made_it_is_refused(areas, users, second):
    paid_in(areas, "batch")
    grant(areas, users)
    batch = batch_create(county=areas.county, program="temporary", actor=users.county)
    with pytest.raises(DomainError) as exc:
        batch_approve(batch=batch, actor=users.county)
    assert exc.value.code == "same_person"
    assert DisbursementBatch.objects.get(pk=batch.pk).state == BatchState.DRAFT
    with pytest.raises(Forbidden):
        batch_approve(batch=batch, actor=users.auditor)
    with pytest.raises(NotFound):
        batch_approve(batch=batch, actor=users.street)
    batch_approve(batch=batch, actor=second)
    with pytest.raises(DomainError) as exc:
        batch_approve(batch=batch, actor=second)
    assert exc.value.code == "wrong_state"


def test_only_the_county_makes_a_batch(areas, users):
    paid_in(areas, "batch")
    grant(areas, users)
    with pytest.raises(NotFound):
        batch_create(county=areas.county, program="temporary", actor=users.street)
    with pytest.raises(Forbidden):
        batch_create(county=areas.county, program="temporary", actor=users.auditor)


def test_cancelling_a_grant_of_a_draft_batch_takes_it_off_and_of_an_approved_one_is_refused(
    areas, users, second
):
    paid_in(areas, "batch")
    kept = grant(areas, users)
    dropped = grant(areas, users, amount="100")
    batch = batch_create(county=areas.county, program="temporary", actor=users.county)
    assert batch.amount == Decimal("820.00")
    one_off_grant_cancel(grant=dropped, reason="重复", actor=users.street)
    batch.refresh_from_db()
    assert (batch.persons, batch.amount) == (1, Decimal("720.00"))
    assert OneOffGrant.objects.get(pk=dropped.pk).paid_batch_id is None
    batch_approve(batch=batch, actor=second)
    with pytest.raises(DomainError) as exc:
        one_off_grant_cancel(grant=kept, reason="错误", actor=users.street)
    assert exc.value.code == "fixed"
    out = io.BytesIO()
    assert bankfile.write_batch_file(batch, out)[0] == 1


def test_the_bank_file_default_layout_is_the_payrolls_xlsx(areas, users, second):
    paid_in(areas, "batch")
    grant(areas, users)
    batch = batch_create(county=areas.county, program="temporary", actor=users.county)
    assert bankfile.filename(batch) == f"daifa-210204-temporary-batch{batch.number}.xlsx"
    out = io.BytesIO()
    count, total = bankfile.write_batch_file(batch, out)
    assert (count, total) == (1, Decimal("720.00"))
    assert out.getvalue()[:2] == b"PK"


def test_the_command_makes_approves_and_exports_a_batch(areas, users, second, tmp_path, capsys):
    import json

    from django.core.management import call_command
    from django.core.management.base import CommandError

    paid_in(areas, "batch")
    grant(areas, users)
    base = ["assistance_batch", "--county", "210204", "--program", "temporary", "--json"]
    call_command(*base, "--create", "--as", "c_county")
    made = json.loads(capsys.readouterr().out)
    assert (made["state"], made["persons"], made["amount"], made["created_by"]) == (
        "draft",
        1,
        "720.00",
        "c_county",
    )
    with pytest.raises(CommandError, match=r"another officer|另一名"):
        call_command(*base, "--approve", str(made["id"]), "--as", "c_county")
    call_command(*base, "--approve", str(made["id"]), "--as", "c_second")
    assert json.loads(capsys.readouterr().out)["state"] == "approved"
    out = tmp_path / "daifa.xlsx"
    call_command(*base, "--export", str(made["id"]), "--output", str(out), "--as", "c_county")
    sent = json.loads(capsys.readouterr().out)
    assert (sent["lines"], sent["total_amount"], sent["state"]) == (1, "720.00", "exported")
    assert out.read_bytes()[:2] == b"PK" and not (tmp_path / "daifa.xlsx.part").exists()
    call_command(*base)
    listed = json.loads(capsys.readouterr().out)
    assert [b["state"] for b in listed["batches"]] == ["exported"]
    assert listed["paid_in_batch"] is True and listed["waiting"]["grants"] == 0
