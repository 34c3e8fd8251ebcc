"""A row lock takes the rows it means: `select_for_update()` beside `select_related(...)` locks, on
PostgreSQL, every row the join reads — a review's lock took its community's row too, and any other
write in that community then waited for it (its foreign-key check asks for the area row) or, under
load, deadlocked with it (seen in the load test: two reviews opened at once, one answered 500). So a
lock with a join names what it locks (`of=("self",)`, or the tables meant)."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "dibao"


def _chain(node: ast.AST) -> list[str]:
    """The method names of a chained call, outermost first (`a.b().c()` → ['c', 'b'])."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        else:
            return names


def unnamed_locks(source: str) -> list[int]:
    """The lines of `select_for_update()` calls without `of` in a chain that also joins."""
    tree = ast.parse(source)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "select_for_update"
        ):
            continue
        if any(keyword.arg == "of" for keyword in node.keywords):
            continue
        top: ast.AST = node
        while isinstance(parents.get(top), ast.Call | ast.Attribute) and (
            getattr(parents[top], "func", None) is top or getattr(parents[top], "value", None) is top
        ):
            top = parents[top]
        if "select_related" in _chain(top):
            found.append(node.lineno)
    return found


def test_every_lock_with_a_join_names_the_rows_it_locks():
    offences = [
        f"{path.relative_to(SRC)}:{line}"
        for path in sorted(SRC.rglob("*.py"))
        for line in unnamed_locks(path.read_text(encoding="utf-8"))
    ]
    assert offences == [], "select_for_update() with select_related and no of=: " + ", ".join(offences)


def test_the_check_finds_a_lock_that_takes_the_joined_rows():
    assert unnamed_locks(
        "x = Review.objects.select_for_update().select_related('community').get(pk=1)\n"
    ) == [1]
    assert unnamed_locks(
        "x = (\n    Run.objects.select_related('county')\n    .select_for_update()\n    .get()\n)\n"
    ) == [2]
    assert (
        unnamed_locks("x = Review.objects.select_for_update(of=('self',)).select_related('c').get()\n") == []
    )
    assert unnamed_locks("x = Flag.objects.select_for_update().get(pk=1)\n") == []
