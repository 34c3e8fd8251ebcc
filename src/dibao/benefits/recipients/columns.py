"""The columns a recipients roster has beyond the register's, and how their cells are read:
保障类别 (see `recipients.vocabulary`), 月保障金 and 起始年月 (read by `core.months`). (社区, a
community of the county by its name or its 12-digit code, is read as in every roster:
`roster.communities`.)"""

from dibao.core.sheets.headers import Columns
from dibao.registry.roster import headers

# key → canonical header, in the order a file usually has them (after the register's columns).
CANONICAL: dict[str, str] = {
    "benefit_class": "保障类别",
    "benefit_amount": "月保障金",
    "benefit_from": "起始年月",
}
SYNONYMS: dict[str, tuple[str, ...]] = {
    "benefit_class": (
        "类别",
        "保障类型",
        "低保类别",
        "分类施保类别",
        "施保类别",
        "benefit class",
        "class",
    ),
    "benefit_amount": (
        "保障金",
        "月保障金额",
        "保障金额",
        "低保金",
        "月低保金",
        "月低保金额",
        "低保金额",
        "月发放金额",
        "发放金额",
        "享受金额",
        "monthly benefit",
        "monthly amount",
        "benefit",
        "amount",
    ),
    "benefit_from": (
        "起始月份",
        "起始时间",
        "起始日期",
        "开始年月",
        "享受起始年月",
        "开始享受年月",
        "保障起始年月",
        "起保年月",
        "纳入年月",
        "纳入时间",
        "from month",
        "start month",
        "since",
    ),
}
# Required in a recipients file besides the register's own (headers.REQUIRED).
REQUIRED = ("community", *CANONICAL)

COLUMNS = Columns(CANONICAL, SYNONYMS)


def recognise(names: list[str]) -> dict[str, int]:
    """Positions of this module's columns; a column the register's roster reads is left to it."""
    positions: dict[str, int] = {}
    for index, header in enumerate(names):
        key = None if headers.key_for(header) else COLUMNS.key_for(header)
        if key is not None and key not in positions:
            positions[key] = index
    return positions


def name(key: str) -> str:
    return CANONICAL.get(key) or headers.CANONICAL.get(key) or headers.IMPORT_ONLY[key]
