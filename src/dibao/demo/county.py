"""The demo county: 沙河口区 with three streets and ten communities named in the seed reports,
one user of each role, and households with members, incomes and assets.

The codes follow the GB/T 2260 and statistical-code shapes but are illustrative, not official.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dibao.accounts.models import User
from dibao.accounts.services import user_create
from dibao.areas.models import Area, Level
from dibao.areas.services import area_create
from dibao.core.months import add_months
from dibao.core.roles import Role
from dibao.core.scoping import within_area
from dibao.registry.inputs import IncomeFields, MemberFields
from dibao.registry.models import (
    DisabilityGrade,
    DisabilityType,
    Employment,
    Health,
    Household,
    HouseholdStatus,
    IncomeKind,
    LabourCapacity,
    Member,
    Relation,
    UrbanRural,
)
from dibao.registry.search import name_keys
from dibao.registry.services.bulk import NewHousehold, households_bulk_create

from . import people
from .policy import build_policy, grant_receiving
from .story import tell

COUNTY = ("210204", "沙河口区")
STREETS = {
    ("210204001000", "星海湾街道"): [
        ("210204001001", "海州社区"),
        ("210204001002", "海月社区"),
        ("210204001003", "海源社区"),
    ],
    ("210204002000", "石桥铺街道"): [
        ("210204002001", "柳背桥社区"),
        ("210204002002", "土门巷社区"),
        ("210204002003", "天王社区"),
        ("210204002004", "永清社区"),
    ],
    ("210204003000", "丹桂街道"): [
        ("210204003001", "春华社区"),
        ("210204003002", "丹桂社区"),
        ("210204003003", "骆岗社区"),
    ],
}
DEMO_PASSWORD = "dibao-demo"
# username, role, area code, full name
USERS = [
    ("admin", Role.ADMIN, "210204", "系统管理员"),
    ("county", Role.COUNTY, "210204", "区民政局 王科长"),
    ("auditor", Role.AUDITOR, "210204", "区纪检 李监督"),
    ("street", Role.STREET, "210204001000", "星海湾街道 赵主任"),
    ("shiqiaopu", Role.STREET, "210204002000", "石桥铺街道 孙主任"),
    ("dangui", Role.STREET, "210204003000", "丹桂街道 周主任"),
    ("haizhou", Role.COMMUNITY, "210204001001", "海州社区 陈低保专干"),
    ("chunhua", Role.COMMUNITY, "210204003001", "春华社区 刘低保专干"),
]
ROADS = ["海州街", "海月街", "海源街", "西南路", "石桥路", "天王路", "丹桂路", "春华街", "骆岗路", "永清街"]
BANKS = ["中国农业银行", "中国工商银行", "中国邮政储蓄银行", "中国建设银行", "大连农商银行"]


@dataclass(frozen=True)
class DemoResult:
    created_areas: bool
    households: int
    members: int
    entitlements: int = 0
    story: dict[str, int] = field(default_factory=dict)


def build_areas() -> bool:
    """Create the county tree unless it is there already. True when it was created."""
    if Area.objects.filter(code=COUNTY[0]).exists():
        return False
    with transaction.atomic():
        county = area_create(code=COUNTY[0], name=COUNTY[1], level=Level.COUNTY, parent=None, actor=None)
        for (street_code, street_name), communities in STREETS.items():
            street = area_create(
                code=street_code, name=street_name, level=Level.STREET, parent=county, actor=None
            )
            for code, name in communities:
                area_create(code=code, name=name, level=Level.COMMUNITY, parent=street, actor=None)
        for username, role, area_code, full_name in USERS:
            user_create(
                username=username,
                role=role,
                area=Area.objects.get(code=area_code),
                password=DEMO_PASSWORD,
                full_name=full_name,
                actor=None,
                check_password=False,
            )
    return True


def _member(
    rng: random.Random,
    used: set[str],
    *,
    surname: str | None,
    relation: str,
    min_age: int,
    max_age: int,
    male: bool,
    hukou: str,
    today: datetime.date,
) -> MemberFields:
    birth = people.birth_date(rng, min_age, max_age, today)
    number = people.id_number(rng, COUNTY[0], birth, male)
    while number in used:  # one person, one household
        number = people.id_number(rng, COUNTY[0], birth, male)
    used.add(number)
    name = people.name(rng, surname)
    pinyin, initials = name_keys(name)
    age = (today - birth).days // 365
    disabled = rng.random() < 0.25
    health = rng.choices([Health.HEALTHY, Health.CHRONIC, Health.SERIOUS], [6, 3, 1])[0]
    if age < 18:
        employment = Employment.STUDENT if age >= 6 else Employment.NONE
    elif age >= 60:
        employment = rng.choice([Employment.RETIRED, Employment.NONE])
    else:
        employment = rng.choice(
            [Employment.UNEMPLOYED, Employment.FLEXIBLE, Employment.EMPLOYED, Employment.NONE]
        )
    return {
        "name": name,
        "name_pinyin": pinyin,
        "name_initials": initials,
        "id_number": number,
        "id_number_reversed": number[::-1],
        "birth_date": birth,
        "sex": "M" if male else "F",
        "relation": relation,
        "hukou": hukou,
        "disability_type": rng.choice(DisabilityType.values[1:]) if disabled else DisabilityType.NONE,
        "disability_grade": rng.randint(1, 4) if disabled else DisabilityGrade.NONE,
        "health": health,
        "labour_capacity": (
            LabourCapacity.NONE
            if disabled or health == Health.SERIOUS or age >= 70
            else rng.choice([LabourCapacity.FULL, LabourCapacity.PARTIAL])
        ),
        "employment": employment,
        "phone": "",
        "notes": "",
    }


def make_households(
    rng: random.Random,
    communities: list[Area],
    count: int,
    today: datetime.date,
    used: set[str],
    *,
    since: datetime.date | None = None,
) -> list[NewHousehold]:
    """`count` households spread over the communities, with 1–5 members each and some incomes,
    counted from `since` (this month)."""
    new: list[NewHousehold] = []
    month = (since or today).replace(day=1)
    for i in range(count):
        community = communities[i % len(communities)]
        hukou = UrbanRural.URBAN if rng.random() < 0.8 else UrbanRural.RURAL
        size = rng.choices([1, 2, 3, 4, 5], [25, 30, 25, 15, 5])[0]
        head_male = rng.random() < 0.55
        head = _member(
            rng,
            used,
            surname=None,
            relation=Relation.SELF,
            min_age=30,
            max_age=85,
            male=head_male,
            hukou=hukou,
            today=today,
        )
        members = [head]
        surname = head["name"][0]
        if size >= 2:
            members.append(
                _member(
                    rng,
                    used,
                    surname=None,
                    relation=Relation.SPOUSE,
                    min_age=30,
                    max_age=80,
                    male=not head_male,
                    hukou=hukou,
                    today=today,
                )
            )
        for _ in range(size - len(members)):
            members.append(
                _member(
                    rng,
                    used,
                    surname=surname,
                    relation=Relation.CHILD,
                    min_age=3,
                    max_age=25,
                    male=rng.random() < 0.5,
                    hukou=hukou,
                    today=today,
                )
            )
        status = rng.choices(
            [
                HouseholdStatus.RECEIVING,
                HouseholdStatus.APPLYING,
                HouseholdStatus.REGISTERED,
                HouseholdStatus.SUSPENDED,
                HouseholdStatus.TERMINATED,
            ],
            [70, 10, 10, 5, 5],
        )[0]
        # Receiving households earn below the demo standard (200 rural, 360 urban) per earner, so
        # that they are eligible; the others anything up to 1,500 a month.
        receiving = status in (HouseholdStatus.RECEIVING, HouseholdStatus.SUSPENDED)
        incomes: list[tuple[int, IncomeFields]] = [
            (
                index,
                {
                    "kind": rng.choice([IncomeKind.WAGE, IncomeKind.TRANSFER, IncomeKind.OTHER]),
                    "amount": Decimal(
                        rng.randrange(50, 190, 10) if receiving else rng.randrange(100, 1500, 10)
                    ),
                    "source": "",
                    "notes": "",
                    "month_from": month,
                    "month_to": None,
                },
            )
            for index, m in enumerate(members)
            if m["employment"] in (Employment.EMPLOYED, Employment.FLEXIBLE, Employment.RETIRED)
        ]
        new.append(
            NewHousehold(
                community=community,
                values={
                    "address": f"{community.name[:-2]}{rng.choice(ROADS)}{rng.randint(1, 200)}号"
                    f"{rng.randint(1, 6)}-{rng.randint(1, 6)}-{rng.randint(1, 2)}",
                    "phone": f"13{rng.randint(100000000, 999999999)}",
                    "urban_rural": hukou,
                    "bank_name": rng.choice(BANKS),
                    "bank_account": f"6228{rng.randint(10**14, 10**15 - 1)}",
                },
                members=members,
                incomes=incomes,
                status=status,
            )
        )
    return new


def build(
    *, households: int, seed: int, today: datetime.date | None = None, story: bool = False
) -> DemoResult:
    """The demo county and `households` more households in it (made in one transaction).

    With `story`, a county built by this call gets its year of history (`demo.story`): its
    households are registered with their means and brought in from twelve months ago, and the
    year is told through the services. Households added to an existing county are brought in
    from this month, as without it."""
    created = build_areas()
    today = today or timezone.localdate()
    story = story and created
    since = add_months(today.replace(day=1), -12) if story else today.replace(day=1)
    rng = random.Random(seed)
    county = Area.objects.get(code=COUNTY[0])
    communities = list(
        within_area(Area.objects.filter(level=Level.COMMUNITY), county, "code").order_by("code")
    )
    used = set(Member.objects.filter(is_current=True).values_list("id_number", flat=True))
    new = make_households(rng, communities, households, today, used, since=since)
    with transaction.atomic():
        result = households_bulk_create(county=county, new=new, actor=None, note="demo data")
        build_policy(county, today.year - 1)
        suspended = list(
            Household.objects.filter(county=county, status=HouseholdStatus.SUSPENDED).values_list(
                "pk", flat=True
            )
        )
        granted = grant_receiving(county, since, today, suspend=not story)
        told = tell(county, today=today, rng=rng, suspended=suspended).as_json() if story else {}
    return DemoResult(
        created_areas=created,
        households=result.households,
        members=result.members,
        entitlements=granted,
        story=told,
    )


def demo_users() -> list[User]:
    return list(User.objects.filter(username__in=[u[0] for u in USERS]).select_related("area"))


def demo_exists() -> bool:
    return Area.objects.filter(code=COUNTY[0]).exists()
