"""Reading a county's payment roster (发放名册, POLICY.md §5): the layout it already pays from, one
row per household.

    地区 | 户主姓名 | 身份证号码 | 保障人数 | 保障金 | 分类施保金 | 发放合计 | 账户名称 | 开户银行 | 账号

It names the head only, so each household is registered with its head (sex and birth date from
the ID number, as the register does) and paid 发放合计 for 保障人数 persons from the month the
importer gives (the file has none); the other covered persons are a count, to be registered with
their names at the first review (`selectors.households_to_complete`). 保障金 and 分类施保金 must add
up to 发放合计 to the fen: a roster whose parts do not add up has been edited by hand, and paying
its total would pay a figure no one decided. The split is kept as the entitlement's explanation.

The same all-or-nothing rule, error report and database checks as the member layout
(`registry.roster.parse.run`): the ID number by the register's validation, each person once in
the file and in no household of the register.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, cast

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.counts import parse_count
from dibao.core.errors import DomainError
from dibao.core.money import ZERO, parse_amount
from dibao.core.sheets.headers import Columns
from dibao.core.sheets.reader import Table
from dibao.core.sheets.row_errors import RowError
from dibao.registry.models import HouseholdStatus, Relation
from dibao.registry.roster import headers as roster_headers
from dibao.registry.roster import vocabulary
from dibao.registry.roster.communities import Communities
from dibao.registry.roster.parse import _Parser, _Row, run
from dibao.registry.services.bulk import NewHousehold
from dibao.registry.validation import clean_household, clean_member

from ..models import Entitlement
from .parse import NewRecipient

# key → canonical header, in the order of POLICY.md §5 (then the optional columns).
CANONICAL: dict[str, str] = {
    "community": "地区",
    "head_name": "户主姓名",
    "id_number": "身份证号码",
    "persons": "保障人数",
    "basic": "保障金",
    "classified": "分类施保金",
    "total": "发放合计",
    "account_name": "账户名称",
    "bank_name": "开户银行",
    "bank_account": "账号",
    "urban_rural": "城乡",
    "address": "家庭住址",
}
SYNONYMS: dict[str, tuple[str, ...]] = {
    "community": (
        "社区",
        "所属社区",
        "社区名称",
        "社区(村)",
        "村",
        "地区名称",
        "所属地区",
        "community",
        "area",
    ),
    "head_name": ("户主", "户主名称", "姓名", "户主姓名(申请人)", "head", "head name", "name"),
    "id_number": (
        "身份证号",
        "户主身份证号",
        "户主身份证号码",
        "公民身份号码",
        "户主公民身份号码",
        "证件号码",
        "id number",
        "id no",
        "id",
    ),
    "persons": ("人数", "保障人口", "享受人数", "保障人口数", "享受人口", "covered persons", "persons"),
    "basic": ("低保金", "基本保障金", "月保障金", "保障金额", "低保金额", "basic benefit", "basic"),
    "classified": ("分类施保", "分类施保金额", "分类救助金", "分类加发", "classified benefit", "classified"),
    "total": ("合计", "合计金额", "发放金额", "实发金额", "应发金额", "发放总额", "total", "total paid"),
    "account_name": ("户名", "账户名", "帐户名称", "帐户名", "开户人", "开户名", "持卡人", "account name"),
    "bank_name": ("开户行", "银行", "开户银行名称", "bank", "bank name"),
    "bank_account": (
        "帐号",
        "银行账号",
        "银行帐号",
        "银行卡号",
        "卡号",
        "存折号",
        "bank account",
        "account number",
        "account",
    ),
    "urban_rural": ("城乡类别", "城乡属性", "户籍类别", "户口性质", "urban/rural", "urban rural", "hukou"),
    "address": ("住址", "地址", "家庭地址", "居住地址", "现住址", "address"),
}
REQUIRED = ("community", "head_name", "id_number", "persons", "basic", "classified", "total")
COLUMNS = Columns(CANONICAL, SYNONYMS)
# The layout's own columns: a file naming them, and no relation to the head, is a payment roster.
MARKS = ("head_name", "persons", "total")
# No household a roster pays is larger; more is a typing error (a total typed into 保障人数).
MAX_PERSONS = 30

# The entitlement's explanation: message ids and parameters, like the assessment's lines
# (`policy.engine.explanation`), so that the split reads in the reader's language.
TAKEN_OVER = gettext_noop(
    "Taken over from the payment roster: %(total)s yuan a month for %(persons)s covered persons."
)
BASIC_PART = gettext_noop("Basic benefit (保障金): %(amount)s yuan.")
CLASSIFIED_PART = gettext_noop("Classified benefit (分类施保金): %(amount)s yuan.")
ACCOUNT_HOLDER = gettext_noop("The bank account is in the name of %(name)s.")
TO_REGISTER = gettext_noop(
    "%(n)s more covered persons to register with their names and ID numbers at the first review."
)


def is_payment_roster(headers: list[str]) -> bool:
    """A header row with 户主姓名, 保障人数 and 发放合计 (or their synonyms) and no column of each
    member's relation to the head: the layout of one row per household."""
    positions = COLUMNS.positions(headers)
    relation = any(roster_headers.key_for(header) == "relation" for header in headers)
    return all(key in positions for key in MARKS) and not relation


def is_header(cells: list[str]) -> bool:
    """The payment roster's header row, under any title rows (as `roster.headers.is_header`)."""
    positions = COLUMNS.positions(cells)
    return sum(1 for key in MARKS if key in positions) >= 2


@dataclass(frozen=True)
class _Paid:
    persons: int
    basic: Decimal
    classified: Decimal
    total: Decimal


class _PaymentRosterParser(_Parser):
    words = vocabulary.ROSTER

    def __init__(
        self,
        table: Table,
        *,
        county: Area,
        scope: Area,
        actor: User | None,
        today: datetime.date,
        month_from: datetime.date,
        urban_rural: str,
    ) -> None:
        super().__init__(table, county, county, actor, today)
        self.area = scope  # the area whose communities the rows may name
        self.positions = COLUMNS.positions(table.headers)
        self.missing = [CANONICAL[key] for key in REQUIRED if key not in self.positions]
        self.communities = Communities(scope)
        self.month_from = month_from
        self.urban_rural = urban_rural
        self.paid: dict[int, _Paid] = {}
        self.values_of: dict[int, Any] = {}
        self.address_from_community = "address" not in self.positions

    def column(self, key: str) -> str:
        position = self.positions.get(key)
        return self.table.headers[position] if position is not None else CANONICAL.get(key, key)

    def read_member(self, row: _Row) -> None:
        """The head (the row's person), the household's community, account and what it is paid."""
        cells = row.cells
        row.is_head = True
        self.check_community(row)
        hukou = self.urban_rural
        if cells.get("urban_rural"):
            code = vocabulary.code_for("urban_rural", cells["urban_rural"])
            if code is None:
                self.unknown_word(row, "urban_rural")
            hukou = code or hukou
        data = {
            "name": cells.get("head_name", ""),
            "id_number": cells.get("id_number", ""),
            "relation": Relation.SELF,
            "hukou": hukou,
            "phone": "",
            "notes": "",
        }
        if "id_number" in row.lossy:
            del data["id_number"]
        try:
            row.member = clean_member(data, partial="id_number" in row.lossy, today=self.today)
        except DomainError as exc:
            for name, messages in exc.errors.items():
                key = {"name": "head_name", "hukou": "urban_rural"}.get(name, name)
                for message in messages:
                    self.error(row, key, message)
        self.read_paid(row)
        self.read_household(row, hukou)

    def amount(self, row: _Row, key: str, *, required: bool) -> Decimal | None:
        text = row.cells.get(key, "")
        if not text and not required:
            return ZERO  # 分类施保金 and 保障金 are left empty where nothing is paid
        try:
            return parse_amount(text, column=Entitlement._meta.get_field("amount"), field=key)
        except DomainError as exc:
            self.error(row, key, exc.errors[key][0])
            return None

    def read_paid(self, row: _Row) -> None:
        persons: int | None = None
        try:
            persons = parse_count(
                row.cells.get("persons", ""),
                column=Entitlement._meta.get_field("persons"),
                field="persons",
                minimum=1,
                maximum=MAX_PERSONS,
            )
        except DomainError as exc:
            self.error(row, "persons", exc.errors["persons"][0])
        basic = self.amount(row, "basic", required=False)
        classified = self.amount(row, "classified", required=False)
        total = self.amount(row, "total", required=True)
        if total is None:
            return
        if total <= 0:
            self.error(row, "total", _("The total paid must be more than 0."))
            return
        if basic is None or classified is None:
            return
        if basic + classified != total:
            self.error(
                row,
                "total",
                _(
                    "%(basic)s + %(classified)s = %(sum)s, not the total %(total)s: "
                    "the parts must add up to it."
                )
                % {
                    "basic": f"{basic:.2f}",
                    "classified": f"{classified:.2f}",
                    "sum": f"{basic + classified:.2f}",
                    "total": f"{total:.2f}",
                },
            )
            return
        if persons is not None:
            self.paid[row.number] = _Paid(persons, basic, classified, total)

    def read_household(self, row: _Row, hukou: str) -> None:
        read_household_values(self, row, hukou)

    def households(self, rows: list[_Row]) -> list[NewHousehold]:
        new: list[NewHousehold] = []
        for row in rows:
            paid = self.paid.get(row.number)
            values = self.values_of.get(row.number)
            if not row.ok or paid is None or values is None:
                continue
            new.append(
                NewRecipient(
                    community=self.community_of[row.number],
                    values=values,
                    members=[row.member],
                    status=HouseholdStatus.RECEIVING,
                    amount=paid.total,
                    month_from=self.month_from,
                    row=row.number,
                    persons=paid.persons,
                    lines=self.lines(row, paid),
                )
            )
        return new

    def lines(self, row: _Row, paid: _Paid) -> list[dict[str, Any]]:
        def line(message: str, **params: Any) -> dict[str, Any]:
            return {"message": message, "params": params}

        lines = [
            line(TAKEN_OVER, total=f"{paid.total:.2f}", persons=paid.persons),
            line(BASIC_PART, amount=f"{paid.basic:.2f}"),
            line(CLASSIFIED_PART, amount=f"{paid.classified:.2f}"),
        ]
        holder = "".join(row.cells.get("account_name", "").split())
        if holder and holder != row.member.get("name"):
            lines.append(line(ACCOUNT_HOLDER, name=holder[:40]))
        if paid.persons > 1:
            lines.append(line(TO_REGISTER, n=paid.persons - 1))
        return lines


def parse_payment_roster(
    table: Table,
    *,
    county: Area,
    scope: Area,
    actor: User | None,
    month_from: datetime.date,
    urban_rural: str,
    today: datetime.date | None = None,
) -> tuple[list[NewRecipient], list[RowError]]:
    """`scope`: the area whose communities the file may name (the importer's). `month_from` has
    been checked by the caller (`parse.first_month_refusal`)."""
    parser = _PaymentRosterParser(
        table,
        county=county,
        scope=scope,
        actor=actor,
        today=today or timezone.localdate(),
        month_from=month_from,
        urban_rural=urban_rural,
    )
    new, errors = run(parser)
    return cast(list[NewRecipient], new), errors


class _HouseholdRows(Protocol):
    """What a parser that registers a household per row keeps: each row's community and the
    household's cleaned values, and whether the address is the community's name."""

    community_of: dict[int, Any]
    values_of: dict[int, Any]
    address_from_community: bool

    def error(self, row: _Row, key: str, message: str) -> None: ...


def read_household_values(parser: _HouseholdRows, row: _Row, hukou: str) -> None:
    """The household a row registers (for this layout and the list of persons alike): its address,
    urban/rural and bank account, read by the register's own rules; an account needs its holder."""
    cells = row.cells
    community = parser.community_of.get(row.number)
    account = cells.get("bank_account", "")
    if account and not cells.get("account_name") and "bank_account" not in row.lossy:
        parser.error(row, "account_name", _("The account holder's name is required with an account number."))
    if community is None:
        return
    data = {
        "address": community.name if parser.address_from_community else cells.get("address", ""),
        "phone": "",
        "urban_rural": hukou,
        "bank_name": cells.get("bank_name", ""),
        "bank_account": account,
    }
    if "bank_account" in row.lossy:
        del data["bank_account"]
    try:
        parser.values_of[row.number] = clean_household(data, partial="bank_account" in row.lossy)
    except DomainError as exc:
        for name, messages in exc.errors.items():
            for message in messages:
                parser.error(row, name, message)
