"""A county of N receiving households for the statistics benches (`statistics.py`, `dashboard.py`),
generated in the database by a few set-based statements (INSERT … SELECT over generate_series on
PostgreSQL): a million households in about a minute, where the ORM would take hours.

The county is the demo's (`dibao.demo.county`) with more streets: 20 streets of 10–17 communities,
300 communities, as a large county has. Each household (1–5 members, 2.5 on average) has a 低保
entitlement — benefit class A/B/C (10/30/60 %), management class 1/2/3, urban or rural, one of five
household categories or none — and its head, in one household in ten, both disability subsidies,
in one in five the elderly allowance (1.4 entitlements a household). The months move, so that every
flow has figures: 10 % of households are approved in a later month of 2026, 4 % stop (a terminate
movement with its reason) in a month of 2026, and 5 % have their amount and class reviewed in one.
Deterministic: the values are arithmetic on the household's number, not random draws.

On SQLite (no generate_series) the county of `payroll_run.py --programs` is built instead."""

import datetime
import importlib.util
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STREETS = 20
COMMUNITIES = 300
CATEGORIES = ("城市低保", "农村低保", "市直企业下岗职工", "区直企业下岗职工", "无固定职业")
NOW = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)


def _r(column: str, salt: int, modulo: int = 1000) -> str:
    """A deterministic draw in 0..modulo-1 from a household's id (a multiplicative hash)."""
    return f"((({column})::bigint * 2654435761 + {salt * 97}) %% 1000003 %% {modulo})"


def _size(column: str) -> str:
    draw = _r(column, 1)
    return (
        f"(CASE WHEN {draw} < 200 THEN 1 WHEN {draw} < 500 THEN 2 WHEN {draw} < 800 THEN 3 "
        f"WHEN {draw} < 950 THEN 4 ELSE 5 END)"
    )


def _areas() -> list[int]:
    """The demo county with streets added up to `STREETS` and 300 communities; their ids."""
    from dibao.areas.models import Area, Level
    from dibao.areas.services import area_create
    from dibao.demo.county import COUNTY, build_areas

    build_areas()
    county = Area.objects.get(code=COUNTY[0])
    have = Area.objects.filter(level=Level.COMMUNITY, code__startswith=COUNTY[0]).count()
    street_no = 3
    while have < COMMUNITIES:
        street_no += 1
        street = area_create(
            code=f"{COUNTY[0]}{street_no:03d}000",
            name=f"第{street_no}街道",
            level=Level.STREET,
            parent=county,
            actor=None,
        )
        for c in range(1, min(17, COMMUNITIES - have) + 1):
            area_create(
                code=f"{COUNTY[0]}{street_no:03d}{c:03d}", name=f"第{street_no}街道{c}社区",
                level=Level.COMMUNITY, parent=street, actor=None,
            )  # fmt: skip
            have += 1
    return list(
        Area.objects.filter(level=Level.COMMUNITY, code__startswith=COUNTY[0]).values_list("id", flat=True)
    )


HOUSEHOLDS = f"""
INSERT INTO registry_household (number, county_id, community_id, address, phone, urban_rural, bank_name,
                                bank_account, military_family, category_id, status, created_at, updated_at)
SELECT lpad(h::text, 14, '0'), %(county)s, (%(communities)s::int[])[1 + h %% %(n_communities)s],
       '示例路' || (h %% 500) || '号', '', CASE WHEN {_r("h", 2)} < 700 THEN 'urban' ELSE 'rural' END,
       '中国农业银行', '6228' || lpad(h::text, 15, '0'), false,
       CASE WHEN {_r("h", 3, 6)} = 5 THEN NULL ELSE (%(categories)s::int[])[1 + {_r("h", 3, 6)}] END,
       'receiving', %(now)s, %(now)s
FROM generate_series(1, %(n)s) AS h
"""

MEMBERS = f"""
INSERT INTO registry_member (household_id, name, id_number, birth_date, sex, relation, hukou, disability_type,
                             disability_grade, health, labour_capacity, employment, phone, notes, is_current,
                             name_pinyin, name_initials, id_number_reversed)
SELECT h.id, '王' || k || '号', '21' || lpad((h.id * 8 + k)::text, 16, '0'),
       date '1940-01-01' + ((h.id * 37 + k * 4001) %% 30000)::int, CASE WHEN k %% 2 = 1 THEN 'M' ELSE 'F' END,
       CASE WHEN k = 1 THEN 'self' ELSE 'child' END, h.urban_rural, '',
       CASE WHEN {_r("h.id + k", 4, 20)} = 0 THEN 1 + {_r("h.id", 5, 4)} ELSE 0 END,
       'healthy', 'full',
       (ARRAY['employed','flexible','unemployed','unreg','student','retired','none'])[1 + (h.id + k) %% 7],
       '', '', true, '', '', reverse('21' || lpad((h.id * 8 + k)::text, 16, '0'))
FROM registry_household h CROSS JOIN LATERAL generate_series(1, {_size("h.id")}) AS k
"""

# The 低保 entitlement: from January (migration) or a later month (approval); 4 % end in a month
# of 2026, 5 % are reviewed in one (their first version ends the month before the second begins).
START = (
    f"(CASE WHEN {_r('h.id', 6)} < 100 "
    f"THEN date '2026-02-01' + make_interval(months => {_r('h.id', 7, 11)}::int) "
    "ELSE date '2026-01-01' END)::date"
)
STOPPED = f"({_r('h.id', 6)} BETWEEN 100 AND 139)"
REVIEWED = f"({_r('h.id', 6)} BETWEEN 140 AND 189)"
CHANGE_MONTH = f"(date '2026-02-01' + make_interval(months => {_r('h.id', 8, 10)}::int))::date"
CLASS = f"(CASE WHEN {_r('h.id', 9, 10)} = 0 THEN 'A' WHEN {_r('h.id', 9, 10)} < 4 THEN 'B' ELSE 'C' END)"
COLUMNS = """household_id, program_id, member_id, month_from, month_to, amount, persons, urban_rural,
             benefit_class, management_class, standard, per_capita_income, single_member_id, next_review,
             reason, explanation, recalculation_id, created_at, actor_id"""

DIBAO = f"""
INSERT INTO benefits_entitlement ({COLUMNS})
SELECT h.id, 'dibao', NULL, {START},
       CASE WHEN {STOPPED} OR {REVIEWED} THEN ({CHANGE_MONTH} - interval '1 month')::date END,
       ({_size("h.id")} * (250 + {_r("h.id", 10, 300)}))::numeric + {_r("h.id", 11, 100)} / 100.0,
       {_size("h.id")}, h.urban_rural, {CLASS}, (1 + {_r("h.id", 12, 3)})::text, 360, 0, NULL, NULL,
       CASE WHEN {_r("h.id", 6)} < 100 THEN 'approval' ELSE 'migration' END, '[]', NULL, %(now)s, NULL
FROM registry_household h
"""

REVIEWS = f"""
INSERT INTO benefits_entitlement ({COLUMNS})
SELECT e.household_id, 'dibao', NULL, e.month_to + interval '1 month', NULL,
       e.amount + CASE WHEN e.household_id %% 2 = 0 THEN 30 ELSE -30 END, e.persons, e.urban_rural,
       CASE WHEN e.household_id %% 3 = 0 THEN 'A' ELSE e.benefit_class END, e.management_class, 360, 0,
       NULL, NULL, 'review', '[]', NULL, %(now)s, NULL
FROM benefits_entitlement e JOIN registry_household h ON h.id = e.household_id
WHERE e.program_id = 'dibao' AND e.month_to IS NOT NULL AND {REVIEWED}
"""

STOPS = f"""
INSERT INTO benefits_movement (household_id, community_id, program_id, member_id, kind, recorded_on, month,
                               reason,
                               stop_reason, note, urban_rural, persons_before, persons_after, amount_before,
                               amount_after, class_before, class_after, entitlement_id, created_at, actor_id)
SELECT h.id, h.community_id, 'dibao', NULL, 'terminate', e.month_to, e.month_to + interval '1 month',
       'review',
       (ARRAY['income_above','death','moved_away','employed','pension'])[1 + h.id %% 5], '', e.urban_rural,
       e.persons, 0, e.amount, 0, e.benefit_class, '', e.id, %(now)s, NULL
FROM benefits_entitlement e JOIN registry_household h ON h.id = e.household_id
WHERE e.program_id = 'dibao' AND e.month_to IS NOT NULL AND {STOPPED}
"""

PERSONS = f"""
INSERT INTO benefits_entitlement ({COLUMNS})
SELECT m.household_id, p.program, m.id, date '2026-01-01', NULL, p.amount, 1, 'urban', '', '', NULL, NULL,
       NULL, NULL, 'migration', '[]', NULL, %(now)s, NULL
FROM registry_member m
JOIN (VALUES ('disability_living', 0, 100, 90.00), ('disability_care', 0, 100, 80.00),
             ('elderly_allowance', 800, 1000, 100.00)) AS p(program, low, high, amount)
  ON {_r("m.household_id", 13)} >= p.low AND {_r("m.household_id", 13)} < p.high
WHERE m.relation = 'self'
"""


def build(n: int) -> None:
    """The county of `n` households, unless the database holds households already."""
    from django.db import connection, transaction

    from dibao.registry.models import Household

    if Household.objects.exists():
        return
    if connection.vendor != "postgresql":
        spec = importlib.util.spec_from_file_location("payroll_run", HERE / "payroll_run.py")
        assert spec and spec.loader
        payroll_run = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(payroll_run)
        payroll_run.build(n, programs=True)
        return
    from dibao.areas.models import Area
    from dibao.demo.county import COUNTY
    from dibao.registry.models import HouseholdCategory

    communities = _areas()
    county = Area.objects.get(code=COUNTY[0])
    categories = [
        HouseholdCategory.objects.get_or_create(county=county, name=name)[0].pk for name in CATEGORIES
    ]
    params: dict[str, Any] = {
        "n": n,
        "county": county.pk,
        "communities": communities,
        "n_communities": len(communities),
        "categories": categories,
        "now": NOW,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in (HOUSEHOLDS, MEMBERS, DIBAO, REVIEWS, STOPS, PERSONS):
            cursor.execute(statement, params)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
