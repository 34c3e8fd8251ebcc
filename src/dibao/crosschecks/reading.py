"""Reading a source file: each kind's columns, the words offices write for them, and the rows as
plain values ready for the staging table (`matching.SourceRow`).

The file is xlsx or CSV in any office encoding, read bounded by `core.sheets.reader`. Every row is
checked before anything is matched: a row whose ID number is no ID number, or whose date or amount
is none, refuses the whole file with every reason by row and column, as every import does. Headers
are recognised as for the roster — after spaces, full-width letters and units are set aside — by
the names the departments' own exports use and the data elements of MZ/T 072 and MZ/T 073
(公民身份号码, 死亡日期, 号牌号码 …).

Every kind fills the same few slots, so one staging table and one join serve them all:
`on_date` (death, vehicle registration), `label` (plate, address, company, employer, payer),
`detail` (vehicle type, use of the property, role in the business), `amount` (value, area,
capital, monthly amount or contribution base) and `months`.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext as _

from dibao.core import idnumbers
from dibao.core.errors import DomainError
from dibao.core.money import parse_amount
from dibao.core.months import parse_date
from dibao.core.sheets import reader
from dibao.core.sheets.headers import Columns
from dibao.core.sheets.row_errors import RowError, file_refused

from .models import SourceKind

ID_WORDS = ("公民身份号码", "身份证号码", "身份证号", "身份证", "证件号码", "证件号", "id number", "id")
NAME_WORDS = ("姓名", "人员姓名", "死者姓名", "所有人", "权利人", "name")

# key → (slot, required, header words); the first word is the one an error names.
LAYOUTS: dict[str, dict[str, tuple[str, bool, tuple[str, ...]]]] = {
    SourceKind.DEATH: {
        "on_date": (
            "date",
            True,
            ("死亡日期", "死亡时间", "火化日期", "火化时间", "注销日期", "date of death", "date"),
        ),
    },
    SourceKind.VEHICLE: {
        "label": ("text", True, ("号牌号码", "车牌号码", "车牌号", "号牌", "plate")),
        "detail": ("text", True, ("车辆类型", "车型", "车辆种类", "type")),
        "on_date": ("date", False, ("初次登记日期", "登记日期", "注册日期", "registered on")),
        "amount": ("amount", False, ("车辆价值", "价值", "评估价值", "购置价格", "value")),
    },
    SourceKind.PROPERTY: {
        "label": ("text", True, ("房屋坐落", "坐落", "地址", "不动产坐落", "address")),
        "amount": ("amount", False, ("建筑面积", "面积", "房屋面积", "area")),
        "detail": ("text", False, ("房屋用途", "规划用途", "用途", "房屋性质", "kind")),
    },
    SourceKind.BUSINESS: {
        "label": ("text", True, ("企业名称", "市场主体名称", "单位名称", "公司名称", "company")),
        "detail": ("text", True, ("职务", "人员类型", "身份", "任职", "出资人类型", "role")),
        "amount": ("amount", False, ("注册资本", "注册资金", "认缴出资额", "registered capital")),
    },
    SourceKind.PENSION: {
        "amount": ("amount", True, ("月养老金", "养老金月领取额", "月领取金额", "月待遇", "monthly amount")),
        "months": ("count", False, ("领取月数", "月数", "months")),
        "label": ("text", False, ("发放机构", "参保险种", "险种", "payer")),
    },
    SourceKind.SOCIAL_INSURANCE: {
        "amount": ("amount", True, ("缴费基数", "月缴费基数", "缴费工资", "contribution base")),
        "months": ("count", False, ("缴费月数", "实缴月数", "月数", "months")),
        "label": ("text", False, ("参保单位", "单位名称", "险种", "employer")),
    },
    SourceKind.HOUSING_FUND: {
        "amount": ("amount", True, ("缴存基数", "月缴存基数", "缴费基数", "contribution base")),
        "months": ("count", False, ("缴存月数", "月数", "months")),
        "label": ("text", False, ("缴存单位", "单位名称", "employer")),
    },
    SourceKind.PUBLIC_SERVANT: {
        "label": ("text", True, ("工作单位", "单位名称", "所在单位", "任职单位", "employer")),
    },
}

# A decimal with room for a registered capital in yuan; to the fen like every amount.
_AMOUNT: models.DecimalField = models.DecimalField(max_digits=16, decimal_places=2)


class SourceRow(NamedTuple):
    """One row as the staging table takes it (a tuple: ten million of them are made cheaply)."""

    row: int
    id_number: str
    name: str = ""
    on_date: datetime.date | None = None
    label: str = ""
    detail: str = ""
    amount: Decimal | None = None
    months: int | None = None


class Refused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def columns_for(kind: str) -> Columns:
    synonyms: dict[str, tuple[str, ...]] = {"id_number": ID_WORDS, "name": NAME_WORDS}
    synonyms.update({key: words for key, (_slot, _req, words) in LAYOUTS[kind].items()})
    return Columns({}, synonyms)


def required_keys(kind: str) -> list[str]:
    return ["id_number", *(key for key, (_slot, required, _w) in LAYOUTS[kind].items() if required)]


def check_kind(kind: str) -> str:
    if kind not in LAYOUTS:
        raise DomainError(
            _("'%(v)s' is no kind of source (%(known)s).")
            % {"v": kind, "known": ", ".join(SourceKind.values)},
            field="kind",
        )
    return kind


def _value(slot: str, key: str, text: str) -> object:
    if slot == "date":
        day = parse_date(text[:10], key)
        if day is None:
            raise DomainError(_("This field is required."))
        return day
    if slot == "amount":
        return parse_amount(text, column=_AMOUNT, field=key)
    if slot == "count":
        if not text.isdigit() or int(text) > 1200:
            raise DomainError(_("'%(v)s' is not a number of months.") % {"v": text})
        return int(text)
    if not text:
        raise DomainError(_("This field is required."))
    return text[:120]


def read_rows(kind: str, file_name: str, content: bytes) -> list[SourceRow]:
    """The file's rows, or `Refused` with every reason by row and column."""
    check_kind(kind)
    columns = columns_for(kind)
    required = required_keys(kind)

    def is_header(cells: list[str]) -> bool:
        # The ID number and one more of the kind's columns: a header missing a column is still
        # found, so the refusal names the column missing rather than the header.
        found = {columns.key_for(c) for c in cells} - {None}
        return "id_number" in found and len(found) >= 2

    try:
        table = reader.read(file_name, content, is_header=is_header)
    except DomainError as exc:
        raise Refused([file_refused(file_name, exc)]) from None
    positions = columns.positions(table.headers)
    missing = [
        (ID_WORDS[0] if key == "id_number" else LAYOUTS[kind][key][2][0])
        for key in required
        if key not in positions
    ]
    if missing:
        reason = _("Columns missing: %(c)s.") % {"c": ", ".join(missing)}
        raise Refused([RowError(max(table.first_row - 1, 1), "", "", reason)])
    errors: list[RowError] = []
    rows: list[SourceRow] = []
    layout = LAYOUTS[kind]
    for offset, cells in enumerate(table.rows):
        number = table.first_row + offset
        if not any(cell.strip() for cell in cells):
            continue
        values: dict[str, object] = {}
        id_text = cells[positions["id_number"]].strip()
        try:
            values["id_number"] = idnumbers.parse(id_text).number
        except DomainError as exc:
            errors.append(RowError(number, table.headers[positions["id_number"]], id_text, str(exc)))
        if "name" in positions:
            values["name"] = cells[positions["name"]].strip()[:40]
        for key, (slot, is_required, _words) in layout.items():
            if key not in positions:
                continue
            text = cells[positions[key]].strip()
            if not text and not is_required:
                continue
            try:
                values[key] = _value(slot, key, text)
            except DomainError as exc:
                errors.append(RowError(number, table.headers[positions[key]], text, str(exc)))
        if "id_number" in values:
            rows.append(SourceRow(row=number, **values))  # type: ignore[arg-type]
    if errors:
        raise Refused(errors)
    if not rows:
        raise Refused([RowError(table.first_row, "", file_name, _("The file has no rows."))])
    return rows
