"""A county of N households for the search bench at sizes the demo generator cannot reach in
reasonable time, generated in PostgreSQL by two set-based statements (INSERT … SELECT over
generate_series): a million households in a few minutes.

Synthetic, but shaped like the register where search cares: the demo county (its users, its ten
communities) with streets added up to 300 communities as `statistics_county.py` does; 1–5 members
a household (2.45 on average); names of one common surname and one or two given characters drawn
from lists, with their pinyin keys computed by `registry.search.name_keys` (so 王秀英 has the
`wangxiuying` and `wxy` a worker types, and common names repeat as they do in a real county);
addresses of the community, one of 40 roads, a number and a door (`春华丹桂路84号3-2-1`); ID numbers
of the county's region code, a birth date and a sequence (the check digit is not computed: search
never reads it). Deterministic: every value is arithmetic on the household's id, not a random draw.
"""

import datetime
import importlib.util
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NOW = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)
# Common surnames and given-name characters whose pinyin does not depend on their neighbours, so
# that a name's keys are the joined keys of its characters (checked in `_name_parts`).
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许"
    "傅沈彭苏卢蒋蔡丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔崔"
)
GIVEN = (
    "明华建国伟芳秀英军平兰玉红丽强杰敏静海涛波刚霞桂春文志勇燕"
    "梅鹏林辉晓娟云亮宁凤成德福荣新光永清丹利宝金珍淑慧琴磊超洋"
)
ROADS = [
    "海州街", "海月街", "海源街", "西南路", "石桥路", "天王路", "丹桂路", "春华街", "骆岗路", "永清街",
    "中山路", "人民路", "解放路", "建设街", "胜利路", "和平街", "长江路", "黄河路", "学府街", "青年路",
    "文化街", "兴华路", "新华街", "东风路", "光明路", "团结街", "友谊路", "幸福街", "朝阳路", "太原街",
    "五一路", "民主街", "西安路", "联合路", "华北路", "沿海街", "振兴路", "富民街", "河口路", "工农路",
]  # fmt: skip


def _r(column: str, salt: int, modulo: int) -> str:
    """A deterministic draw in 0..modulo-1 from a row's id (a multiplicative hash)."""
    return f"((({column})::bigint * 2654435761 + {salt * 97}) %% 1000003 %% {modulo})"


def _size(column: str) -> str:
    draw = _r(column, 1, 100)
    return (
        f"(CASE WHEN {draw} < 25 THEN 1 WHEN {draw} < 55 THEN 2 WHEN {draw} < 80 THEN 3 "
        f"WHEN {draw} < 95 THEN 4 ELSE 5 END)"
    )


HOUSEHOLDS = f"""
INSERT INTO registry_household (number, county_id, community_id, address, phone, urban_rural, bank_name,
                                bank_account, military_family, category_id, status, created_at, updated_at)
SELECT %(code)s || lpad((%(first)s + h)::text, 8, '0'), %(county)s, c.id,
       c.short || (%(roads)s::text[])[1 + {_r("h", 2, 40)}] || (1 + {_r("h", 3, 200)}) || '号'
           || (1 + {_r("h", 4, 6)}) || '-' || (1 + {_r("h", 5, 6)}) || '-' || (1 + {_r("h", 6, 2)}),
       '13' || lpad({_r("h", 7, 1000003)}::text, 9, '0'),
       CASE WHEN {_r("h", 8, 10)} < 8 THEN 'urban' ELSE 'rural' END,
       '中国农业银行', '6228' || lpad(h::text, 15, '0'), false, NULL,
       (ARRAY['receiving','receiving','receiving','receiving','receiving','receiving','receiving',
              'applying','registered','suspended'])[1 + {_r("h", 9, 10)}],
       %(now)s, %(now)s
FROM generate_series(1, %(n)s) AS h
JOIN unnest(%(communities)s::int[], %(shorts)s::text[]) WITH ORDINALITY AS c(id, short, i)
  ON c.i = 1 + h %% %(n_communities)s
"""

# A member's draws come from (household id * 8 + k), its place in the household; the sequence part
# of the ID number is that value divided by the 25,000 birth days, which keeps every number unique.
SEQ = "(h.id * 8 + k)"
GIVEN_1 = _r(SEQ, 11, 1000)
GIVEN_2 = _r(SEQ, 12, 1000)
HAS_2 = f"({_r(SEQ, 13, 10)} < 7)"
# Children take the head's surname (k = 1); a spouse has her or his own.
SURNAME = f"(CASE WHEN k > 2 THEN {_r('h.id * 8 + 1', 14, 1000)} ELSE {_r(SEQ, 14, 1000)} END)"
ID_NUMBER = (
    f"%(code)s || to_char(date '1940-01-01' + ({SEQ} %% 25000)::int, 'YYYYMMDD') "
    f"|| lpad(({SEQ} / 25000 %% 1000)::text, 3, '0') || ({SEQ} %% 10)::text"
)
MEMBERS = f"""
INSERT INTO registry_member (household_id, name, id_number, birth_date, sex, relation, hukou, disability_type,
                             disability_grade, health, labour_capacity, employment, phone, notes, is_current,
                             party_hardship, name_pinyin, name_initials, id_number_reversed)
SELECT h.id,
       s.ch[1 + {SURNAME} %% s.n] || g.ch[1 + {GIVEN_1} %% g.n]
           || CASE WHEN {HAS_2} THEN g.ch[1 + {GIVEN_2} %% g.n] ELSE '' END,
       {ID_NUMBER}, date '1940-01-01' + ({SEQ} %% 25000)::int, CASE WHEN k %% 2 = 1 THEN 'M' ELSE 'F' END,
       CASE WHEN k = 1 THEN 'self' WHEN k = 2 THEN 'spouse' ELSE 'child' END, h.urban_rural, '', 0,
       'healthy', 'full', 'none', '', '', true, false,
       s.py[1 + {SURNAME} %% s.n] || g.py[1 + {GIVEN_1} %% g.n]
           || CASE WHEN {HAS_2} THEN g.py[1 + {GIVEN_2} %% g.n] ELSE '' END,
       left(s.py[1 + {SURNAME} %% s.n], 1) || left(g.py[1 + {GIVEN_1} %% g.n], 1)
           || CASE WHEN {HAS_2} THEN left(g.py[1 + {GIVEN_2} %% g.n], 1) ELSE '' END,
       reverse({ID_NUMBER})
FROM registry_household h
CROSS JOIN LATERAL generate_series(1, {_size("h.id")}) AS k
CROSS JOIN (SELECT %(surnames)s::text[] AS ch, %(surnames_py)s::text[] AS py, %(n_surnames)s AS n) AS s
CROSS JOIN (SELECT %(given)s::text[] AS ch, %(given_py)s::text[] AS py, %(n_given)s AS n) AS g
WHERE h.id > %(after)s
"""


def _name_parts() -> tuple[list[str], list[str], list[str], list[str]]:
    """The surnames and given characters with their pinyin, checked to join as whole names do."""
    from dibao.registry.search import name_keys

    pinyin = {ch: name_keys(ch)[0] for ch in SURNAMES + GIVEN}
    for a in SURNAMES + GIVEN:
        for b in GIVEN:
            assert name_keys(a + b)[0] == pinyin[a] + pinyin[b], (a, b)
    return list(SURNAMES), [pinyin[ch] for ch in SURNAMES], list(GIVEN), [pinyin[ch] for ch in GIVEN]


def build(n: int) -> None:
    """The demo county's areas and users, then households up to `n` (PostgreSQL only)."""
    from django.db import connection, transaction

    from dibao.areas.models import Area
    from dibao.demo.county import COUNTY, build_areas
    from dibao.registry.models import Household, NumberSequence

    assert connection.vendor == "postgresql", "the synthetic county is built on PostgreSQL"
    have = Household.objects.count()
    if have >= n:
        return
    build_areas()
    spec = importlib.util.spec_from_file_location("statistics_county", HERE / "statistics_county.py")
    assert spec and spec.loader
    statistics_county = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(statistics_county)
    community_ids = statistics_county._areas()
    names = dict(Area.objects.filter(pk__in=community_ids).values_list("pk", "name"))
    county = Area.objects.get(code=COUNTY[0])
    surnames, surnames_py, given, given_py = _name_parts()
    with transaction.atomic(), connection.cursor() as cursor:
        sequence, _ = NumberSequence.objects.select_for_update().get_or_create(county=county)
        after = Household.objects.order_by("-id").values_list("id", flat=True).first() or 0
        params: dict[str, Any] = {
            "n": n - have,
            "first": sequence.last,
            "code": COUNTY[0],
            "county": county.pk,
            "communities": community_ids,
            "shorts": [names[pk].removesuffix("社区") for pk in community_ids],
            "n_communities": len(community_ids),
            "roads": ROADS,
            "now": NOW,
            "after": after,
            "surnames": surnames,
            "surnames_py": surnames_py,
            "n_surnames": len(surnames),
            "given": given,
            "given_py": given_py,
            "n_given": len(given),
        }
        cursor.execute(HOUSEHOLDS, params)
        cursor.execute(MEMBERS, params)
        sequence.last += n - have
        sequence.save(update_fields=["last"])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE registry_household")
        cursor.execute("VACUUM ANALYZE registry_member")
