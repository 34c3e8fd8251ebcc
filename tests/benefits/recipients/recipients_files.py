"""Recipients rosters for the tests: the register's roster with 社区, 保障类别, 月保障金 and 起始年月."""

from typing import Any

from dibao.policy.services import standard_set
from tests.registry.roster.files import HEADERS, csv_bytes, row, xlsx_bytes

from ...factories import id_number

RECIPIENT_HEADERS = [*HEADERS, "社区", "保障类别", "月保障金", "起始年月"]


def head(
    head_id: str,
    name: str = "张三",
    *,
    community: Any = "海州社区",
    cls: Any = "A类",
    amount: Any = "520.50",
    month: Any = "2026-03",
    **cells: Any,
) -> list[Any]:
    return [*row(head_id, name, head_id, **cells), community, cls, amount, month]


def member(
    head_id: str, name: str = "张小明", id_no: str | None = None, relation: str = "子女", **extra: Any
):
    community = extra.pop("community", "")
    return [*row(head_id, name, id_no or id_number(), relation, **extra), community, "", "", ""]


def family(community: Any = "海州社区", **benefit: Any) -> tuple[str, list[list[Any]]]:
    """A head and a child; the child's row leaves the benefit columns empty, as offices do."""
    head_id = id_number()
    return head_id, [head(head_id, community=community, **benefit), member(head_id)]


def recipients_csv(
    rows: list[list[Any]], encoding: str = "utf-8", headers: list[str] = RECIPIENT_HEADERS
) -> bytes:
    return csv_bytes(rows, encoding, headers=headers)


def recipients_xlsx(rows: list[list[Any]], headers: list[str] = RECIPIENT_HEADERS) -> bytes:
    return xlsx_bytes(rows, headers=headers)


def set_standards(areas: Any) -> None:
    """The county's urban and rural standards, so that the new households can be assessed."""
    for kind, amount in (("urban", "360"), ("rural", "200")):
        standard_set(
            area=areas.county, data={"kind": kind, "amount": amount, "valid_from": "2025-01"}, actor=None
        )
