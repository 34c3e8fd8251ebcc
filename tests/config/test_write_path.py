"""One write path: every write to the database is made in a `services` module (an app's
`services.py` or `services/` package), where it is audited in its transaction, and an app's
services write only their own app's models — another app's rows are written by that app's
service (docs/architecture.md, "One write path").

The source is read with `ast`, not imported, so a write is found wherever it is, called or not.
A write is:
- `.save(…)` or `.delete(…)` on anything (a model, a queryset, a related manager);
- `.create(…)`, `.bulk_create(…)`, `.bulk_update(…)`, `.get_or_create(…)`, `.update_or_create(…)`;
- `.update(…)` on a queryset: a chain through `.objects` (or another manager) or a queryset method
  (`X.objects.filter(…).update(…)`, `run.lines.all().update(…)`), or a name the same function
  bound to such a chain (`rows = X.objects.filter(…)` … `rows.update(…)`). A dict's, a set's or a
  progress bar's `.update` is none of these;
- an audit entry (`audit.record`, `record_many`, `record_update`): services write them, in the
  write's transaction;
- SQL sent through a cursor (`cursor.execute(…)`).
What is not seen: `.update(…)` on a related manager without a queryset method
(`household.members.update(…)`), a many-to-many manager's `.add`/`.set`/`.remove`/`.clear` (names
a set and an error list share), and writes to an instance of another app's model in a service
(`household.save()`), whose type the source does not say.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "dibao"

# A write whatever it is called on.
ANY_WRITE = frozenset(
    {"save", "delete", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
)
# A write when it is called on a queryset (dict, set and progress bars have an `update` too).
QUERYSET_WRITE = frozenset({"update", "delete"})
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
QUERYSET_METHODS = frozenset(
    {"all", "filter", "exclude", "select_for_update", "select_related", "prefetch_related", "order_by"}
)
AUDIT_WRITES = frozenset({"record", "record_many", "record_update"})
CURSOR_WRITES = frozenset({"execute", "executemany"})

# Writes outside services, each with the reason it may be there: (module, call) → why.
ALLOWED_OUTSIDE: dict[tuple[str, str], str] = {
    ("core/audit_chain.py", "entries[0].save"): "the audit trail's own writer: services call it",
    ("core/bulk_insert.py", "cursor.execute"): (
        "reserves primary keys (reads a sequence) for the rows a service's bulk insert then writes"
    ),
    ("core/bulk_insert.py", "cursor.cursor.executemany"): (
        "the bulk insert services and the audit chain call inside their transaction (COPY on PostgreSQL)"
    ),
    ("core/audit_chain.py", "head.save"): "the audit chain's head moves with each entry appended",
    ("core/audit_chain.py", "AuditChainHead.objects.create"): "the chain's head, made once when missing",
    ("core/models.py", "super().save"): "an audit entry refuses a second save; the first goes on",
    ("statistics/return_files.py", "document.save"): "python-docx writes a Word document into memory",
    ("core/backup/database.py", "cursor.execute"): "a backup counts every table's rows for its manifest",
    ("core/health.py", "cursor.execute"): "the health check asks the database `SELECT 1`",
    ("core/jobs/bookkeeping.py", "Job.objects.filter(pk=job.pk).update"): (
        "a job's own row as its task runs it (taken, finished), outside any transaction: see core/jobs"
    ),
    ("core/jobs/bookkeeping.py", "Job.objects.filter(pk=job_id).update"): (
        "how far a job has got, between chunks of its work and outside its transaction"
    ),
    ("core/worker_heartbeat.py", "stale.delete"): (
        "the task queue's own heartbeat rows (django-tasks), no record of dibao's"
    ),
    ("statistics/engine.py", "cursor.execute"): "SET LOCAL work_mem for the statistics' own transaction",
    ("statistics/snapshots.py", "cursor.execute"): (
        "a temporary table of the month's versions, gone at commit; services/snapshot.py writes the rows"
    ),
}
# Writes by one app's services of another app's models: (module, call) → why.
ALLOWED_ACROSS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Write:
    module: str  # relative to src/dibao
    line: int
    call: str  # the called expression, as written
    why: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} {self.call}(…): {self.why}"


def is_services(module: str) -> bool:
    parts = module.split("/")
    return "services" in parts[:-1] or parts[-1] == "services.py"


def _chain(node: ast.expr) -> tuple[list[str], ast.expr]:
    """The names along `a.b(…).c` from the outside in (["c", "b", "a"]), and the root (`a`)."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            if isinstance(node, ast.Name):
                names.append(node.id)
            return names, node


def _looks_like_queryset(node: ast.expr, querysets: set[str]) -> bool:
    names, root = _chain(node)
    return bool(set(names) & (MANAGERS | QUERYSET_METHODS)) or (
        isinstance(root, ast.Name) and root.id in querysets and len(names) == 1
    )


def _querysets_bound(function: ast.AST) -> set[str]:
    """Names a function binds to a queryset chain (`rows = X.objects.filter(…)`)."""
    bound: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and _looks_like_queryset(node.value, set()):
            bound |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif (
            isinstance(node, ast.AnnAssign)
            and node.value is not None
            and isinstance(node.target, ast.Name)
            and _looks_like_queryset(node.value, set())
        ):
            bound.add(node.target.id)
    return bound


def _models_of_other_apps(tree: ast.Module, app: str) -> dict[str, str]:
    """Names bound to another app's models (or its models module) → that app."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        parts = node.module.split(".")
        if parts[0] != "dibao" or len(parts) < 2 or parts[1] == app:
            continue
        if parts[2:] == ["models"]:
            found |= {(a.asname or a.name): parts[1] for a in node.names}
        elif len(parts) == 2:
            found |= {(a.asname or a.name): parts[1] for a in node.names if a.name == "models"}
    return found


def _audit_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names bound to the audit module, and to its writers imported by name."""
    modules, writers = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("dibao.core", "core", None):
            modules |= {(a.asname or a.name) for a in node.names if a.name == "audit"}
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("audit"):
            writers |= {(a.asname or a.name) for a in node.names if a.name in AUDIT_WRITES}
    return modules, writers


def _write_kind(call: ast.Call, querysets: set[str], audit_modules: set[str], audit_writers: set[str]) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return "an audit entry" if func.id in audit_writers else ""
    if not isinstance(func, ast.Attribute):
        return ""
    method, receiver = func.attr, func.value
    if method in AUDIT_WRITES and isinstance(receiver, ast.Name) and receiver.id in audit_modules:
        return "an audit entry"
    if method in CURSOR_WRITES and "cursor" in " ".join(_chain(receiver)[0]).lower():
        return "SQL through a cursor"
    if method in ANY_WRITE:
        return f"an ORM write (.{method})"
    if method in QUERYSET_WRITE and _looks_like_queryset(receiver, querysets):
        return f"an ORM write (queryset .{method})"
    return ""


def writes_in(source: str, module: str) -> list[Write]:
    """Every write in one module's source that breaks the rules, each with why."""
    tree = ast.parse(source)
    services = is_services(module)
    app = module.split("/")[0]
    others = _models_of_other_apps(tree, app) if services else {}
    audit_modules, audit_writers = _audit_names(tree)
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    scopes = [(tree, set[str]()), *((f, _querysets_bound(f)) for f in functions)]
    found: dict[int, Write] = {}  # by node: a call inside a function is walked more than once
    for scope, querysets in scopes:
        for node in ast.walk(scope):
            if not isinstance(node, ast.Call):
                continue
            kind = _write_kind(node, querysets, audit_modules, audit_writers)
            if not kind:
                continue
            call = ast.unparse(node.func)
            if not services:
                if (module, call) not in ALLOWED_OUTSIDE:
                    found[id(node)] = Write(module, node.lineno, call, f"{kind} outside a services module")
                continue
            _names, root = _chain(node.func)
            owner = others.get(root.id, "") if isinstance(root, ast.Name) else ""
            if owner and kind.startswith("an ORM write") and (module, call) not in ALLOWED_ACROSS:
                found[id(node)] = Write(
                    module, node.lineno, call, f"writes a model of {owner}: call {owner}'s service"
                )
    return sorted(found.values(), key=lambda w: w.line)


def _modules() -> list[tuple[Path, str]]:
    return [
        (path, path.relative_to(SRC).as_posix())
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.relative_to(SRC).parts
    ]


def test_every_write_is_made_in_a_services_module_of_its_own_app():
    modules = _modules()
    assert len(modules) > 200  # the walk saw the source, not an empty folder
    offences = [
        str(w) for path, module in modules for w in writes_in(path.read_text(encoding="utf-8"), module)
    ]
    assert offences == [], "\n" + "\n".join(offences)


def test_every_allowed_write_is_still_there():
    """An allowance whose write has gone is removed, so the lists say only what is true."""
    calls: set[tuple[str, str]] = set()
    for path, module in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                calls.add((module, ast.unparse(node.func)))
    assert [key for key in (*ALLOWED_OUTSIDE, *ALLOWED_ACROSS) if key not in calls] == []


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("def f(run):\n    run.save()\n", "an ORM write (.save) outside a services module"),
        ("def f(x):\n    x.delete()\n", "an ORM write (.delete) outside a services module"),
        ("Line.objects.create(run=run)\n", "an ORM write (.create) outside a services module"),
        ("Line.objects.bulk_create(lines)\n", "an ORM write (.bulk_create) outside a services module"),
        ("Line.objects.get_or_create(pk=1)\n", "an ORM write (.get_or_create) outside a services module"),
        (
            "Line.objects.filter(pk__in=ids).update(result='paid')\n",
            "an ORM write (queryset .update) outside a services module",
        ),
        ("run.lines.all().update(total=0)\n", "an ORM write (queryset .update) outside a services module"),
        (
            "def f(ids):\n    rows = Line.objects.filter(pk__in=ids)\n    rows.update(total=0)\n",
            "an ORM write (queryset .update) outside a services module",
        ),
        (
            "from dibao.core import audit\n\ndef f():\n    audit.record(actor=None)\n",
            "an audit entry outside a services module",
        ),
        (
            "from dibao.core.audit import record_many\nrecord_many([])\n",
            "an audit entry outside a services module",
        ),
        (
            "def f():\n    with connection.cursor() as cursor:\n        cursor.execute('DELETE FROM x')\n",
            "SQL through a cursor outside a services module",
        ),
    ],
)
def test_the_walk_finds_a_write_outside_services(source, why):
    (write,) = writes_in(source, "payroll/results.py")
    assert write.why == why and write.module == "payroll/results.py" and write.line == source.count("\n")
    assert writes_in(source, "payroll/services/results.py") == []
    assert writes_in(source, "payroll/services.py") == []


def test_the_walk_finds_a_service_writing_another_apps_model():
    source = (
        "from dibao.registry.models import Household\n"
        "from dibao.registry import models as registry\n"
        "from ..models import Entitlement\n"
        "\n"
        "def stop(ids):\n"
        "    Household.objects.filter(pk__in=ids).update(status='terminated')\n"
        "    registry.Member.objects.filter(household_id__in=ids).update(is_current=False)\n"
        "    Entitlement.objects.filter(household_id__in=ids).update(month_to=None)\n"
        "    Household.objects.filter(pk__in=ids).count()\n"
    )
    writes = writes_in(source, "benefits/services/stops.py")
    assert [(w.line, w.why) for w in writes] == [
        (6, "writes a model of registry: call registry's service"),
        (7, "writes a model of registry: call registry's service"),
    ]
    assert str(writes[0]).startswith(
        "benefits/services/stops.py:6 Household.objects.filter(pk__in=ids).update(…)"
    )
    assert writes_in(source, "registry/services/households.py") == []  # the owner writes its own


def test_the_walk_leaves_reads_and_other_updates_alone():
    source = (
        "def f(form, bar, task, ids):\n"
        "    context = {}\n"
        "    context.update(form=form)\n"
        "    seen = set()\n"
        "    seen.update(ids)\n"
        "    bar.update(task, completed=1)\n"
        "    rows = Line.objects.filter(pk__in=ids)\n"
        "    return rows.count(), Line.objects.get(pk=1), list(rows.values_list('pk'))\n"
    )
    assert writes_in(source, "payroll/views/files.py") == []
