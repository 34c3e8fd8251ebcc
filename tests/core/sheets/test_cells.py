from dibao.core.sheets.cells import column_index, column_letters


def test_column_letters():
    assert [column_letters(i) for i in (0, 25, 26, 27, 701, 702, 16383)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
        "XFD",
    ]


def test_column_index_reads_the_letters_back_in_either_case():
    assert [column_index(text) for text in ("A", "z", "AA", "ab", "ZZ", "XFD")] == [0, 25, 26, 27, 701, 16383]
    assert all(column_index(column_letters(i)) == i for i in range(0, 20_000, 7))
