"""Reading a list of a person-paid program's current recipients (高龄津贴, the two disability
subsidies, 特困): the layout a county pays them from, one row per person.

    地区 | 姓名 | 身份证号码 | [残疾类别 | 残疾等级] | [供养方式 | 自理能力] | 月发放金额
    | 账户名称 | 开户银行 | 账号

The disability columns are the disability programs' (both required for them), 供养方式 (集中/分散)
and 自理能力 (全自理/半失能/全失能) 特困's. Each person is matched by ID number to a current member
of the register in the county (a 低保 household's member receiving a subsidy is the same person,
not a second one); a person the register does not know is registered as a household of one in the
community the row names, with the disability the row gives. A matched member whose register has
no disability gets the row's; one whose register records another is refused, so that the file and
the register never disagree silently.

Each person is paid 月发放金额 from the month the importer gives, as taken over: the amount is
what the county pays, not what the terms would give today. The program's categorical test is
asked all the same, and a row that fails it is refused with the test's reason: 高龄 needs the
first age band reached (by the ID number's birth date); the care subsidy grade 1–2, or 3–4
intellectual or mental where the county's terms allow. What the programs' tests read beyond the
person (a household's means, its supporters) is a review's work, not an import's.

The same all-or-nothing rule and error report as every roster (`registry.roster.parse.run`); the
database is asked a fixed number of times per chunk of ID numbers.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.chunks import chunks
from dibao.core.errors import DomainError
from dibao.core.money import ZERO, parse_amount
from dibao.core.sheets.headers import Columns
from dibao.core.sheets.reader import Table
from dibao.core.sheets.row_errors import RowError
from dibao.policy.engine import explanation as ex
from dibao.policy.engine.explanation import choice_term
from dibao.policy.engine.facts import MemberFacts
from dibao.policy.programs import codes, eligibility, exclusions
from dibao.policy.programs.in_force import terms_across
from dibao.registry.models import (
    DisabilityType,
    Employment,
    Health,
    HouseholdStatus,
    LabourCapacity,
    Member,
    Relation,
)
from dibao.registry.roster import vocabulary
from dibao.registry.roster.communities import Communities
from dibao.registry.roster.parse import CHUNK, _Parser, _Row, run
from dibao.registry.services.bulk import NewHousehold
from dibao.registry.services.members import id_conflict_message
from dibao.registry.validation import clean_member

from ..models import Entitlement
from ..services.exclusions import conflict_message
from . import payment_roster

# The programs whose current recipients come as a list of persons.
PROGRAMS = (
    codes.ELDERLY_ALLOWANCE,
    codes.DISABILITY_LIVING,
    codes.DISABILITY_CARE,
    codes.EXTREME_POVERTY,
)
DISABILITY = (codes.DISABILITY_LIVING, codes.DISABILITY_CARE)

CANONICAL: dict[str, str] = {
    "community": "地区",
    "name": "姓名",
    "id_number": "身份证号码",
    "disability_type": "残疾类别",
    "disability_grade": "残疾等级",
    "support": "供养方式",
    "self_care": "自理能力",
    "amount": "月发放金额",
    "account_name": "账户名称",
    "bank_name": "开户银行",
    "bank_account": "账号",
    "urban_rural": "城乡",
    "address": "家庭住址",
}
_SHARED = payment_roster.SYNONYMS
SYNONYMS: dict[str, tuple[str, ...]] = {
    "community": _SHARED["community"],
    "name": ("姓名(申请人)", "名字", "人员姓名", "享受人姓名", "补贴对象", "供养对象", "name"),
    "id_number": tuple(s for s in _SHARED["id_number"] if not s.startswith("户主")),
    "disability_type": ("残疾类型", "残疾种类", "残疾类别名称", "disability type"),
    "disability_grade": ("残疾级别", "残疾等级名称", "disability grade", "grade"),
    "support": ("供养形式", "供养类型", "集中/分散", "供养", "support", "supported"),
    "self_care": ("生活自理能力", "自理能力等级", "失能等级", "self-care", "self care", "care needed"),
    "amount": (
        "发放金额",
        "月发放标准",
        "补贴金额",
        "月补贴金额",
        "津贴金额",
        "月津贴金额",
        "供养金额",
        "月供养金额",
        "金额",
        "monthly amount",
        "amount",
    ),
    "account_name": _SHARED["account_name"],
    "bank_name": _SHARED["bank_name"],
    "bank_account": _SHARED["bank_account"],
    "urban_rural": _SHARED["urban_rural"],
    "address": _SHARED["address"],
}
COLUMNS = Columns(CANONICAL, SYNONYMS)
BASE_REQUIRED = ("community", "name", "id_number", "amount")
PROGRAM_COLUMNS: dict[str, tuple[str, ...]] = {
    codes.ELDERLY_ALLOWANCE: (),
    codes.DISABILITY_LIVING: ("disability_type", "disability_grade"),
    codes.DISABILITY_CARE: ("disability_type", "disability_grade"),
    codes.EXTREME_POVERTY: ("support", "self_care"),
}

WORDS = vocabulary.ROSTER.extended(
    {
        "support": {
            "institutional": ("集中", "集中供养", "institution", "institutional"),
            "home": ("分散", "分散供养", "居家", "at home", "home"),
        },
        # The keys are the care levels of `eligibility.care_needed`.
        "self_care": {
            "none": ("全自理", "自理", "完全自理", "self-caring"),
            "partial": ("半失能", "部分失能", "半自理", "部分自理", "partly dependent"),
            "full": ("全失能", "完全失能", "失能", "不能自理", "fully dependent"),
        },
    }
)

# The entitlement's explanation: message ids and parameters, read in the reader's language.
TAKEN_OVER = gettext_noop("Taken over from the list of the program's recipients: %(amount)s yuan a month.")
DISABILITY_LINE = gettext_noop("Disability: %(type)s, grade %(grade)s.")
SUPPORT_LINE = gettext_noop("Supported %(place)s; %(level)s.")
ACCOUNT_HOLDER = payment_roster.ACCOUNT_HOLDER
_CARE = {"full": ex.CARE_FULL, "partial": ex.CARE_PARTIAL, "none": ex.CARE_NONE}


def template_keys(program: str) -> list[str]:
    """The columns of the program's layout, in order (the template's)."""
    own = PROGRAM_COLUMNS[program]
    return [
        key
        for key in CANONICAL
        if key not in ("urban_rural", "address") and (key in own or key not in ALL_PROGRAM_COLUMNS)
    ]


ALL_PROGRAM_COLUMNS = {key for keys in PROGRAM_COLUMNS.values() for key in keys}


@dataclass
class PersonRecipient(NewHousehold):
    """A person to pay: a current member of the register (`matched`), or a household of one to
    register (`community`, `values` and `members` then describe it)."""

    row: int = 0
    matched: Member | None = None
    amount: Decimal = ZERO
    lines: list[dict[str, Any]] = field(default_factory=list)
    # The row's disability, recorded on a matched member whose register has none.
    disability: tuple[str, int] | None = None


@dataclass(frozen=True)
class _Paid:
    amount: Decimal
    support: str = ""
    self_care: str = ""


class _PersonParser(_Parser):
    words = WORDS

    def __init__(
        self,
        table: Table,
        *,
        county: Area,
        scope: Area,
        actor: User | None,
        today: datetime.date,
        month_from: datetime.date,
        program: str,
        urban_rural: str,
    ) -> None:
        super().__init__(table, county, county, actor, today)
        self.area = scope
        self.program = program
        self.positions = COLUMNS.positions(table.headers)
        self.missing = [
            CANONICAL[key] for key in (*BASE_REQUIRED, *PROGRAM_COLUMNS[program]) if key not in self.positions
        ]
        self.communities = Communities(scope)
        self.month_from = month_from
        self.urban_rural = urban_rural
        self.address_from_community = "address" not in self.positions
        # The program's terms by community, as each runs it in the first month (one query pair).
        self.terms_of: dict[int, dict[str, Any]] = {}
        self.switched_off: set[int] = set()
        for group in terms_across(scope, month_from, [program])[program]:
            for community_id in group.community_ids:
                self.terms_of[community_id] = group.terms
                if not group.enabled:
                    self.switched_off.add(community_id)
        self.paid: dict[int, _Paid] = {}
        self.values_of: dict[int, Any] = {}
        self.matched: dict[int, Member] = {}

    def column(self, key: str) -> str:
        position = self.positions.get(key)
        return self.table.headers[position] if position is not None else CANONICAL.get(key, key)

    def read_member(self, row: _Row) -> None:
        cells = row.cells
        row.is_head = True
        self.check_community(row)
        community = self.community_of.get(row.number)
        if community is not None and community.pk in self.switched_off:
            self.error(
                row,
                "community",
                _("%(community)s has switched this program off in %(month)s: nothing can be paid there.")
                % {"community": community.name, "month": f"{self.month_from:%Y-%m}"},
            )
        hukou = self.urban_rural
        if cells.get("urban_rural"):
            code = WORDS.code_for("urban_rural", cells["urban_rural"])
            if code is None:
                self.unknown_word(row, "urban_rural")
            hukou = code or hukou
        data: dict[str, Any] = {
            "name": cells.get("name", ""),
            "id_number": cells.get("id_number", ""),
            "relation": Relation.SELF,
            "hukou": hukou,
            "phone": "",
            "notes": "",
        }
        for key in ("disability_type", "disability_grade"):
            code = WORDS.code_for(key, cells.get(key, ""))
            if code is None:
                self.unknown_word(row, key)
            else:
                data[key] = code
        if self.program in DISABILITY:
            self.require_disability(row, data)
        if "id_number" in row.lossy:
            del data["id_number"]
        try:
            row.member = clean_member(data, partial="id_number" in row.lossy or not row.ok, today=self.today)
        except DomainError as exc:
            for name, messages in exc.errors.items():
                key = {"hukou": "urban_rural"}.get(name, name)
                for message in messages:
                    self.error(row, key, message)
        self.read_paid(row)
        self.read_account(row, hukou)

    def require_disability(self, row: _Row, data: dict[str, Any]) -> None:
        """The disability programs pay a disability: a known type and a grade from 1 to 4."""
        if data.get("disability_type") == DisabilityType.NONE and row.cells.get("disability_type", "") == "":
            self.error(row, "disability_type", _("This program pays a disability: give its type."))
        elif data.get("disability_type") == DisabilityType.NONE:
            self.error(
                row,
                "disability_type",
                _("This program pays a disability; allowed: %(words)s.")
                % {"words": WORDS.allowed("disability_type")},
            )
        if data.get("disability_grade") == "0":
            self.error(row, "disability_grade", _("This program pays a disability: give its grade, 1 to 4."))

    def read_paid(self, row: _Row) -> None:
        cells = row.cells
        amount: Decimal | None = None
        try:
            amount = parse_amount(
                cells.get("amount", ""), column=Entitlement._meta.get_field("amount"), field="amount"
            )
        except DomainError as exc:
            self.error(row, "amount", exc.errors["amount"][0])
        else:
            if amount <= 0:
                self.error(row, "amount", _("The monthly amount must be more than 0."))
                amount = None
        support = care = ""
        if self.program == codes.EXTREME_POVERTY:
            support = WORDS.code_for("support", cells.get("support", "")) or ""
            if not support:
                self.unknown_word(row, "support")
            care = WORDS.code_for("self_care", cells.get("self_care", "")) or ""
            if not care:
                self.unknown_word(row, "self_care")
        if amount is not None:
            self.paid[row.number] = _Paid(amount, support, care)

    def read_account(self, row: _Row, hukou: str) -> None:
        """A household's values, for a person the register does not know (read for every row, so
        that a wrong account is reported whether or not the person is matched)."""
        payment_roster.read_household_values(self, row, hukou)

    def check_database(self, rows: list[_Row], numbered: dict[str, _Row]) -> None:
        """Match each person to a current member of the register, within the importer's area; then
        refuse those who already hold the program, and grants that break a pair of programs that
        exclude each other beside what their household holds. One query per chunk for each."""
        by_id = {r.member["id_number"]: r for r in rows if r.member.get("id_number")}
        for ids in chunks(list(by_id), CHUNK):
            holders = Member.objects.filter(is_current=True, id_number__in=ids).select_related(
                "household__community"
            )
            for holder in holders:
                row = by_id[holder.id_number]
                household = holder.household
                if household.county_id != self.county.pk or not self.area.contains(household.community):
                    self.error(row, "id_number", id_conflict_message(holder, self.actor))
                elif "".join(holder.name.split()) != "".join(str(row.member.get("name", "")).split()):
                    self.error(
                        row,
                        "name",
                        _("The register names the person with this ID number %(name)s.")
                        % {"name": holder.name},
                    )
                else:
                    self.matched[row.number] = holder
        rules = exclusions.rules()
        matched = list(self.matched.items())
        for part in chunks(matched, CHUNK):
            held: dict[int, list[exclusions.Holding]] = {}
            open_rows = Entitlement.objects.filter(
                household_id__in={m.household_id for _, m in part}, month_to__isnull=True
            ).values_list("household_id", "program_id", "member_id", "single_member_id")
            for household_id, p, m, s in open_rows:
                held.setdefault(household_id, []).append(
                    exclusions.Holding.of(str(p), member_id=m, single_member_id=s)
                )
            row_of = {r.number: r for r in rows}
            for number, member in part:
                row = row_of[number]
                holdings = held.get(member.household_id, [])
                if any(h.program == self.program and member.pk in h.persons for h in holdings):
                    self.error(
                        row,
                        "id_number",
                        _("This person already receives this program (household %(number)s).")
                        % {"number": member.household.number},
                    )
                    continue
                found = exclusions.conflict(
                    exclusions.Holding.of(self.program, member_id=member.pk), holdings, rules
                )
                if found is not None:
                    self.error(row, "id_number", conflict_message(self.program, found))

    def facts(self, row: _Row) -> MemberFacts:
        """The person as the program's test reads them: the register's member where matched, with
        the row's disability where the register has none."""
        member = self.matched.get(row.number)
        values = row.member
        grade = int(values.get("disability_grade") or 0)
        kind = str(values.get("disability_type") or "")
        if member is not None and (member.disability_grade or member.disability_type):
            grade, kind = member.disability_grade, member.disability_type
        return MemberFacts(
            id=member.pk if member is not None else 0,
            name=str(values.get("name") or (member.name if member else "")),
            birth_date=member.birth_date if member is not None else values["birth_date"],
            disability_type=kind,
            disability_grade=grade,
            health=member.health if member is not None else Health.HEALTHY,
            labour_capacity=member.labour_capacity if member is not None else LabourCapacity.FULL,
            employment=member.employment if member is not None else Employment.NONE,
        )

    def check_register_disability(self, row: _Row) -> bool:
        member = self.matched.get(row.number)
        grade = int(row.member.get("disability_grade") or 0)
        kind = str(row.member.get("disability_type") or "")
        if member is None or not grade or not (member.disability_grade or member.disability_type):
            return True
        if (member.disability_type, member.disability_grade) == (kind, grade):
            return True
        self.error(
            row,
            "disability_grade",
            _(
                "The register records %(type)s, grade %(grade)s for this person: correct the register "
                "or the file, so that they agree."
            )
            % {"type": DisabilityType(member.disability_type).label, "grade": member.disability_grade},
        )
        return False

    def test(self, row: _Row) -> bool:
        """The program's categorical test of the person (POLICY.md §4, §6), refused with its reason."""
        community = self.community_of[row.number]
        terms = self.terms_of.get(community.pk)
        if terms is None:
            return True
        facts = self.facts(row)
        if self.program == codes.ELDERLY_ALLOWANCE:
            # Low income is the household's, read at a review: the age is the person's.
            result = eligibility.elderly_allowance(facts, self.month_from, low_income=True, terms=terms)
            key = "id_number"
        elif self.program == codes.DISABILITY_CARE:
            result = eligibility.disability_care(facts, terms=terms)
            key = "disability_grade"
        else:
            return True
        if not result.eligible:
            self.error(row, key, " ".join(line.render() for line in result.lines))
        return result.eligible

    def households(self, rows: list[_Row]) -> list[NewHousehold]:
        new: list[NewHousehold] = []
        for row in rows:
            if not row.ok or row.number not in self.community_of:
                continue
            if not self.check_register_disability(row) or not self.test(row):
                continue
            paid = self.paid.get(row.number)
            values = self.values_of.get(row.number)
            if paid is None or values is None:
                continue
            member = self.matched.get(row.number)
            grade = int(row.member.get("disability_grade") or 0)
            kind = str(row.member.get("disability_type") or "")
            new.append(
                PersonRecipient(
                    community=self.community_of[row.number],
                    values=values,
                    members=[row.member],
                    status=HouseholdStatus.REGISTERED,
                    row=row.number,
                    matched=member,
                    amount=paid.amount,
                    lines=self.lines(row, paid, grade, kind),
                    disability=(kind, grade) if member is not None and grade else None,
                )
            )
        return new

    def lines(self, row: _Row, paid: _Paid, grade: int, kind: str) -> list[dict[str, Any]]:
        def line(message: str, **params: Any) -> dict[str, Any]:
            return {"message": message, "params": params}

        lines = [line(TAKEN_OVER, amount=f"{paid.amount:.2f}")]
        if grade:
            lines.append(line(DISABILITY_LINE, type=choice_term(DisabilityType(kind)), grade=grade))
        if paid.support:
            place = ex.INSTITUTIONAL if paid.support == "institutional" else ex.AT_HOME
            lines.append(line(SUPPORT_LINE, place={"t": place}, level={"t": _CARE[paid.self_care]}))
        holder = "".join(row.cells.get("account_name", "").split())
        if holder and holder != row.member.get("name") and row.number not in self.matched:
            lines.append(line(ACCOUNT_HOLDER, name=holder[:40]))
        return lines


def parse_persons(
    table: Table,
    *,
    county: Area,
    scope: Area,
    actor: User | None,
    month_from: datetime.date,
    program: str,
    urban_rural: str,
    today: datetime.date | None = None,
) -> tuple[list[PersonRecipient], list[RowError]]:
    """`scope`: the area whose communities the file may name (the importer's). `month_from` has
    been checked by the caller (`parse.first_month_refusal`)."""
    parser = _PersonParser(
        table,
        county=county,
        scope=scope,
        actor=actor,
        today=today or timezone.localdate(),
        month_from=month_from,
        program=program,
        urban_rural=urban_rural,
    )
    new, errors = run(parser)
    return cast(list[PersonRecipient], new), errors


def is_header(cells: list[str]) -> bool:
    """The list's header row, under any title rows: a name, an ID number and an amount."""
    positions = COLUMNS.positions(cells)
    return all(key in positions for key in ("name", "id_number", "amount"))
