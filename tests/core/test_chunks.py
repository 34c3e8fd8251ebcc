from dibao.core.chunks import chunks


def test_slices_of_the_size_asked_and_the_rest_last():
    assert list(chunks([1, 2, 3, 4, 5], 2)) == [[1, 2], [3, 4], [5]]
    assert list(chunks([1, 2], 5)) == [[1, 2]]
    assert list(chunks([], 3)) == []
