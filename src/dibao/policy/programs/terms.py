"""What a county sets for each program beside 低保, with its national default, in one place.

低保's own terms are the columns of `Rules` and `Standard`. Every other program keeps the terms an
area sets in `ProgramRules.terms` (JSON): only what the area changed is stored, and what is in
force is the program's defaults below with the area's values over them. Every value is read by
the same definitions whether it comes from a page, the API or a command, so what is stored can
always be read back.

Defaults are POLICY.md §4 and §6: 特困 basic living 1.3 × the local standard; care by self-care
level at one city's yearly figures divided by twelve (home 8,652 / 4,944 / 742 元, institutional
12,360 / 7,416 / 989 元); the disability subsidies at one city's 277 / 185 元; the 80+ allowance
in three bands; the steps and time limits of each program's procedure.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dibao.core.counts import parse_count
from dibao.core.errors import DomainError
from dibao.core.money import parse_amount

from ..models import Rules, Standard
from . import codes

# Amounts per person per month, bounded as a standard is: they are paid beside it.
_PER_PERSON = Standard._meta.get_field("amount")
# Day and month counts are bounded as the rules' own time limits are.
_DAYS = Rules._meta.get_field("decision_working_days")
# A year's disposable income is far above a month's standard: bounded by a ten-digit column.
_INCOME = Rules._meta.get_field("review_approval_threshold")

Reader = Callable[[object, str], Any]


@dataclass(frozen=True)
class Term:
    name: str
    label: Promise
    read: Reader
    default: Any
    # How a page asks for it: "value" (one input), "flag", "by_key" (an amount for each of `keys`),
    # "bands" (age bands), "by_year" (an amount for each year) or "choice" (one of `keys`).
    shape: str = "value"
    keys: tuple[tuple[str, Promise], ...] = ()


def _amount(value: object, field: str) -> str:
    amount = parse_amount(value, column=_PER_PERSON, field=field)
    if amount < 0:
        raise DomainError(_("The amount cannot be negative."), field=field)
    return f"{amount:.2f}"


def _decimal(value: object, field: str, low: Decimal, high: Decimal, places: int) -> str:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("'%(v)s' is not a number.") % {"v": value}, field=field) from None
    if not number.is_finite() or not low <= number <= high or number != round(number, places):
        raise DomainError(
            _("Enter a number from %(low)s to %(high)s with at most %(places)d decimal places.")
            % {"low": low, "high": high, "places": places},
            field=field,
        )
    return f"{number:.{places}f}"


def _multiple(value: object, field: str) -> str:
    """A multiple of the standard: 1.3 is 130%."""
    return _decimal(value, field, Decimal("0.01"), Decimal("10"), 2)


def _share(value: object, field: str) -> str:
    """A share from 0 to 1: 0.6 is 60%."""
    return _decimal(value, field, Decimal("0"), Decimal("1"), 2)


def _whole(maximum: int) -> Reader:
    def read(value: object, field: str) -> int:
        return parse_count(value, column=_DAYS, field=field, minimum=0, maximum=maximum)

    return read


def _flag(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on", "是"):
        return True
    if text in ("0", "false", "no", "off", "否", ""):
        return False
    raise DomainError(_("'%(v)s' is neither yes nor no.") % {"v": value}, field=field)


def _amounts_by(keys: tuple[str, ...]) -> Reader:
    """An amount for each of `keys` (self-care levels, disability grades): all of them, no others."""

    def read(value: object, field: str) -> dict[str, str]:
        if not isinstance(value, Mapping):
            raise DomainError(
                _("Give an amount for each of: %(keys)s.") % {"keys": ", ".join(keys)}, field=field
            )
        given = {str(k).strip(): v for k, v in value.items()}
        unknown = sorted(set(given) - set(keys))
        missing = [k for k in keys if k not in given]
        if unknown or missing:
            raise DomainError(
                _("Give an amount for each of: %(keys)s.") % {"keys": ", ".join(keys)}, field=field
            )
        return {k: _amount(given[k], f"{field}.{k}") for k in keys}

    return read


def _shares_by(keys: tuple[str, ...]) -> Reader:
    """A share from 0 to 1 for each of `keys` (the recipient categories of 医疗救助): all, no others."""

    def read(value: object, field: str) -> dict[str, str]:
        if not isinstance(value, Mapping):
            raise DomainError(
                _("Give a share for each of: %(keys)s.") % {"keys": ", ".join(keys)}, field=field
            )
        given = {str(k).strip(): v for k, v in value.items()}
        if set(given) != set(keys):
            raise DomainError(
                _("Give a share for each of: %(keys)s.") % {"keys": ", ".join(keys)}, field=field
            )
        return {k: _share(given[k], f"{field}.{k}") for k in keys}

    return read


def _yearly_amount(value: object, field: str) -> str:
    """An amount a year (the cap of 医疗救助 per person): bounded as a year's income is."""
    amount = parse_amount(value, column=_INCOME, field=field)
    if amount < 0:
        raise DomainError(_("The amount cannot be negative."), field=field)
    return f"{amount:.2f}"


def _age_bands(value: object, field: str) -> list[dict[str, Any]]:
    """Age bands, each from an age on until the next band: [{"from_age": 80, "amount": "100"}, …]."""
    if not isinstance(value, list) or not value:
        raise DomainError(_("Give at least one age band with its first age and amount."), field=field)
    bands = []
    for i, band in enumerate(value):
        if not isinstance(band, Mapping):
            raise DomainError(_("Give each age band as its first age and amount."), field=f"{field}.{i}")
        age = parse_count(
            band.get("from_age"), column=_DAYS, field=f"{field}.{i}.from_age", minimum=60, maximum=120
        )
        bands.append({"from_age": age, "amount": _amount(band.get("amount"), f"{field}.{i}.amount")})
    ages = [b["from_age"] for b in bands]
    if len(set(ages)) != len(ages):
        raise DomainError(_("Two age bands begin at the same age."), field=field)
    return sorted(bands, key=lambda b: b["from_age"])


def _amounts_by_year(value: object, field: str) -> dict[str, str]:
    """A yearly figure per year, e.g. last year's per-capita disposable income: {"2025": "45123"}."""
    if not isinstance(value, Mapping):
        raise DomainError(_('Give the amounts by year, e.g. {"2025": "45123"}.'), field=field)
    out = {}
    for year, amount in value.items():
        key = str(year).strip()
        number = parse_count(key, column=_DAYS, field=f"{field}.{key}", minimum=1900, maximum=2100)
        out[str(number)] = f"{parse_amount(amount, column=_INCOME, field=f'{field}.{key}'):.2f}"
    return dict(sorted(out.items()))


_REVIEW = Term("review_months", _("review every (months)"), _whole(36), 12)
_DECISION = Term("decision_working_days", _("decision within (working days)"), _whole(365), 30)
_NOTICE = Term("notice_days", _("public notice (days; 0 for none)"), _whole(60), 7)
_STREET_DECIDES = Term("street_decides", _("the street decides"), _flag, False, shape="flag")

# Care needed (`eligibility.care_needed`): fully dependent, partly dependent, self-caring.
SELF_CARE_LEVELS = (
    ("full", _("fully dependent (全失能)")),
    ("partial", _("partly dependent (半失能)")),
    ("none", _("self-caring (全自理)")),
)
SELF_CARE = tuple(key for key, _label in SELF_CARE_LEVELS)
DISABILITY_GRADES = (
    ("1", _("grade 1")),
    ("2", _("grade 2")),
    ("3", _("grade 3")),
    ("4", _("grade 4")),
)
GRADES = tuple(key for key, _label in DISABILITY_GRADES)


def _months(value: object, field: str) -> str:
    """A number of months of the standard: 2 is two months' standard."""
    return _decimal(value, field, Decimal("0"), Decimal("60"), 2)


def _months_by(keys: tuple[str, ...]) -> Reader:
    """Months of the standard for each of `keys` (hardship levels): all of them, no others."""

    def read(value: object, field: str) -> dict[str, str]:
        if not isinstance(value, Mapping) or {str(k).strip() for k in value} != set(keys):
            raise DomainError(
                _("Give the months for each of: %(keys)s.") % {"keys": ", ".join(keys)}, field=field
            )
        given = {str(k).strip(): v for k, v in value.items()}
        return {k: _months(given[k], f"{field}.{k}") for k in keys}

    return read


PAID_IN_RUN, PAID_IN_BATCH = "run", "batch"


def _paid_in(value: object, field: str) -> str:
    text = str(value or "").strip().lower()
    if text not in (PAID_IN_RUN, PAID_IN_BATCH):
        raise DomainError(
            _("Paid in the next payroll run ('run') or a batch of its own ('batch')."), field=field
        )
    return text


# One-off grants are paid once: in the county's next monthly run, or in a disbursement batch.
_PAID_IN = Term(
    "paid_in", _("grants paid in ('run': the next payroll run; 'batch': a batch)"), _paid_in, "run"
)
# Which payroll run pays a recurring program: the county's one run a month ("shared", with 低保,
# which is always there, and the one-off grants), or a run of its own where the county's funding
# line wants the program paid and accounted for apart (`payroll.services.drafting.run_programs`).
# Read at the county, as the run is the county's.
RUN_SHARED, RUN_OWN = "shared", "own"
RUN_CHOICES = (
    (RUN_SHARED, _("the county's run, with the other programs")),
    (RUN_OWN, _("a run of its own")),
)


def _run(value: object, field: str) -> str:
    text = str(value or "").strip().lower()
    if text not in (RUN_SHARED, RUN_OWN):
        raise DomainError(_("Paid in the county's run ('shared') or a run of its own ('own')."), field=field)
    return text


_RUN = Term("run", _("paid in which payroll run"), _run, RUN_SHARED, shape="choice", keys=RUN_CHOICES)
HARDSHIP_LEVELS = (
    ("1", _("hardship level 1")),
    ("2", _("hardship level 2")),
    ("3", _("hardship level 3")),
    ("4", _("hardship level 4")),
)
LEVELS = tuple(key for key, _label in HARDSHIP_LEVELS)

# Who 医疗救助 helps, in the order a person holding several is counted (the first held wins): the
# programs whose status is held on the date of treatment, then a patient impoverished by illness
# (因病致贫), recognised case by case on the claim.
MEDICAL_ILLNESS = "illness"
MEDICAL_CATEGORIES = (
    (codes.EXTREME_POVERTY, _("extreme poverty (特困)")),
    (codes.DIBAO, _("dibao (低保)")),
    (codes.NEAR_POVERTY, _("near poverty (低保边缘)")),
    (codes.RIGID_EXPENSE, _("rigid expense (刚性支出困难)")),
    (MEDICAL_ILLNESS, _("impoverished by illness (因病致贫)")),
)
MEDICAL_KEYS = tuple(key for key, _label in MEDICAL_CATEGORIES)

TERMS: dict[str, tuple[Term, ...]] = {
    codes.DIBAO: (),  # the columns of Rules and Standard
    codes.EXTREME_POVERTY: (
        Term("basic_multiple", _("basic living, as a multiple of the standard"), _multiple, "1.30"),
        Term(
            "care_home",
            _("care per month at home, by care needed"),
            _amounts_by(SELF_CARE),
            {"full": "721.00", "partial": "412.00", "none": "61.83"},
            shape="by_key",
            keys=SELF_CARE_LEVELS,
        ),
        Term(
            "care_institution",
            _("care per month in an institution, by care needed"),
            _amounts_by(SELF_CARE),
            {"full": "1030.00", "partial": "618.00", "none": "82.42"},
            shape="by_key",
            keys=SELF_CARE_LEVELS,
        ),
        Term("street_working_days", _("street review within (working days)"), _whole(365), 15),
        _NOTICE,
        Term("county_working_days", _("county decision within (working days)"), _whole(365), 15),
        Term("spot_check_share", _("share of cases the county checks"), _share, "0.30"),
        _REVIEW,
        _RUN,
    ),
    # The near-poverty line is `Rules.near_poverty_multiple`: single-person inclusion into 低保 reads
    # the same line, so it is set once, with the rules of 低保.
    codes.NEAR_POVERTY: (
        Term("validity_months", _("recognised for (months)"), _whole(12), 12),
        _DECISION,
        _NOTICE,
        _STREET_DECIDES,
        _REVIEW,
    ),
    codes.RIGID_EXPENSE: (
        Term(
            "disposable_income",
            _("last year's per-capita disposable income, by year"),
            _amounts_by_year,
            {},
            shape="by_year",
        ),
        Term("expense_share", _("rigid spending above this share of income"), _share, "0.60"),
        Term("validity_months", _("recognised for (months)"), _whole(12), 12),
        _DECISION,
        Term("extension_working_days", _("extension (working days)"), _whole(365), 15),
        _NOTICE,
        _STREET_DECIDES,
        _REVIEW,
    ),
    codes.DISABILITY_LIVING: (
        Term(
            "amount_by_grade",
            _("amount per month, by disability grade"),
            _amounts_by(GRADES),
            {"1": "277.00", "2": "277.00", "3": "185.00", "4": "185.00"},
            shape="by_key",
            keys=DISABILITY_GRADES,
        ),
        Term("near_poverty_too", _("also for near-poverty households"), _flag, False, shape="flag"),
        _DECISION,
        _STREET_DECIDES,
        _REVIEW,
        _RUN,
    ),
    codes.DISABILITY_CARE: (
        Term(
            "amount_by_grade",
            _("amount per month, by disability grade"),
            _amounts_by(GRADES),
            {"1": "277.00", "2": "277.00", "3": "277.00", "4": "277.00"},
            shape="by_key",
            keys=DISABILITY_GRADES,
        ),
        Term(
            "mental_grades_3_4",
            _("grades 3 and 4 of intellectual and mental disability too"),
            _flag,
            False,
            shape="flag",
        ),
        _DECISION,
        _STREET_DECIDES,
        _REVIEW,
        _RUN,
    ),
    codes.ELDERLY_ALLOWANCE: (
        Term(
            "age_bands",
            _("amount per month by age band"),
            _age_bands,
            [
                {"from_age": 80, "amount": "100.00"},
                {"from_age": 90, "amount": "200.00"},
                {"from_age": 100, "amount": "500.00"},
            ],
            shape="bands",
        ),
        Term("low_income_only", _("only for low-income elderly"), _flag, False, shape="flag"),
        _DECISION,
        _STREET_DECIDES,
        _REVIEW,
        _RUN,
    ),
    # 临时救助 (POLICY.md §4, §6): tiers in months of the local standard, small amounts by the street.
    codes.TEMPORARY: (
        Term(
            "tiers",
            _("months of the standard granted, by hardship level"),
            _months_by(LEVELS),
            {"1": "2.00", "2": "4.00", "3": "6.00", "4": "12.00"},
            shape="by_key",
            keys=HARDSHIP_LEVELS,
        ),
        Term("street_limit_months", _("the street decides up to (months of the standard)"), _months, "2.00"),
        Term("help_first_months", _("help first up to (months of the standard)"), _months, "2.00"),
        Term("help_first_community", _("the community may give help first"), _flag, False, shape="flag"),
        Term("paperwork_working_days", _("paperwork after help first within (working days)"), _whole(60), 5),
        Term("repeat_months", _("repeat help to a household flagged within (months)"), _whole(60), 12),
        Term(
            "expense_income_multiple",
            _("expense-driven: per-capita income below (multiple of the standard)"),
            _multiple,
            "2.00",
        ),
        _DECISION,
        Term("notice_days", _("public notice (days; 0 for none)"), _whole(60), 0),
        Term("street_decides", _("the street decides"), _flag, True, shape="flag"),
        _PAID_IN,
    ),
    # 国办发〔2021〕42号 as commonly implemented (POLICY.md §6); last year's per-capita disposable
    # income, which the deductible is a share of, is the one the county sets for 刚性支出.
    codes.MEDICAL: (
        Term(
            "deductible_share",
            _("deductible, as a share of last year's per-capita disposable income, by category"),
            _shares_by(MEDICAL_KEYS),
            {
                codes.EXTREME_POVERTY: "0.00",
                codes.DIBAO: "0.00",
                codes.NEAR_POVERTY: "0.10",
                codes.RIGID_EXPENSE: "0.10",
                MEDICAL_ILLNESS: "0.25",
            },
            shape="by_key",
            keys=MEDICAL_CATEGORIES,
        ),
        Term(
            "ratio",
            _("share of the in-policy personal cost paid, by category"),
            _shares_by(MEDICAL_KEYS),
            {
                codes.EXTREME_POVERTY: "0.70",
                codes.DIBAO: "0.70",
                codes.NEAR_POVERTY: "0.60",
                codes.RIGID_EXPENSE: "0.60",
                MEDICAL_ILLNESS: "0.50",
            },
            shape="by_key",
            keys=MEDICAL_CATEGORIES,
        ),
        Term("serious_extra", _("added share for a serious illness"), _share, "0.10"),
        Term("annual_cap", _("cap per person a calendar year (yuan)"), _yearly_amount, "50000.00"),
        Term(
            "outpatient_deductible",
            _("chronic outpatient care pays the deductible too"),
            _flag,
            False,
            shape="flag",
        ),
        _DECISION,
        _STREET_DECIDES,
        _PAID_IN,
    ),
}


def terms_of(code: str) -> tuple[Term, ...]:
    return TERMS.get(code, ())


def defaults(code: str) -> dict[str, Any]:
    return {term.name: term.default for term in terms_of(code)}


def in_force(code: str, stored: Mapping[str, Any]) -> dict[str, Any]:
    """The program's defaults with what an area stored over them."""
    return {**defaults(code), **{k: v for k, v in stored.items() if k in defaults(code)}}


def clean_terms(code: str, given: object) -> dict[str, Any]:
    """The terms an area sets for a program, each read by its definition; errors per term."""
    if given in (None, ""):
        return {}
    if not isinstance(given, Mapping):
        raise DomainError(_("Give the terms as names and values."), field="terms")
    known = {term.name: term for term in terms_of(code)}
    errors: dict[str, list[Any]] = {}
    out: dict[str, Any] = {}
    for name, value in given.items():
        field = f"terms.{name}"
        term = known.get(str(name))
        if term is None:
            errors.setdefault(field, []).append(
                _("'%(name)s' is not a term of this program.") % {"name": name}
            )
            continue
        try:
            out[term.name] = term.read(value, field)
        except DomainError as exc:
            # An amount of one level or band keeps its own place (`terms.care_home.full`).
            for key, messages in exc.errors.items():
                where = key if str(key).startswith(field) else field
                errors.setdefault(where, []).extend(messages)
    if errors:
        raise DomainError(errors=errors)
    return out
