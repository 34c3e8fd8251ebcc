"""The recipients roster's template: the register's roster template with the community and the
three benefit columns filled in on the example head's row, and how to fill them in."""

from django.utils.translation import gettext as _

from dibao.core.sheets.template import Column, template_workbook
from dibao.registry.roster import exporter
from dibao.registry.roster import headers as cols

from . import columns, payment_roster, persons
from .vocabulary import RECIPIENTS

KEYS = [*exporter.COLUMNS, *columns.CANONICAL]
EXAMPLE_BENEFIT = {
    "community": "海州社区",
    "benefit_class": "A类",
    "benefit_amount": "520.00",
    "benefit_from": "2026-01",
}


def _notes() -> list[tuple[str, str]]:
    """The register's template's notes, but for 社区, and this file's own columns."""
    community = cols.CANONICAL["community"]
    notes = [note for note in exporter.template_notes() if note[0] != community]
    notes += [
        (
            community,
            _(
                "Required on the head's row: the name or the 12-digit code of the household's community. "
                "Left empty on the other rows, or the same community."
            ),
        ),
        (
            columns.CANONICAL["benefit_class"],
            _("Required on the head's row. Allowed: %(words)s")
            % {"words": RECIPIENTS.accepted("benefit_class")},
        ),
        (
            columns.CANONICAL["benefit_amount"],
            _("Required on the head's row: what the household is paid a month, in yuan, to the fen."),
        ),
        (
            columns.CANONICAL["benefit_from"],
            _(
                "Required on the head's row: the first month it is paid that amount "
                "(2026-03, 2026年3月 or a date)."
            ),
        ),
    ]
    return notes


def template_xlsx() -> bytes:
    sheet_columns = [
        Column(columns.name(key), 20 if key == "address" else 14, key in exporter.TEXT_COLUMNS)
        for key in KEYS
    ]
    # The register's example household, with the benefit columns filled in on its head's row.
    examples = [
        [{**example, **(EXAMPLE_BENEFIT if line == 0 else {})}.get(key, "") for key in KEYS]
        for line, example in enumerate(exporter.EXAMPLE)
    ]
    return template_workbook(_("Recipients"), sheet_columns, examples, _notes())


# The payment roster (POLICY.md §5), one row per household: the layout a county already pays from.
PAYMENT_KEYS = [key for key in payment_roster.CANONICAL if key not in ("urban_rural", "address")]
PAYMENT_TEXT = ("id_number", "bank_account")
PAYMENT_EXAMPLES = [
    {
        "community": "海州社区",
        "head_name": "王秀英",
        "id_number": "21020419500315432X",
        "persons": "3",
        "basic": "900.00",
        "classified": "60.00",
        "total": "960.00",
        "account_name": "王秀英",
        "bank_name": "大连农商银行",
        "bank_account": "6228480012345678",
    },
    {
        "community": "210204002001",
        "head_name": "李建国",
        "id_number": "210204196208170010",
        "persons": "1",
        "basic": "455.00",
        "classified": "",
        "total": "455.00",
    },
]


def _payment_notes() -> list[tuple[str, str]]:
    name = payment_roster.CANONICAL
    return [
        (name["community"], _("Required: the name or the 12-digit code of the household's community.")),
        (
            name["head_name"],
            _(
                "Required: the head of household, registered with the ID number as the household's "
                "only member."
            ),
        ),
        (name["id_number"], _("Required: the head's 18-character ID number; keep the column as text.")),
        (
            name["persons"],
            _(
                "Required: the persons the household is paid for, 1 to %(max)s. The others are "
                "registered with their names at the first review."
            )
            % {"max": payment_roster.MAX_PERSONS},
        ),
        (name["basic"], _("Yuan a month, to the fen; empty is 0.")),
        (name["classified"], _("Yuan a month, to the fen; empty is 0.")),
        (
            name["total"],
            _("Required: what the household is paid a month; 保障金 + 分类施保金 must equal it to the fen."),
        ),
        (name["account_name"], _("Required with an account number: the account holder's name.")),
        (name["bank_name"], _("The bank's name, with the account number.")),
        (name["bank_account"], _("Digits only; keep the column as text.")),
        (
            _("Optional columns"),
            _(
                "城乡 (城镇 or 农村; otherwise the category chosen on import) and 家庭住址 (otherwise "
                "the community's name). The first month paid is chosen on import."
            ),
        ),
    ]


def payment_template_xlsx() -> bytes:
    sheet_columns = [
        Column(payment_roster.CANONICAL[key], 18 if key in PAYMENT_TEXT else 12, key in PAYMENT_TEXT)
        for key in PAYMENT_KEYS
    ]
    examples = [[example.get(key, "") for key in PAYMENT_KEYS] for example in PAYMENT_EXAMPLES]
    return template_workbook(_("Payment roster"), sheet_columns, examples, _payment_notes())


# A person-paid program's list (`persons`), one row per person: its own columns between the
# person and the amount.
PERSON_TEXT = ("id_number", "bank_account")
PERSON_EXAMPLES = [
    {
        "community": "海州社区",
        "name": "王秀英",
        "id_number": "210204194003154325",
        "disability_type": "肢体",
        "disability_grade": "一级",
        "support": "分散",
        "self_care": "半失能",
        "amount": "277.00",
        "account_name": "王秀英",
        "bank_name": "大连农商银行",
        "bank_account": "6228480012345678",
    },
    {
        "community": "210204002001",
        "name": "李建国",
        "id_number": "210204193808170010",
        "disability_type": "智力",
        "disability_grade": "二级",
        "support": "集中",
        "self_care": "全失能",
        "amount": "185.00",
    },
]


def _person_notes(program: str) -> list[tuple[str, str]]:
    name = persons.CANONICAL
    notes = [
        (name["community"], _("Required: the name or the 12-digit code of the person's community.")),
        (
            name["name"],
            _(
                "Required: the person paid. A person the register already has (by ID number, in this "
                "county) is paid as that member; anyone else is registered as a household of one."
            ),
        ),
        (name["id_number"], _("Required: the person's 18-character ID number; keep the column as text.")),
    ]
    own = persons.PROGRAM_COLUMNS[program]
    if "disability_type" in own:
        notes += [
            (
                name["disability_type"],
                _("Required: %(words)s") % {"words": _words("disability_type")},
            ),
            (name["disability_grade"], _("Required: 一级 to 四级 (1 to 4).")),
        ]
    if "support" in own:
        notes += [
            (name["support"], _("Required: %(words)s") % {"words": _words("support")}),
            (name["self_care"], _("Required: %(words)s") % {"words": _words("self_care")}),
        ]
    notes += [
        (
            name["amount"],
            _("Required: what the person is paid a month, in yuan, to the fen; more than 0."),
        ),
        (name["account_name"], _("Required with an account number: the account holder's name.")),
        (
            name["bank_name"],
            _(
                "The bank's name, with the account number. A member of the register is paid into their "
                "household's account as the register has it."
            ),
        ),
        (name["bank_account"], _("Digits only; keep the column as text.")),
        (
            _("Optional columns"),
            _(
                "城乡 (城镇 or 农村; otherwise the category chosen on import) and 家庭住址 (otherwise "
                "the community's name). The first month paid is chosen on import."
            ),
        ),
    ]
    return notes


def _words(key: str) -> str:
    return persons.WORDS.accepted(key)


def person_template_xlsx(program: str) -> bytes:
    keys = persons.template_keys(program)
    sheet_columns = [
        Column(persons.CANONICAL[key], 18 if key in PERSON_TEXT else 12, key in PERSON_TEXT) for key in keys
    ]
    examples = [[example.get(key, "") for key in keys] for example in PERSON_EXAMPLES]
    return template_workbook(_("Recipients"), sheet_columns, examples, _person_notes(program))
