import pytest
from django.db import connection
from pypinyin import lazy_pinyin

from dibao.registry.models import Household, Member
from dibao.registry.search import member_condition, member_matches, name_keys, name_pinyin, search_households

from ..factories import bad_check_digit, id_number, make_household

pytestmark = pytest.mark.django_db


def test_name_keys():
    assert name_keys("张三") == ("zhangsan", "zs")
    assert name_keys("李 Lily") == ("lilily", "ll")


def test_a_names_pinyin_is_pypinyins_whatever_its_words():
    """Read word by word with the words remembered, a name reads as `lazy_pinyin` reads it whole:
    phrases (长孙, 重庆), a character read differently alone and in a phrase, letters, digits, a dot."""
    names = [
        "张三",
        "长孙无忌",
        "长孙",
        "重庆",
        "重阳",
        "单田芳",
        "欧阳娜娜",
        "李 Lily",
        "阿依古丽·买买提",
        "王5",
        "乐乐",
        "曾",
    ]
    for name in names * 2:  # the second time from what was remembered
        assert name_pinyin(name) == lazy_pinyin(name, errors="default"), name


@pytest.fixture
def households(areas, users):
    zhang = make_household(
        areas.haizhou, users.haizhou, address="海州街1号", head={"name": "张三", "id_number": id_number()}
    )
    li = make_household(
        areas.haizhou, users.haizhou, address="海源街9号", head={"name": "李四", "id_number": id_number()}
    )
    return zhang, li


@pytest.mark.parametrize("query", ["zs", "ZS", "zhangsan", "zhangs", "张三", "张", "海州街"])
def test_search_finds_by_name_pinyin_and_address(households, query):
    zhang, _li = households
    assert list(search_households(Household.objects.all(), query)) == [zhang]


def test_search_by_id_tail_whole_id_and_household_number(households):
    zhang, li = households
    number = zhang.members.get().id_number
    everyone = Household.objects.all()
    assert list(search_households(everyone, number[-6:].lower())) == [zhang]
    assert list(search_households(everyone, number)) == [zhang]
    assert list(search_households(everyone, li.number)) == [li]
    assert set(search_households(everyone, "   ")) == {zhang, li}
    assert list(search_households(everyone, "wangwu")) == []


@pytest.fixture
def stranger(areas, users):
    """A household whose head was born elsewhere (110105), so no household number (which starts
    with the county's code, 210204) begins like the head's ID number."""
    number = id_number(area="110105")
    return make_household(areas.haizhou, users.haizhou, head={"name": "王五", "id_number": number}), number


def test_an_id_number_is_found_whole_or_by_its_last_4_to_6_characters(stranger):
    household, number = stranger
    everyone = Household.objects.all()
    for query in (number, number[-4:], number[-5:], number[-6:], number[-6:].lower()):
        assert list(search_households(everyone, query)) == [household], query


def test_no_part_of_an_id_number_a_caller_builds_up_finds_anyone(stranger):
    """Finding by any head or any longer tail would read the masked birth date back, a digit at a
    time, from whether anything is found."""
    _household, number = stranger
    everyone = Household.objects.all()
    for length in range(6, 18):
        assert list(search_households(everyone, number[:length])) == [], f"first {length}"
    for length in range(7, 18):
        assert list(search_households(everyone, number[-length:])) == [], f"last {length}"
    # A whole number that is not his matches nobody, even when only its check digit differs.
    assert list(search_households(everyone, bad_check_digit(number))) == []


@pytest.fixture
def more(areas, users):
    wang = make_household(
        areas.haizhou,
        users.haizhou,
        address="春华丹桂路84号3-2-1",
        head={"name": "王秀英", "id_number": id_number()},
    )
    zhao = make_household(
        areas.haizhou,
        users.haizhou,
        address="海源丹桂路184号1-1-2",
        head={"name": "赵秀", "id_number": id_number()},
    )
    return wang, zhao


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Parts of three characters or more: the trigram index on PostgreSQL.
        ("84号", {"wang", "zhao"}),
        ("丹桂路84", {"wang"}),
        ("华丹桂路84号", {"wang"}),
        ("84号3-2", {"wang"}),
        ("王秀英", {"wang"}),
        ("赵秀", {"zhao"}),
        ("1-2", {"zhao"}),
        # One or two characters, which no trigram covers: still found, by reading the addresses.
        ("84", set()),  # digits are an ID tail or a household number, never an address
        ("丹桂", {"wang", "zhao"}),
        ("春", {"wang"}),
        ("秀", set()),  # a name is found by its start only
        ("王", {"wang"}),
        # Matched by nothing: LIKE's wildcards are matched as themselves.
        ("丹%路", set()),
        ("丹_路", set()),
    ],
)
def test_address_parts_and_chinese_names_of_any_length(more, query, expected):
    wang, zhao = more
    by_name = {"wang": wang, "zhao": zhao}
    assert set(search_households(Household.objects.all(), query)) == {by_name[n] for n in expected}, query


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_an_address_part_is_read_from_the_trigram_index(more):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows would be read whole
    plan = Household.objects.filter(address__contains="丹桂路84").explain()
    assert "household_address_trgm" in plan, plan


def test_one_member_is_matched_as_the_database_matches_members(more, stranger):
    """The list page says which member matched by reading its households' members and matching
    them in Python (`member_matches`): the same answer as the condition the search runs in SQL."""
    _household, number = stranger
    queries = ["wxy", "WANGX", "wangxiuying", "zx", "王秀", "赵", "秀", "丹桂", "ww", "wangwu", "王五", "x"]
    queries += [number, number.lower(), number[-4:], number[-6:], number[-7:], number[:6], "84", "%", "_", ""]
    members = list(Member.objects.all())
    for query in queries:
        condition = member_condition(query)
        in_sql = set(Member.objects.filter(condition)) if condition is not None else set()
        assert {m for m in members if member_matches(m, query)} == in_sql, query
        if query in ("wxy", "王秀", number[-6:]):
            assert in_sql, query  # the comparison is not of two empty sets only


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index of pieces is PostgreSQL's")
@pytest.mark.parametrize("part", ["丹桂", "春"])
def test_an_address_part_shorter_than_a_trigram_is_read_from_the_index_of_pieces(more, part):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows would be read whole
    plan = Household.objects.filter(address__has_part=part).explain()
    assert "household_address_grams" in plan, plan
    assert set(Household.objects.filter(address__has_part=part)) == set(
        Household.objects.filter(address__contains=part)
    )
