"""Exporting households and members in the roster layout, so that an export imports again.

Members are read in one streamed query with their household's fields and their current monthly
income summed by a subquery, so 100,000 members cost a handful of queries, not one per household.
"""

import csv
import datetime
import io
from collections.abc import Iterator
from typing import Any

import xlsxwriter
from django.db import transaction
from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from dibao.areas.models import Area
from dibao.core import audit, idnumbers
from dibao.core.roles import FULL_ID_ROLES

from ..models import Household, Income, Member
from . import headers as cols
from . import vocabulary

COLUMNS = [key for key in cols.CANONICAL]
TEXT_COLUMNS = {"number", "head_id", "id_number", "phone", "bank_account"}


def _monthly_income(month: datetime.date) -> Coalesce:
    current = Income.objects.filter(member=OuterRef("pk"), month_from__lte=month).filter(
        Q(month_to__isnull=True) | Q(month_to__gte=month)
    )
    total = current.order_by().values("member").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total), Value(0), output_field=DecimalField(max_digits=12, decimal_places=2))


def rows(households: QuerySet[Household], *, full_ids: bool, month: datetime.date) -> Iterator[list[Any]]:
    """One list per member in COLUMNS order; the head first in each household."""
    heads = dict(
        Member.objects.filter(household__in=households.order_by().values("id"), relation="self").values_list(
            "household_id", "id_number"
        )
    )
    members = (
        Member.objects.filter(household__in=households.order_by().values("id"))
        .annotate(monthly=_monthly_income(month))
        .select_related("household__community")
        .order_by("household__number", "household_id", "id")
    )
    show = (lambda n: n) if full_ids else idnumbers.mask
    for m in members.iterator(chunk_size=5000):
        h = m.household
        is_head = m.relation == "self"
        yield [
            h.number,
            show(heads.get(h.pk, "")),
            m.name,
            show(m.id_number),
            vocabulary.word_for("relation", m.relation),
            vocabulary.word_for("urban_rural", m.hukou),
            h.address if is_head else "",
            h.phone if is_head else "",
            h.bank_name if is_head else "",
            h.bank_account if is_head else "",
            vocabulary.word_for("disability_type", m.disability_type),
            vocabulary.word_for("disability_grade", m.disability_grade),
            vocabulary.word_for("health", m.health),
            vocabulary.word_for("labour_capacity", m.labour_capacity),
            vocabulary.word_for("employment", m.employment),
            m.monthly if m.monthly else "",
            h.community.name,
        ]


def write_xlsx(lines: Iterator[list[Any]], out: Any, notes: list[tuple[str, str]] | None = None) -> int:
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("花名册")
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    money = workbook.add_format({"num_format": "0.00"})
    for col, key in enumerate(COLUMNS):
        sheet.set_column(col, col, 20 if key in TEXT_COLUMNS or key == "address" else 10)
        sheet.write_string(0, col, cols.CANONICAL[key], bold)
    count = 0
    for line in lines:
        count += 1
        for col, value in enumerate(line):
            if COLUMNS[col] == "monthly_income" and value != "":
                sheet.write_number(count, col, float(value), money)
            else:
                sheet.write_string(count, col, str(value))
    sheet.freeze_panes(1, 0)
    if notes:
        guide = workbook.add_worksheet("填写说明")
        guide.set_column(0, 0, 16)
        guide.set_column(1, 1, 90)
        for index, (column, text) in enumerate(notes):
            guide.write_string(index, 0, column, bold)
            guide.write_string(index, 1, text)
    workbook.close()
    return count


def write_csv(lines: Iterator[list[Any]], out: io.TextIOBase) -> int:
    writer = csv.writer(out)
    writer.writerow([cols.CANONICAL[key] for key in COLUMNS])
    count = 0
    for line in lines:
        writer.writerow(line)
        count += 1
    return count


def export(
    households: QuerySet[Household],
    *,
    actor: Any,
    area: Area,
    fmt: str,
    out: Any,
    description: str,
    encoding: str = "utf-8-sig",
) -> int:
    """Write the roster of `households` to `out` (binary for xlsx, and for CSV too: encoded here).

    The export is audited: who took which households' data out, and whether ID numbers were whole.
    """
    full_ids = actor is None or actor.role in FULL_ID_ROLES
    lines = rows(households, full_ids=full_ids, month=datetime.date.today().replace(day=1))
    if fmt == "xlsx":
        count = write_xlsx(lines, out)
    else:
        text = io.TextIOWrapper(out, encoding=encoding, errors="strict", newline="")
        count = write_csv(lines, text)
        text.flush()
        text.detach()
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=audit.Action.EXPORT,
            obj=area,
            area_code=area.code,
            after={"format": fmt, "members": count, "full_id_numbers": full_ids},
            note=description[:500],
        )
    return count


def template_xlsx() -> bytes:
    """An empty roster with the canonical headers, one example household and the allowed words."""
    buffer = io.BytesIO()
    example = [
        [
            "",
            "210204197001010014",
            "张三",
            "210204197001010014",
            "本人",
            "城市",
            "海州街12号1-2-1",
            "13800000000",
            "中国农业银行",
            "6228480000000000001",
            "肢体",
            "二级",
            "慢性病",
            "部分",
            "失业",
            "300",
            "",
        ],
        [
            "",
            "210204197001010014",
            "李四",
            "210204197203040027",
            "配偶",
            "城市",
            "",
            "",
            "",
            "",
            "",
            "",
            "健康",
            "完全",
            "灵活就业",
            "800",
            "",
        ],
    ]
    notes = [(cols.CANONICAL[key], "必填" if key in cols.REQUIRED else "选填") for key in COLUMNS]
    notes[0] = (cols.CANONICAL["number"], "选填；留空时系统自动编号。导出的文件带有户编号，可原样导回。")
    notes[-1] = (cols.CANONICAL["community"], "选填；填写时须为导入的社区名称或12位代码。")
    notes += [("", "每行一名家庭成员；户的信息（住址、电话、开户银行、银行账号、城乡类别）填在户主那一行。")]
    notes += [(cols.CANONICAL[field], "可填：" + vocabulary.allowed(field)) for field in vocabulary.WORDS]
    write_xlsx(iter(example), buffer, notes)
    return buffer.getvalue()
