"""The roster's columns: canonical Chinese headers and the synonyms offices use (a header is
recognised as `core.sheets.headers` reads one: spaces, full-width letters, a trailing '*' or ':'
and a unit in brackets such as '(元)' are set aside)."""

from dibao.core.sheets.headers import Columns

# key → canonical header. The order is the order of the template and of every export.
CANONICAL: dict[str, str] = {
    "number": "户编号",
    "head_id": "户主身份证号",
    "name": "姓名",
    "id_number": "身份证号",
    "relation": "与户主关系",
    "urban_rural": "城乡类别",
    "address": "家庭住址",
    "phone": "联系电话",
    "bank_name": "开户银行",
    "bank_account": "银行账号",
    "disability_type": "残疾类别",
    "disability_grade": "残疾等级",
    "health": "健康状况",
    "labour_capacity": "劳动能力",
    "employment": "就业状况",
    "monthly_income": "月收入",
    "community": "社区",
}
# Columns a file must have; the others may be left out. A household cannot be registered without
# an address or its urban/rural category, so a file without those columns is refused at once
# rather than with one error per household.
REQUIRED = ("head_id", "name", "id_number", "relation", "urban_rural", "address")
# Columns that only an export writes; an import reads them when present.
OPTIONAL_IN_TEMPLATE = ("number", "community")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("户号", "家庭编号", "家庭户编号", "household number", "household no", "household"),
    "head_id": (
        "户主身份证",
        "户主身份证号码",
        "户主公民身份号码",
        "户主证件号码",
        "户主身份证件号码",
        "head id number",
        "head id",
        "head's id number",
        "head id no",
    ),
    "name": ("成员姓名", "家庭成员姓名", "name", "member name", "full name"),
    "id_number": (
        "身份证",
        "身份证号码",
        "公民身份号码",
        "公民身份证号",
        "公民身份证号码",
        "证件号码",
        "成员身份证号",
        "id number",
        "id no",
        "id card number",
        "id",
    ),
    "relation": ("关系", "与户主的关系", "家庭关系", "relation", "relationship", "relation to head"),
    "urban_rural": (
        "城乡",
        "城乡属性",
        "户籍类别",
        "户籍类型",
        "户口类别",
        "户口性质",
        "户籍性质",
        "urban/rural",
        "urban rural",
        "hukou",
    ),
    "address": ("住址", "地址", "家庭地址", "居住地址", "现住址", "address"),
    "phone": ("电话", "电话号码", "手机", "手机号", "手机号码", "联系方式", "phone", "telephone"),
    "bank_name": ("银行", "开户行", "开户银行名称", "bank", "bank name"),
    "bank_account": (
        "账号",
        "帐号",
        "银行帐号",
        "银行卡号",
        "卡号",
        "银行账户",
        "存折号",
        "bank account",
        "account number",
        "account",
    ),
    "disability_type": ("残疾类型", "disability type", "disability"),
    "disability_grade": ("残疾级别", "disability grade", "disability level"),
    "health": ("健康", "健康情况", "身体状况", "health"),
    "labour_capacity": ("劳动能力状况", "labour capacity", "labor capacity", "work capacity"),
    "employment": ("就业情况", "就业状态", "就业", "employment"),
    "monthly_income": ("收入", "个人月收入", "monthly income", "income"),
    "community": ("所属社区", "社区名称", "社区(村)", "村", "community"),
}
# Columns an import reads that the template and the exports do not write (yet): the household's
# category (人员类别), by its name on the county's list.
IMPORT_ONLY: dict[str, str] = {"category": "人员类别"}
SYNONYMS["category"] = ("家庭类别", "户类别", "household category")
COLUMNS = Columns({**CANONICAL, **IMPORT_ONLY}, SYNONYMS)


def key_for(header: object) -> str | None:
    """The column a header means, or None for a column the roster does not use."""
    return COLUMNS.key_for(header)


def recognise(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Map each known column to its position; return the required columns that are missing.

    The first of two columns meaning the same thing wins; unknown columns are ignored (offices
    keep their own notes beside the roster).
    """
    positions = COLUMNS.positions(headers)
    missing = [CANONICAL[key] for key in REQUIRED if key not in positions]
    return positions, missing


def is_header(cells: list[str]) -> bool:
    """A row naming two of the required columns is the roster's header, under any title rows
    ("某社区低保花名册", the date, the unit…)."""
    positions = COLUMNS.positions(cells)
    return sum(1 for key in REQUIRED if key in positions) >= 2
