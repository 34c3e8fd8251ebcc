"""A GET changes nothing. Every address of the site and of the API is asked for with GET — those
naming a row or an area with 海州's, as in `test_other_areas` — by each user who may see 海州's
rows, and the statements each request sends are read: none may write, except the audit entry
that records a read (an export or a print that carried data out; `core.disclosure`) and the
session the log-in keeps.

Taking a file that changes something (the bank file, which marks the run sent) is a POST, on the
page and in the API, so a link followed, a page prefetched or a request repeated cannot do it.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dibao.cases.services.found import found_recount
from dibao.core.models import AuditChainHead, AuditEntry

from ..api_support import api_as
from .test_other_areas import KEYWORD, _addresses, _haizhou, _routes

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|CREATE|DROP|ALTER|TRUNCATE)\b", re.IGNORECASE)
# Written by a GET on purpose: the record of a read (and the audit chain's head it moves), and the
# log-in's session.
MAY_WRITE = (AuditEntry._meta.db_table, AuditChainHead._meta.db_table, "django_session")
READ_RECORDS = {AuditEntry.Action.EXPORT, AuditEntry.Action.REVEAL}
# The health check asks a quiet worker for a sign of life: it queues a heartbeat task, which sweeps
# the earlier ones (core.worker_heartbeat); the desk queues the recount of a found list that is due
# (cases.tasks). The task queue is written by those addresses alone.
ALSO_MAY_WRITE = {
    "/health/": (DBTaskResult._meta.db_table,),
    "/": (DBTaskResult._meta.db_table,),
    "/api/v1/worklist/": (DBTaskResult._meta.db_table,),
}


def _every_address(ids: dict[str, object]) -> list[str]:
    plain = [
        "/" + route
        for route in _routes(get_resolver())
        if not KEYWORD.findall(route) and not set(route) & set("^$*()?[]")  # the API's catch-all
    ]
    return plain + [address for _route, address, _shared in _addresses(ids)]


def _writes(queries: CaptureQueriesContext, address: str = "") -> list[str]:
    allowed = (*MAY_WRITE, *ALSO_MAY_WRITE.get(address, ()))
    return [
        q["sql"]
        for q in queries.captured_queries
        if WRITE.match(q["sql"]) and not any(table in q["sql"] for table in allowed)
    ]


class UnprintedPdf:
    """WeasyPrint's place for this walk: the forms' templates are rendered, their PDF is not laid
    out (half a minute a form, and laying out writes nothing)."""

    def __init__(self, string: str) -> None:
        self.string = string

    def write_pdf(self) -> bytes:
        return b"%PDF-1.7\n"


def test_no_get_of_any_address_writes_anything_but_the_record_of_a_read(areas, users, client, monkeypatch):
    monkeypatch.setattr("weasyprint.HTML", UnprintedPdf)
    made = _haizhou(areas, users)
    # The found lists counted, as the nightly count leaves them: the immediate backend here would
    # run within the desk's GET the recount that the worker makes.
    found_recount(areas.county, timezone.localdate())
    addresses = _every_address(made.ids)
    assert len(addresses) > 150  # the walk reached the site and the API
    changed = []
    for user in (users.haizhou, users.street, users.county, users.auditor):
        client.force_login(user)
        api = api_as(user)
        for address in addresses:
            asker = api if address.startswith("/api/") else client
            entries = AuditEntry.objects.count()
            with CaptureQueriesContext(connection) as queries:
                response = asker.get(address)
                if response.streaming:
                    b"".join(response.streaming_content)
            writes = _writes(queries, address)
            recorded = AuditEntry.objects.order_by("id")[entries:]
            unlike_a_read = [e.action for e in recorded if e.action not in READ_RECORDS]
            if writes or unlike_a_read:
                changed.append(
                    f"{user.username}: GET {address} → {response.status_code} {writes} {unlike_a_read}"
                )
    assert changed == [], "\n".join(changed)


def test_the_walk_sees_a_write():
    """`_writes` is what finds a GET that writes: it must see an ordinary update."""

    class Captured:
        captured_queries = [
            {"sql": 'UPDATE "payroll_run" SET "state" = \'exported\' WHERE "id" = 1'},
            {"sql": 'SELECT "payroll_run"."id" FROM "payroll_run"'},
            {"sql": f'INSERT INTO "{AuditEntry._meta.db_table}" ("action") VALUES (\'export\')'},
            {"sql": 'SAVEPOINT "s1"'},
        ]

    assert _writes(Captured()) == [Captured.captured_queries[0]["sql"]]  # type: ignore[arg-type]
