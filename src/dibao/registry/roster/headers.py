"""The roster's columns: canonical Chinese headers, the synonyms offices use, and how a header
written in a file is recognised (spaces, full-width letters and a trailing '*' are ignored)."""

import unicodedata

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
# Columns a file must have; the others may be left out.
REQUIRED = ("head_id", "name", "id_number", "relation")
# Columns that only an export writes; an import reads them when present.
OPTIONAL_IN_TEMPLATE = ("number", "community")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("户号", "家庭编号", "household number"),
    "head_id": (
        "户主身份证",
        "户主身份证号码",
        "户主公民身份号码",
        "户主证件号码",
        "head id number",
        "head id",
    ),
    "name": ("成员姓名", "家庭成员姓名", "name"),
    "id_number": (
        "身份证号码",
        "公民身份号码",
        "公民身份证号",
        "证件号码",
        "成员身份证号",
        "id number",
        "id",
    ),
    "relation": ("关系", "与户主的关系", "家庭关系", "relation", "relation to head"),
    "urban_rural": ("城乡", "户籍类别", "户口性质", "户籍性质", "urban/rural", "urban rural"),
    "address": ("住址", "家庭地址", "居住地址", "现住址", "address"),
    "phone": ("电话", "手机", "手机号", "联系方式", "phone"),
    "bank_name": ("银行", "开户行", "开户银行名称", "bank", "bank name"),
    "bank_account": ("账号", "银行卡号", "卡号", "银行账户", "bank account"),
    "disability_type": ("残疾类型", "disability type", "disability"),
    "disability_grade": ("残疾级别", "disability grade"),
    "health": ("健康", "身体状况", "health"),
    "labour_capacity": ("劳动能力状况", "labour capacity", "labor capacity"),
    "employment": ("就业情况", "就业", "employment"),
    "monthly_income": ("收入", "月收入(元)", "月收入（元）", "个人月收入", "monthly income", "income"),
    "community": ("所属社区", "社区名称", "社区(村)", "村", "community"),
}


def normalise(header: object) -> str:
    text = unicodedata.normalize("NFKC", str(header or "")).strip().lower()
    return "".join(text.split()).rstrip("*")


_LOOKUP = {normalise(text): key for key, text in CANONICAL.items()}
for _key, _words in SYNONYMS.items():
    for _word in _words:
        _LOOKUP.setdefault(normalise(_word), _key)


def recognise(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Map each known column to its position; return the required columns that are missing.

    The first of two columns meaning the same thing wins; unknown columns are ignored (offices
    keep their own notes beside the roster).
    """
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = _LOOKUP.get(normalise(header))
        if key is not None and key not in positions:
            positions[key] = index
    missing = [CANONICAL[key] for key in REQUIRED if key not in positions]
    return positions, missing
