"""The population of a county's areas by year (`models.Population`): entered on the county's page
(a row per area) or imported from an xlsx or CSV file. The county's officers keep it; a file with
any wrong row is refused whole, each wrong row and column said, and nothing is written."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.accounts.staff import require_county_officer
from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.errors import DomainError, NotFound
from dibao.core.sheets import reader
from dibao.core.sheets.headers import Columns
from dibao.core.sheets.row_errors import RowError

from ..models import Population

FIRST_YEAR, LAST_YEAR = 2000, 2100
# The most people an area is taken to hold: a typo of three zeros more is refused.
MOST_PEOPLE = 100_000_000

COLUMNS = Columns(
    {"code": "区划代码", "name": "区划名称", "year": "年份", "population": "人口数"},
    {
        "code": ("区域代码", "地区代码", "代码", "area code", "code"),
        "name": ("区域名称", "地区名称", "名称", "社区", "街道", "area", "name"),
        "year": ("年度", "year"),
        "population": ("人口", "总人口", "户籍人口", "常住人口", "人口数(人)", "population"),
    },
)


class PopulationRefused(DomainError):
    """A file with wrong rows: `row_errors` says each, by row and column."""

    def __init__(self, row_errors: list[RowError]) -> None:
        self.row_errors = row_errors
        super().__init__(
            _("The file has %(n)d errors; nothing was imported.") % {"n": len(row_errors)}, field="file"
        )


@dataclass(frozen=True)
class Entry:
    area: Area
    year: int
    population: int | None  # None: the area's figure for the year is taken away


def population_areas(county: Area) -> list[Area]:
    """The county, its streets and their communities, in the order of their codes."""
    return list(Area.objects.filter(code__startswith=county.scope_prefix).order_by("code"))


def _check_actor(county: Area, actor: User | None) -> None:
    if county.level != Level.COUNTY:
        raise DomainError(_("Populations are kept by a county."), field="county")
    require_county_officer(county, actor)


def check_year(value: Any, *, field: str = "year") -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError(_("Enter a year such as 2026."), field=field) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            _("The year must lie between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field=field,
        )
    return year


def parse_population(value: Any, *, field: str = "population") -> int | None:
    """A head count as people write it ("12,345", "12345.0"); empty: none."""
    text = str(value if value is not None else "").strip().replace(",", "").replace("，", "")
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or int(text) <= 0 or int(text) > MOST_PEOPLE:
        raise DomainError(_("Enter the population as a whole number of people above 0."), field=field)
    return int(text)


def _write(county: Area, entries: list[Entry], actor: User | None) -> int:
    """Create, change or take away the entries' figures, in the caller's transaction: one query
    for what is there, then bulk writes and their audit entries. The number of figures changed."""
    if not entries:
        return 0
    existing = {
        (p.area_id, p.year): p
        for p in Population.objects.filter(
            area_id__in={e.area.pk for e in entries}, year__in={e.year for e in entries}
        )
    }
    created: list[Population] = []
    changed: list[tuple[Population, int]] = []
    removed: list[Population] = []
    for e in entries:
        found = existing.get((e.area.pk, e.year))
        if e.population is None:
            if found is not None:
                removed.append(found)
        elif found is None:
            created.append(Population(area=e.area, year=e.year, population=e.population))
        elif found.population != e.population:
            changed.append((found, found.population))
            found.population = e.population
    trail: list[Any] = []
    for row in removed:
        trail.append(
            audit.entry(
                actor=actor,
                action=audit.Action.DELETE,
                obj=row,
                area_code=county.code,
                before={"area": row.area_id, "year": row.year, "population": row.population},
            )
        )
    Population.objects.filter(pk__in=[row.pk for row in removed]).delete()
    Population.objects.bulk_create(created)
    Population.objects.bulk_update([row for row, _old in changed], ["population", "updated_at"])
    for row in created:
        trail.append(
            audit.entry(
                actor=actor,
                action=audit.Action.CREATE,
                obj=row,
                area_code=county.code,
                after={"area": row.area_id, "year": row.year, "population": row.population},
            )
        )
    for row, old in changed:
        trail.append(
            audit.entry(
                actor=actor,
                action=audit.Action.UPDATE,
                obj=row,
                area_code=county.code,
                before={"population": old},
                after={"population": row.population},
            )
        )
    audit.record_many(trail)
    return len(trail)


def population_set(*, county: Area, year: Any, values: Mapping[Any, Any], actor: User | None) -> int:
    """Set the population of the county's areas in `year`: `values` maps an area's code to its
    head count (empty: none). Errors name the area's field (`population_<code>`). Returns the
    number of figures changed."""
    _check_actor(county, actor)
    year = check_year(year)
    areas = {area.code: area for area in population_areas(county)}
    errors: dict[str, list[Any]] = {}
    entries: list[Entry] = []
    for code, value in values.items():
        area = areas.get(str(code))
        if area is None:
            raise NotFound()
        try:
            entries.append(Entry(area, year, parse_population(value, field=f"population_{code}")))
        except DomainError as exc:
            for field, messages in exc.errors.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        return _write(county, entries, actor)


def _cells(table: reader.Table) -> Iterable[tuple[int, dict[str, str]]]:
    positions = COLUMNS.positions(table.headers)
    for index, row in enumerate(table.rows):
        if not any(cell.strip() for cell in row):
            continue
        yield table.first_row + index, {key: row[at].strip() for key, at in positions.items()}


def population_import(
    *, county: Area, filename: str, content: bytes, actor: User | None, year: Any = None
) -> int:
    """Import a file of rows 区划代码 (or 区划名称), 年份, 人口数: each area of the county, its
    year (or `year` for every row without one) and its head count. Any wrong row refuses the
    file (`PopulationRefused`, each error by row and column); nothing is written then."""
    _check_actor(county, actor)
    default_year = check_year(year) if year not in (None, "") else None
    table = reader.read(filename, content, is_header=lambda cells: bool(COLUMNS.positions(cells)))
    positions = COLUMNS.positions(table.headers)
    header_of = {key: table.headers[at] for key, at in positions.items()}
    missing = [COLUMNS.canonical[key] for key in ("population",) if key not in positions]
    if "code" not in positions and "name" not in positions:
        missing.insert(0, COLUMNS.canonical["code"])
    if "year" not in positions and default_year is None:
        missing.append(COLUMNS.canonical["year"])
    if missing:
        raise DomainError(
            _("The file lacks the columns: %(columns)s.") % {"columns": "、".join(missing)}, field="file"
        )
    areas = population_areas(county)
    by_code = {each.code: each for each in areas}
    by_name: dict[str, list[Area]] = {}
    for each in areas:
        by_name.setdefault(each.name, []).append(each)
    problems: list[RowError] = []
    entries: dict[tuple[int, int], Entry] = {}
    seen_at: dict[tuple[int, int], int] = {}

    def refuse(number: int, key: str, value: str, reason: Any) -> None:
        problems.append(RowError(number, header_of.get(key, COLUMNS.canonical[key]), value, str(reason)))

    for number, cells in _cells(table):
        area: Area | None = None
        code, name = cells.get("code", ""), cells.get("name", "")
        if code:
            area = by_code.get(code)
            if area is None:
                refuse(number, "code", code, _("No area of the county has this code."))
        elif name:
            named = by_name.get(name, [])
            if len(named) == 1:
                area = named[0]
            else:
                reason = (
                    _("Several areas of the county have this name; give the area code.")
                    if named
                    else _("No area of the county has this name.")
                )
                refuse(number, "name", name, reason)
        else:
            refuse(number, "code", "", _("Give the area code or name."))
        row_year = default_year
        if cells.get("year") or default_year is None:
            try:
                row_year = check_year(cells.get("year", ""))
            except DomainError as exc:
                refuse(number, "year", cells.get("year", ""), exc)
                row_year = None
        try:
            people = parse_population(cells.get("population", ""))
            if people is None:
                refuse(number, "population", "", _("This field is required."))
        except DomainError as exc:
            refuse(number, "population", cells.get("population", ""), exc)
            people = None
        if area is None or row_year is None or people is None:
            continue
        key = (area.pk, row_year)
        if key in seen_at:
            refuse(
                number,
                "code" if code else "name",
                code or name,
                _("The area's population for this year is already given in row %(row)d.")
                % {"row": seen_at[key]},
            )
            continue
        seen_at[key] = number
        entries[key] = Entry(area, row_year, people)
    if problems:
        raise PopulationRefused(problems)
    if not entries:
        raise DomainError(_("The file has no rows."), field="file")
    with transaction.atomic():
        _write(county, list(entries.values()), actor)
    return len(entries)
