"""The county's register of staff and cadres and the close relatives they declared, imported from
an xlsx or CSV file (`register_import`), then matched (`filings.filings_match`).

A row is a staff member or cadre (姓名, 身份证号, 职务, 工作区域, 类别) and, if they declared one, a
relative (亲属姓名, 亲属身份证号, 关系); someone with several relatives takes several rows, which
must agree on the person. The file is the county's register as it now stands: whoever it lacks
leaves the register (and their filings lapse), and each person's relatives are the ones the file
gives. Any wrong row refuses the file (`RegisterRefused`, each error by row and column); nothing
is written then.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.accounts.staff import require_county_officer
from dibao.areas.models import Area, Level
from dibao.core import audit, idnumbers
from dibao.core.errors import DomainError
from dibao.core.sheets import digits, reader
from dibao.core.sheets.headers import Columns
from dibao.core.sheets.row_errors import RowError

from ..models import CloseRelative, DeclaredRelative, Staff, StaffKind
from .filings import Matched, filings_match

COLUMNS = Columns(
    {
        "name": "姓名",
        "id_number": "身份证号",
        "post": "职务",
        "area": "工作区域",
        "kind": "类别",
        "relative_name": "亲属姓名",
        "relative_id_number": "亲属身份证号",
        "relation": "关系",
    },
    {
        "name": ("工作人员姓名", "干部姓名", "人员姓名", "本人姓名", "name", "staff name"),
        "id_number": (
            "身份证号码",
            "公民身份号码",
            "本人身份证号",
            "工作人员身份证号",
            "干部身份证号",
            "id number",
            "staff id number",
        ),
        "post": ("岗位", "职位", "职务岗位", "post", "position"),
        "area": ("区划代码", "所在区域", "所在社区", "工作单位", "单位", "社区", "村", "area", "area code"),
        "kind": ("人员类别", "身份", "kind"),
        "relative_name": ("近亲属姓名", "亲属", "relative", "relative name"),
        "relative_id_number": (
            "亲属身份证号码",
            "近亲属身份证号",
            "近亲属身份证号码",
            "亲属公民身份号码",
            "relative id number",
            "relative's id number",
        ),
        "relation": ("与本人关系", "亲属关系", "与工作人员关系", "relation"),
    },
)
REQUIRED = ("name", "id_number", "post", "area", "kind")
RELATIVE_KEYS = ("relative_name", "relative_id_number", "relation")

KIND_WORDS = {
    StaffKind.STAFF: ("工作人员", "经办人员", "低保经办人员", "低保专干", "民政干部", "staff"),
    StaffKind.CADRE: ("干部", "村干部", "社区干部", "村(社区)干部", "村（社区）干部", "村两委", "cadre"),
}
R = CloseRelative.Relation
RELATION_WORDS = {
    R.SPOUSE: ("配偶", "丈夫", "妻子", "夫", "妻", "夫妻"),
    R.PARENT: ("父母", "父亲", "母亲", "父", "母"),
    R.CHILD: ("子女", "儿子", "女儿", "子", "女", "长子", "次子", "长女", "次女"),
    R.SIBLING: ("兄弟姐妹", "兄弟", "姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹"),
    R.GRANDPARENT: ("祖父母", "外祖父母", "祖父", "祖母", "外祖父", "外祖母", "爷爷", "奶奶", "外公", "外婆"),
    R.GRANDCHILD: ("孙子女", "外孙子女", "孙子", "孙女", "外孙", "外孙女"),
    R.IN_LAW: ("姻亲", "岳父母", "岳父", "岳母", "公婆", "公公", "婆婆", "儿媳", "女婿", "儿媳妇"),
}


class RegisterRefused(DomainError):
    """A file with wrong rows: `row_errors` says each, by row and column."""

    def __init__(self, row_errors: list[RowError]) -> None:
        self.row_errors = row_errors
        super().__init__(
            _("The file has %(n)d errors; nothing was imported.") % {"n": len(row_errors)}, field="file"
        )


@dataclass
class _Person:
    row: int
    name: str
    id_number: str
    post: str
    area: Area
    kind: str
    relatives: dict[str, tuple[str, str]] = field(default_factory=dict)  # ID number → (name, relation)


@dataclass(frozen=True)
class RegisterImported:
    staff: int
    relatives: int
    added: int
    changed: int
    removed: int
    matched: Matched

    def as_dict(self) -> dict[str, Any]:
        return {
            "staff": self.staff,
            "relatives": self.relatives,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            **self.matched.as_dict(),
        }


def require_register_keeper(county: Area, actor: User | None) -> None:
    if county.level != Level.COUNTY:
        raise DomainError(_("The register of staff and cadres is kept by a county."), field="county")
    require_county_officer(county, actor)


def _word(words: dict[Any, tuple[str, ...]], labels: dict[str, Any], text: str) -> str | None:
    value = text.strip().lower()
    for key, spellings in words.items():
        if value == str(key) or value in {s.lower() for s in spellings} or value == str(labels[key]).lower():
            return str(key)
    return None


def _areas(county: Area) -> tuple[dict[str, Area], dict[str, list[Area]]]:
    areas = list(Area.objects.filter(code__startswith=county.scope_prefix))
    by_name: dict[str, list[Area]] = {}
    for each in areas:
        by_name.setdefault(each.name, []).append(each)
    return {each.code: each for each in areas}, by_name


def _parse(county: Area, table: reader.Table) -> dict[str, _Person]:
    positions = COLUMNS.positions(table.headers)
    missing = [COLUMNS.canonical[key] for key in REQUIRED if key not in positions]
    if missing:
        raise DomainError(
            _("The file lacks the columns: %(columns)s.") % {"columns": "、".join(missing)}, field="file"
        )
    header_of = {key: table.headers[at] for key, at in positions.items()}
    by_code, by_name = _areas(county)
    kinds = dict(StaffKind.choices)
    relations = dict(CloseRelative.Relation.choices)
    problems: list[RowError] = []
    people: dict[str, _Person] = {}

    for index, row in enumerate(table.rows):
        if not any(cell.strip() for cell in row):
            continue
        number = table.first_row + index
        cells = {key: row[at].strip() for key, at in positions.items()}
        wrong = len(problems)

        def refuse(key: str, reason: Any, *, _number: int = number, _cells: dict[str, str] = cells) -> None:
            problems.append(
                RowError(
                    _number, header_of.get(key, COLUMNS.canonical[key]), _cells.get(key, ""), str(reason)
                )
            )

        def id_number(key: str, *, _index: int = index, _cells: dict[str, str] = cells) -> str:
            text = _cells.get(key, "")
            if (_index, positions[key]) in table.lossy or digits.scientific(text) or digits.cut_short(text):
                refuse(
                    key,
                    _(
                        "Excel stored this as a number and has lost its last digits; "
                        "format the column as text and type the numbers again."
                    ),
                )
                return ""
            try:
                return idnumbers.parse(text, field=key).number
            except DomainError as exc:
                refuse(key, next(iter(exc.errors.values()))[0])
                return ""

        for key, longest in (("name", 40), ("post", 60)):
            if not cells.get(key):
                refuse(key, _("This field is required."))
            elif len(cells[key]) > longest:
                refuse(key, _("At most %(n)d characters.") % {"n": longest})
        staff_id = id_number("id_number")
        area: Area | None = None
        place = cells.get("area", "")
        if not place:
            refuse("area", _("This field is required."))
        elif place in by_code:
            area = by_code[place]
        elif len(by_name.get(place, [])) == 1:
            area = by_name[place][0]
        else:
            refuse(
                "area",
                _("Several areas of the county have this name; give the area code.")
                if by_name.get(place)
                else _("No area of the county has this code or name."),
            )
        kind = _word(KIND_WORDS, kinds, cells.get("kind", ""))
        if kind is None:
            refuse("kind", _("Write 工作人员 (staff) or 村(社区)干部 (cadre)."))
        relative = None
        if any(cells.get(key) for key in RELATIVE_KEYS):
            rel_name = cells.get("relative_name", "")
            if not rel_name:
                refuse("relative_name", _("A relative is named when their ID number or relation is given."))
            elif len(rel_name) > 40:
                refuse("relative_name", _("At most %(n)d characters.") % {"n": 40})
            rel_id = ""
            if not cells.get("relative_id_number"):
                refuse("relative_id_number", _("This field is required."))
            else:
                rel_id = id_number("relative_id_number")
            if rel_id and rel_id == staff_id:
                refuse("relative_id_number", _("This is the staff member's own ID number."))
            relation = _word(RELATION_WORDS, relations, cells.get("relation", ""))
            if relation is None:
                refuse(
                    "relation",
                    _("Write the relation as 配偶, 父母, 子女, 兄弟姐妹, 祖父母, 孙子女 or 姻亲.")
                    if cells.get("relation")
                    else _("This field is required."),
                )
            relative = (rel_id, rel_name, relation or "")
        if len(problems) > wrong or area is None or kind is None:
            continue
        person = people.get(staff_id)
        if person is None:
            person = people[staff_id] = _Person(number, cells["name"], staff_id, cells["post"], area, kind)
        else:
            for key, theirs in (("name", person.name), ("post", person.post), ("kind", person.kind)):
                mine = kind if key == "kind" else cells[key]
                if mine != theirs:
                    refuse(key, _("Row %(row)d gives this person otherwise.") % {"row": person.row})
            if area != person.area:
                refuse("area", _("Row %(row)d gives this person otherwise.") % {"row": person.row})
        if relative is not None and len(problems) == wrong:
            rel_id, rel_name, relation = relative
            if rel_id in person.relatives:
                refuse("relative_id_number", _("This relative is already declared in an earlier row."))
            else:
                person.relatives[rel_id] = (rel_name, relation)
    if problems:
        raise RegisterRefused(problems)
    if not people:
        raise DomainError(_("The file has no rows."), field="file")
    return people


def _snapshot(
    name: str, post: str, area: str, kind: str, relatives: dict[str, tuple[str, str]]
) -> dict[str, Any]:
    # The relatives by name and relation: their ID numbers stay in the register, not the trail.
    return {
        "name": name,
        "post": post,
        "area": area,
        "kind": kind,
        "relatives": sorted(f"{n} ({r})" for n, r in relatives.values()),
    }


def _write(county: Area, people: dict[str, _Person], actor: User | None) -> tuple[int, int, int]:
    """Bring the register to `people`: a fixed number of queries, and one audit entry for each
    person added, changed or removed. (added, changed, removed)."""
    existing = {s.id_number: s for s in Staff.objects.filter(county=county).select_related("area")}
    declared: dict[int, dict[str, DeclaredRelative]] = {}
    for rel in DeclaredRelative.objects.filter(staff__county=county):
        declared.setdefault(rel.staff_id, {})[rel.id_number] = rel
    trail = []
    removed = [s for number, s in existing.items() if number not in people]
    for s in removed:
        trail.append(
            audit.entry(
                actor=actor,
                action=audit.Action.DELETE,
                obj=s,
                area_code=county.code,
                before=_snapshot(
                    s.name,
                    s.post,
                    s.area.code,
                    s.kind,
                    {n: (r.name, r.relation) for n, r in declared.get(s.pk, {}).items()},
                ),
            )
        )
    Staff.objects.filter(pk__in=[s.pk for s in removed]).delete()
    added: list[Staff] = []
    changed: list[tuple[Staff, dict[str, Any]]] = []
    keep: list[Staff] = []
    for number, p in people.items():
        found = existing.get(number)
        if found is None:
            added.append(
                Staff(county=county, name=p.name, id_number=number, post=p.post, area=p.area, kind=p.kind)
            )
            continue
        s = found
        had = {n: (r.name, r.relation) for n, r in declared.get(s.pk, {}).items()}
        before = _snapshot(s.name, s.post, s.area.code, s.kind, had)
        s.name, s.post, s.area, s.kind = p.name, p.post, p.area, p.kind
        keep.append(s)
        if before != _snapshot(p.name, p.post, p.area.code, p.kind, p.relatives) or had != p.relatives:
            changed.append((s, before))
    Staff.objects.bulk_create(added)
    Staff.objects.bulk_update(keep, ["name", "post", "area", "kind"])
    # Each person's relatives become the file's: the ones it drops go, the rest are written anew.
    DeclaredRelative.objects.filter(staff__in=keep).delete()
    DeclaredRelative.objects.bulk_create(
        [
            DeclaredRelative(staff=s, id_number=n, name=name, relation=relation)
            for s in [*added, *keep]
            for n, (name, relation) in people[s.id_number].relatives.items()
        ],
        batch_size=2000,
    )
    for s in added:
        p = people[s.id_number]
        trail.append(
            audit.entry(
                actor=actor,
                action=audit.Action.CREATE,
                obj=s,
                area_code=county.code,
                after=_snapshot(p.name, p.post, p.area.code, p.kind, p.relatives),
            )
        )
    for s, before in changed:
        p = people[s.id_number]
        trail.append(
            audit.entry(
                actor=actor,
                action=audit.Action.UPDATE,
                obj=s,
                area_code=county.code,
                before=before,
                after=_snapshot(p.name, p.post, p.area.code, p.kind, p.relatives),
            )
        )
    audit.record_many(trail)
    return len(added), len(changed), len(removed)


def register_import(*, county: Area, filename: str, content: bytes, actor: User | None) -> RegisterImported:
    """Import the county's register from a file and match it: all or nothing."""
    require_register_keeper(county, actor)
    table = reader.read(filename, content, is_header=lambda cells: len(COLUMNS.positions(cells)) >= 3)
    people = _parse(county, table)
    with transaction.atomic():
        added, changed, removed = _write(county, people, actor)
        matched = filings_match(county=county, actor=actor)
    return RegisterImported(
        staff=len(people),
        relatives=sum(len(p.relatives) for p in people.values()),
        added=added,
        changed=changed,
        removed=removed,
        matched=matched,
    )


def filings_exported_record(*, county: Area, rows: int, actor: User | None) -> None:
    """The filing report left the system as a workbook: who took it, and how many lines."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=audit.Action.EXPORT,
            obj=county,
            area_code=county.code,
            after={"report": "close-relative filings", "rows": rows},
        )


def register_match(*, county: Area, actor: User | None) -> Matched:
    """Match the register again (households and applications change between imports)."""
    require_register_keeper(county, actor)
    with transaction.atomic():
        return filings_match(county=county, actor=actor)
