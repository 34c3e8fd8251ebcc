"""The shipped calendar (data/holidays.csv) against the State Council's notices, year by year."""

import datetime

import pytest

from dibao.workdays.official import DATA_FILE, read_official_days

D = datetime.date
DAYS = read_official_days()


def span(first, last):
    return {first + datetime.timedelta(days=i) for i in range((last - first).days + 1)}


def stored(year, kind):
    return {d.date for d in DAYS if d.kind == kind and d.date.year == year}


# The notices, block by block: holidays "放假" from first to last, and the "上班" days.
NOTICES = {
    2024: (
        [
            (D(2024, 1, 1), D(2024, 1, 1)),
            (D(2024, 2, 10), D(2024, 2, 17)),
            (D(2024, 4, 4), D(2024, 4, 6)),
            (D(2024, 5, 1), D(2024, 5, 5)),
            (D(2024, 6, 10), D(2024, 6, 10)),
            (D(2024, 9, 15), D(2024, 9, 17)),
            (D(2024, 10, 1), D(2024, 10, 7)),
        ],
        {D(2024, 2, 4), D(2024, 2, 18), D(2024, 4, 7), D(2024, 4, 28), D(2024, 5, 11), D(2024, 9, 14)}
        | {D(2024, 9, 29), D(2024, 10, 12)},
    ),
    2025: (
        [
            (D(2025, 1, 1), D(2025, 1, 1)),
            (D(2025, 1, 28), D(2025, 2, 4)),
            (D(2025, 4, 4), D(2025, 4, 6)),
            (D(2025, 5, 1), D(2025, 5, 5)),
            (D(2025, 5, 31), D(2025, 6, 2)),
            (D(2025, 10, 1), D(2025, 10, 8)),
        ],
        {D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)},
    ),
    2026: (
        [
            (D(2026, 1, 1), D(2026, 1, 3)),
            (D(2026, 2, 15), D(2026, 2, 23)),
            (D(2026, 4, 4), D(2026, 4, 6)),
            (D(2026, 5, 1), D(2026, 5, 5)),
            (D(2026, 6, 19), D(2026, 6, 21)),
            (D(2026, 9, 25), D(2026, 9, 27)),
            (D(2026, 10, 1), D(2026, 10, 7)),
        ],
        {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)},
    ),
}


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_a_year_is_exactly_its_notice(year):
    blocks, workdays = NOTICES[year]
    assert stored(year, "holiday") == set().union(*(span(a, b) for a, b in blocks))
    assert stored(year, "workday") == workdays


def test_every_year_from_2020_to_2026_is_there():
    assert {d.date.year for d in DAYS} == set(range(2020, 2027))
    for year in range(2020, 2027):
        names = {d.name for d in DAYS if d.date.year == year and d.kind == "holiday"}
        # 2023's 元旦 starts on 2022-12-31 and 2023-01-01/02; every year names all seven festivals.
        assert {"元旦", "清明节", "劳动节", "端午节"} <= names and any("春节" in n for n in names)
        assert any("国庆节" in n for n in names) and any("中秋节" in n for n in names)


def test_make_up_workdays_fall_on_weekends():
    assert all(d.date.weekday() >= 5 for d in DAYS if d.kind == "workday")


def test_the_2020_extension_and_the_2023_new_year_that_began_in_2022():
    # 国办发明电〔2020〕1号 extended 春节 2020 to 2 February; the make-up Saturday 1 February lapsed.
    assert span(D(2020, 1, 24), D(2020, 2, 2)) <= stored(2020, "holiday")
    assert D(2020, 2, 1) not in stored(2020, "workday")
    assert stored(2020, "workday") >= {D(2020, 1, 19)}
    assert {d.date for d in DAYS if d.name == "元旦" and d.date.year in (2022, 2023)} >= span(
        D(2022, 12, 31), D(2023, 1, 2)
    )


def test_the_file_names_its_sources():
    header = DATA_FILE.read_text(encoding="utf-8").split("date,kind,name")[0]
    for number in ("国办发明电〔2019〕16号", "国办发明电〔2020〕1号", "国办发明电〔2024〕12号"):
        assert number in header


def test_a_malformed_file_is_refused(tmp_path):
    bad = tmp_path / "holidays.csv"
    bad.write_text("# c\ndate,kind,name\n2026-01-01,rest,元旦\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        read_official_days(bad)
    bad.write_text("date,kind,name\n2026-01-01,holiday,元旦\n2026-01-01,holiday,元旦\n", encoding="utf-8")
    with pytest.raises(ValueError, match="twice"):
        read_official_days(bad)
