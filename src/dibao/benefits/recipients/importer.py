"""Importing a recipients roster: every household receiving with its entitlement, or — when any
row is wrong — nothing, with the reasons (the same rule and error report as the roster import).

Set-based whatever the file's size: households, members and incomes through
`households_bulk_create`; one assessment pass over the new households (`assess_many`); the
entitlements through `entitlements_bulk_grant`, one call per first month (and per 5,000
households); all in one transaction with the audit entries those services write.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core.chunks import chunks
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.money import ZERO
from dibao.core.months import add_months
from dibao.core.roles import RECIPIENT_IMPORTERS
from dibao.core.sheets.reader import Table
from dibao.core.sheets.row_errors import RowError
from dibao.policy.assessment import assess_many
from dibao.policy.engine.calculation import Assessment
from dibao.policy.programs import codes
from dibao.policy.programs.in_force import program_in_force, terms_across
from dibao.registry.models import Household, Member, RosterImport, UrbanRural
from dibao.registry.roster import headers
from dibao.registry.roster.importer import read_and_check, write_unless_register_changed
from dibao.registry.roster.parse import CHUNK
from dibao.registry.services.bulk import households_bulk_create
from dibao.registry.services.members import members_disability_record_many
from dibao.registry.services.numbers import take_household_numbers

from ..models import Reason
from ..paid import paid_through
from ..services import Grant, entitlements_bulk_grant, person_entitlements_bulk_grant
from ..services.recipients import MEMBERS, PAYMENT, PERSONS, Summary, recipient_import_record
from . import payment_roster, persons, report
from .parse import NewRecipient, first_month_refusal, last_first_month, parse_recipients


@dataclass(frozen=True)
class RecipientImportResult:
    record: RosterImport
    households: int
    members: int
    errors: list[RowError]
    summary: Summary = field(default_factory=Summary)

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict[str, Any]:
        return report.document(self.record, self.summary.as_dict())


def _granted(spec: NewRecipient, urban_rural: str, assessment: Assessment | None) -> Grant:
    """The roster's amount and class, not the assessment's: a migrated household keeps what it
    was paid. The rest (management class, next review, the explanation) is the assessment's.
    A payment roster's household is paid for the persons the roster names, with the roster's
    split as its explanation: it is not assessed (only its head is registered)."""
    if spec.persons is not None:
        return Grant(
            amount=spec.amount, persons=spec.persons, urban_rural=urban_rural, explanation=spec.lines
        )
    return Grant(
        amount=spec.amount,
        persons=len(spec.members),
        urban_rural=urban_rural,
        benefit_class=spec.benefit_class,
        management_class=assessment.management_class if assessment else "",
        standard=assessment.standard if assessment else None,
        per_capita_income=assessment.per_capita_income if assessment else None,
        next_review=assessment.next_review if assessment else None,
        explanation=[line.as_json() for line in assessment.lines] if assessment else [],
    )


def require_importer(actor: User, county: Area) -> Area:
    """The area whose communities the actor may import into (a street's or the whole county's)."""
    if actor.area is None or not county.contains(actor.area):
        raise NotFound()
    if actor.role not in RECIPIENT_IMPORTERS:
        raise Forbidden()
    return cast(Area, actor.area)


def migration_note(filename: str) -> str:
    return f"migration: {filename}"


def _write(
    *, county: Area, new: list[NewRecipient], actor: User | None, note: str, month: datetime.date
) -> tuple[int, int, Summary]:
    # Numbers are handed out here rather than by the bulk service so that the new rows can be
    # read back by them (bulk_create's objects are not returned by the service).
    numbers = iter(take_household_numbers(county, sum(1 for h in new if not h.values.get("number"))))
    for spec in new:
        spec.values["number"] = spec.values.get("number") or next(numbers)
    written = households_bulk_create(county=county, new=list(new), actor=actor, note=note)
    by_number: dict[str, Household] = {}
    for chunk in chunks([spec.values["number"] for spec in new], CHUNK):
        by_number.update((h.number, h) for h in Household.objects.filter(county=county, number__in=chunk))
    households = [by_number[spec.values["number"]] for spec in new]
    for household, spec in zip(households, new, strict=True):
        household.community = spec.community  # the services read its code: no query per household
    ids = [h.pk for h in households]
    if not ids:
        return 0, 0, Summary()

    # One assessment pass over the new households (their ids are one range; a household another
    # office registered inside it meanwhile is assessed too, and ignored). A payment roster's
    # households have their head only, which no assessment of the household could be made from.
    mine = {h.pk for h, spec in zip(households, new, strict=True) if spec.persons is None}
    outcomes: dict[int, Assessment | None] = {}
    if mine:
        span = Household.objects.filter(county=county, pk__gte=min(mine), pk__lte=max(mine))
        outcomes = {o.facts.id: o.assessment for o in assess_many(span, month) if o.facts.id in mine}
    by_month: dict[datetime.date, list[tuple[Household, Grant]]] = defaultdict(list)
    assessed = not_eligible = other_amount = 0
    for household, spec in zip(households, new, strict=True):
        assessment = outcomes.get(household.pk)
        if assessment is not None:
            assessed += 1
            if not assessment.eligible:
                not_eligible += 1
            elif assessment.monthly_amount != spec.amount:
                other_amount += 1
        by_month[cast(datetime.date, spec.month_from)].append(
            (household, _granted(spec, household.urban_rural, assessment))
        )
    granted = 0
    for month_from, grants in sorted(by_month.items()):
        for part in chunks(grants, CHUNK):
            granted += entitlements_bulk_grant(
                grants=part,
                month_from=month_from,
                reason=Reason.MIGRATION,
                actor=actor,
                note=note,
                program=codes.DIBAO,
            )
    summary = Summary(
        entitlements=granted,
        monthly_total=sum((spec.amount for spec in new), ZERO),
        assessed=assessed,
        not_eligible=not_eligible,
        other_amount=other_amount,
        to_complete=sum(1 for spec in new if spec.persons is not None and spec.persons > len(spec.members)),
    )
    return written.households, written.members, summary


def _write_persons(
    *,
    county: Area,
    new: list[persons.PersonRecipient],
    actor: User | None,
    note: str,
    month_from: datetime.date,
    program: str,
) -> tuple[int, int, Summary]:
    """Register the persons the register does not know, each as a household of one; record the
    disability the file gives of members whose register has none; grant every person the program,
    as brought in."""
    fresh = [spec for spec in new if spec.matched is None]
    written = households_bulk_create(county=county, new=list(fresh), actor=actor, note=note)
    by_id: dict[str, Member] = {}
    ids = [str(spec.members[0]["id_number"]) for spec in new]
    for chunk in chunks(ids, CHUNK):
        rows = Member.objects.filter(is_current=True, id_number__in=chunk).select_related(
            "household__community"
        )
        by_id.update((m.id_number, m) for m in rows)
    members = [by_id[number] for number in ids]
    changes = [
        (member, spec.disability[0], spec.disability[1])
        for member, spec in zip(members, new, strict=True)
        if spec.disability is not None
    ]
    if changes:
        members_disability_record_many(changes=changes, actor=actor, note=note)
    review = {
        community_id: int(group.terms.get("review_months", 12))
        for group in terms_across(county, month_from, [program])[program]
        for community_id in group.community_ids
    }
    grants = [
        (
            member,
            Grant(
                amount=spec.amount,
                persons=1,
                urban_rural=member.household.urban_rural,
                next_review=add_months(month_from, review.get(member.household.community_id, 12)),
                explanation=spec.lines,
            ),
        )
        for member, spec in zip(members, new, strict=True)
    ]
    granted = 0
    for part in chunks(grants, CHUNK):
        granted += person_entitlements_bulk_grant(
            county=county,
            grants=part,
            month_from=month_from,
            reason=Reason.MIGRATION,
            actor=actor,
            program=program,
            note=note,
        )
    summary = Summary(
        entitlements=granted,
        monthly_total=sum((spec.amount for spec in new), ZERO),
        layout=PERSONS,
        program=program,
        matched=len(new) - len(fresh),
    )
    return written.households, written.members, summary


def program_refusal(county: Area, program: str, month: datetime.date | None) -> None:
    """Refuse a program whose recipients are not imported, or one the county has switched off."""
    if program != codes.DIBAO and program not in persons.PROGRAMS:
        raise DomainError(
            _("Recipients are taken over for these programs: %(codes)s.")
            % {"codes": ", ".join((codes.DIBAO, *persons.PROGRAMS))},
            field="program",
            code="program",
        )
    if program == codes.DIBAO or month is None:
        return
    found = program_in_force(county, month, program)
    if found is None or not found.enabled:
        raise DomainError(
            _("The county has switched this program off in %(month)s: its recipients cannot be taken over.")
            % {"month": f"{month:%Y-%m}"},
            field="program",
            code="switched_off",
        )


def _either_header(cells: list[str]) -> bool:
    return headers.is_header(cells) or payment_roster.is_header(cells)


def payment_month(
    county: Area, month_from: datetime.date | None, today: datetime.date, *, program: str = codes.DIBAO
) -> datetime.date:
    """The first month a payment roster's households (or a list of persons) are paid: the file has
    none, so the importer says it, within the bounds of a member roster's 起始年月
    (`parse.first_month_refusal`)."""
    if month_from is None:
        raise DomainError(
            _(
                "A payment roster has no first month: say from which month it pays "
                "(--from YYYY-MM, or the first month on the page)."
            )
            if program == codes.DIBAO
            else _(
                "A list of a program's recipients has no first month: say from which month it pays "
                "(--from YYYY-MM, or the first month on the page)."
            ),
            field="month_from",
            code="month_required",
        )
    month = month_from.replace(day=1)
    refusal = first_month_refusal(
        month, last_month=last_first_month(today), paid=paid_through(county, program)
    )
    if refusal is not None:
        raise DomainError(refusal, field="month_from", code="month_refused")
    return month


def import_recipients(
    *,
    filename: str,
    content: bytes,
    county: Area,
    actor: User | None,
    dry_run: bool = False,
    today: datetime.date | None = None,
    month_from: datetime.date | None = None,
    urban_rural: str = UrbanRural.URBAN,
    program: str = codes.DIBAO,
) -> RecipientImportResult:
    """`actor=None` is the server's operator on the command line (the whole county).

    The file is a member roster (one row per member, each head's row with its benefit and first
    month; `month_from` and `urban_rural` are not read) or the county's payment roster (one row
    per household, `payment_roster`), told apart by its headers. A payment roster is paid from
    `month_from`, which it requires, and its households are `urban_rural` unless a 城乡 column
    says otherwise.

    A `program` that pays a person (`persons.PROGRAMS`) takes a list of its recipients, one row
    per person, paid from `month_from`, which it requires (`persons`)."""
    if county.level != Level.COUNTY:
        raise DomainError(_("Recipients are imported into a county."), field="county")
    if urban_rural not in UrbanRural.values:
        raise DomainError(
            _("Urban or rural: %(values)s.") % {"values": ", ".join(UrbanRural.values)}, field="urban_rural"
        )
    scope = require_importer(actor, county) if actor is not None else county
    today = today or timezone.localdate()
    layout: dict[str, Any] = {"layout": MEMBERS}
    program_refusal(county, program, None)
    if program != codes.DIBAO:
        return _import_persons(
            filename=filename,
            content=content,
            county=county,
            scope=scope,
            actor=actor,
            dry_run=dry_run,
            today=today,
            month_from=payment_month(county, month_from, today, program=program),
            urban_rural=urban_rural,
            program=program,
        )

    def check(table: Table) -> tuple[list[NewRecipient], list[RowError]]:
        if not payment_roster.is_payment_roster(table.headers):
            return parse_recipients(table, county=county, scope=scope, actor=actor, today=today)
        layout["layout"] = PAYMENT
        layout["addresses_from_community"] = "address" not in payment_roster.COLUMNS.positions(table.headers)
        return payment_roster.parse_payment_roster(
            table,
            county=county,
            scope=scope,
            actor=actor,
            month_from=payment_month(county, month_from, today),
            urban_rural=urban_rural,
            today=today,
        )

    rows, new, errors = read_and_check(filename, content, check, is_header=_either_header)
    note = migration_note(filename)
    households = members = 0
    summary = Summary(**layout)
    with transaction.atomic():
        if not errors and not dry_run:
            month = today.replace(day=1)
            written, errors = write_unless_register_changed(
                filename, lambda: _write(county=county, new=new, actor=actor, note=note, month=month)
            )
            if written is not None:
                households, members, summary = written
                summary = replace(summary, **layout)
        record = recipient_import_record(
            actor=actor,
            area=scope,
            filename=filename,
            rows=rows,
            dry_run=dry_run,
            households=households,
            members=members,
            errors=errors,
            note=note,
            summary=summary,
        )
    return RecipientImportResult(
        record=record, households=households, members=members, errors=errors, summary=summary
    )


def _import_persons(
    *,
    filename: str,
    content: bytes,
    county: Area,
    scope: Area,
    actor: User | None,
    dry_run: bool,
    today: datetime.date,
    month_from: datetime.date,
    urban_rural: str,
    program: str,
) -> RecipientImportResult:
    program_refusal(county, program, month_from)

    def check(table: Table) -> tuple[list[persons.PersonRecipient], list[RowError]]:
        return persons.parse_persons(
            table,
            county=county,
            scope=scope,
            actor=actor,
            month_from=month_from,
            program=program,
            urban_rural=urban_rural,
            today=today,
        )

    rows, new, errors = read_and_check(filename, content, check, is_header=persons.is_header)
    note = migration_note(filename)
    households = members = 0
    summary = Summary(layout=PERSONS, program=program)
    with transaction.atomic():
        if not errors and not dry_run:
            written, errors = write_unless_register_changed(
                filename,
                lambda: _write_persons(
                    county=county, new=new, actor=actor, note=note, month_from=month_from, program=program
                ),
            )
            if written is not None:
                households, members, summary = written
        record = recipient_import_record(
            actor=actor,
            area=scope,
            filename=filename,
            rows=rows,
            dry_run=dry_run,
            households=households,
            members=members,
            errors=errors,
            note=note,
            summary=summary,
        )
    return RecipientImportResult(
        record=record, households=households, members=members, errors=errors, summary=summary
    )
