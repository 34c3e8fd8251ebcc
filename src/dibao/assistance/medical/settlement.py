"""The one-stop settlement file (一站式结算): the hospital has paid the assistance at discharge; the
county imports the hospital's or the medical-insurance bureau's file of the month, and pays the
hospital the rows the rules agree with.

The file is xlsx or CSV in any office encoding, read bounded by `core.sheets.reader`. Every row is
checked before anything is written: a malformed row (a missing name, an ID number that is no ID
number, a date or amount that is none) refuses the whole file with every reason by row and column.
A well-formed file is reconciled set-based — the people of all its ID numbers, their statuses and
what their year already took are loaded in a few queries (`facts`) — and each row is re-computed by
`policy.programs.medical.calculate`, in file order, so two stays of one person in one file share
the deductible and the cap as two claims would. A row is matched when its person held a qualifying
status on the date of treatment and the amount paid is what the rules give; otherwise it is listed
as disputed (amount, status, or no such person). The matched total is what the county pays.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import idnumbers
from dibao.core.errors import DomainError
from dibao.core.months import parse_date
from dibao.core.sheets import reader
from dibao.core.sheets.headers import Columns
from dibao.core.sheets.row_errors import RowError, file_refused
from dibao.policy.programs.medical import INPATIENT, OUTPATIENT, SERIOUS, Year, calculate

from ..models import SettlementImport, SettlementOutcome, SettlementRow
from . import facts
from .quote import parse_cost
from .services import settlement_record

SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "患者姓名", "病人姓名", "name"),
    "id_number": ("身份证号码", "身份证号", "身份证", "证件号码", "公民身份号码", "id number", "id"),
    "hospital": ("医院", "医疗机构", "定点医疗机构", "医院名称", "hospital"),
    "admitted_on": ("入院日期", "入院时间", "就诊日期", "admitted", "admitted on"),
    "discharged_on": ("出院日期", "出院时间", "结算日期", "discharged", "discharged on"),
    "kind": ("类别", "就医类别", "医疗类别", "救助类别", "kind"),
    "total_cost": ("总费用", "医疗总费用", "费用总额", "total cost"),
    "insurance_paid": ("基本医保支付", "基本医疗保险支付", "统筹支付", "basic insurance"),
    "serious_insurance_paid": ("大病保险支付", "大病保险", "serious-illness insurance"),
    "in_policy_cost": ("政策内自付", "政策范围内个人自付", "政策内个人自付", "in-policy cost"),
    "paid": ("医疗救助金额", "医疗救助支付", "救助金额", "medical assistance"),
}
COLUMNS = Columns({}, SYNONYMS)
REQUIRED = tuple(SYNONYMS)
KIND_WORDS = {
    "住院": INPATIENT,
    "inpatient": INPATIENT,
    "门诊": OUTPATIENT,
    "慢性病门诊": OUTPATIENT,
    "门诊慢特病": OUTPATIENT,
    "门诊慢性病": OUTPATIENT,
    "outpatient": OUTPATIENT,
    "大病": SERIOUS,
    "重大疾病": SERIOUS,
    "大病住院": SERIOUS,
    "serious": SERIOUS,
}
MONEY = ("total_cost", "insurance_paid", "serious_insurance_paid", "in_policy_cost", "paid")


class Refused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class Row:
    row: int
    values: dict[str, Any]


def _is_header(cells: list[str]) -> bool:
    found = {COLUMNS.key_for(c) for c in cells}
    return "id_number" in found and "paid" in found


def read_rows(file_name: str, content: bytes) -> list[Row]:
    """The well-formed rows, or `Refused` with every reason by row and column."""
    try:
        table = reader.read(file_name, content, is_header=_is_header)
    except DomainError as exc:
        raise Refused([file_refused(file_name, exc)]) from None
    positions = COLUMNS.positions(table.headers)
    missing = [SYNONYMS[key][0] for key in REQUIRED if key not in positions]
    if missing:
        reason = _("Columns missing: %(c)s.") % {"c": ", ".join(missing)}
        raise Refused([RowError(table.first_row - 1, "", "", reason)])
    errors: list[RowError] = []
    rows: list[Row] = []
    for offset, cells in enumerate(table.rows):
        number = table.first_row + offset
        if not any(cell.strip() for cell in cells):
            continue
        values: dict[str, Any] = {}

        def fail(key: str, reason: object, cells: list[str] = cells, number: int = number) -> None:
            errors.append(RowError(number, table.headers[positions[key]], cells[positions[key]], str(reason)))

        for key in REQUIRED:
            text = cells[positions[key]].strip()
            try:
                if key in ("name", "hospital"):
                    if not text:
                        raise DomainError(_("This field is required."))
                    values[key] = text[:40] if key == "name" else text[:100]
                elif key == "id_number":
                    values[key] = idnumbers.parse(text).number
                elif key in ("admitted_on", "discharged_on"):
                    day = parse_date(text[:10], key)
                    if day is None:
                        raise DomainError(_("This field is required."))
                    values[key] = day
                elif key == "kind":
                    kind = KIND_WORDS.get(text.lower()) or KIND_WORDS.get(text)
                    if kind is None:
                        raise DomainError(
                            _("'%(v)s' is not a kind of treatment (住院, 门诊慢特病, 大病).") % {"v": text}
                        )
                    values[key] = kind
                else:
                    values[key] = parse_cost(text, key)
            except DomainError as exc:
                fail(key, exc)
        dates = "admitted_on" in values and "discharged_on" in values
        if dates and values["discharged_on"] < values["admitted_on"]:
            fail("discharged_on", _("Discharged before admitted."))
        rows.append(Row(number, values))
    if errors:
        raise Refused(errors)
    if not rows:
        raise Refused([RowError(table.first_row, "", file_name, _("The file has no rows."))])
    return rows


def reconcile(rows: list[Row]) -> list[SettlementRow]:
    """Each row re-computed by the rules, set-based: a few queries for the whole file."""
    people = facts.people(r.values["id_number"] for r in rows)
    spans = facts.statuses(people.values())
    taken = facts.years_taken(people, {r.values["admitted_on"].year for r in rows})
    running: dict[tuple[str, int], Year] = dict(taken)
    terms = facts.TermsCache()
    out: list[SettlementRow] = []
    for row in sorted(rows, key=lambda r: (r.values["admitted_on"], r.row)):
        v = row.values
        person = people.get(v["id_number"])
        line = SettlementRow(
            row=row.row,
            name=v["name"],
            id_number=v["id_number"],
            hospital=v["hospital"],
            admitted_on=v["admitted_on"],
            discharged_on=v["discharged_on"],
            kind=v["kind"],
            **{key: v[key] for key in MONEY},
            expected=Decimal("0.00"),
            deductible=Decimal("0.00"),
        )
        if person is None:
            line.outcome = SettlementOutcome.UNKNOWN
            out.append(line)
            continue
        line.member_id = person.member_id
        line.community_code = person.community_code
        key = (person.id_number, v["admitted_on"].year)
        year = running.get(key, Year())
        found = terms(person.community_id, v["admitted_on"])
        result = calculate(
            held=facts.held_on(spans.get(person.member_id, []), v["admitted_on"]),
            illness=False,
            treated_on=v["admitted_on"],
            kind=v["kind"],
            cost=v["in_policy_cost"],
            terms=found.medical,
            disposable_income=found.disposable_income,
            year=year,
            explain=False,
        )
        line.expected = result.amount
        line.category = result.category
        line.deductible = result.deductible
        if not result.eligible:
            line.outcome = SettlementOutcome.STATUS
        elif result.amount != v["paid"]:
            line.outcome = SettlementOutcome.AMOUNT
        else:
            line.outcome = SettlementOutcome.MATCHED
            running[key] = Year(
                paid=year.paid + v["paid"], deductible_met=year.deductible_met + result.deductible
            )
        out.append(line)
    return sorted(out, key=lambda line: line.row)


def import_settlement(
    *, county: Area, month: datetime.date, file_name: str, content: bytes, actor: User | None
) -> SettlementImport:
    """Read, check, reconcile and store one settlement file; `Refused` leaves nothing behind."""
    return settlement_record(
        county=county,
        month=month.replace(day=1),
        file_name=file_name,
        rows=reconcile(read_rows(file_name, content)),
        actor=actor,
    )
