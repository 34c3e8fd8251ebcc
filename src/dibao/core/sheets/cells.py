"""A spreadsheet's column letters: A is the first column (0), Z the 26th, AA the 27th, XFD the last
Excel allows (16383)."""


def column_letters(index: int) -> str:
    """0 → A, 701 → ZZ, 16383 → XFD."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 0, ZZ → 701, in either letter case (calamine reads both). The letters are A–Z only."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1
