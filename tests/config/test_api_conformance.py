"""The API keeps the promises of its OpenAPI schema, checked by schemathesis on every operation.

For each operation of /api/v1/schema/, as a county officer and as a community worker, requests
are generated from the schema — valid ones, and ones that break it — and sent in-process through
the WSGI application to a demo county with applications, reviews, a payroll run and a
recalculation in it. Every answer must be:

- no server error (`not_a_server_error`);
- a status the schema documents for the operation (`status_code_conformance`);
- a body the schema describes for that status (`response_schema_conformance`);
- a refusal (4xx) when the request breaks the schema (`negative_data_rejection`).

The run is bounded and deterministic (a fixed number of examples per operation, derandomized,
no example database, no shrinking), so it takes the same time and finds the same things on
every run, on SQLite and on PostgreSQL.
"""

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.benefits.models import Recalculation
from dibao.cases.models import Application, Notice, Objection
from dibao.core.months import next_month, this_month
from dibao.demo import county
from dibao.payroll import services as payroll
from dibao.payroll.models import Run
from dibao.policy.models import Rules, Standard
from dibao.policy.services import standard_set
from dibao.registry.models import Asset, Household, Income, Member
from dibao.reviews.models import Review
from dibao.reviews.services import review_open, review_record
from tests.benefits.support import receiving
from tests.cases.support import application

from .. import factories
from ..api_support import token_for

# Part of every run (`make test`, CI); `-m "not api_conformance"` leaves it out of a quick local one.
pytestmark = pytest.mark.api_conformance

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, negative_data_rejection]
# Examples per operation and role; the schema's own coverage cases (each required field missing,
# each enum value, each boundary) come on top of these.
EXAMPLES = 6


def _schema(*, coverage: bool) -> Any:
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    loaded.config.generation.update(max_examples=EXAMPLES, deterministic=True)
    loaded.config.phases.update(
        phases=["examples", "coverage", "fuzzing"] if coverage else ["examples", "fuzzing"]
    )
    return loaded


# The coverage phase (every required field left out, every enum value, every boundary, every
# method an operation does not have) depends on the schema, not on who asks: it runs once, as
# the county. The community worker's run is the generated examples alone, which keeps the whole
# module at about a minute of one core's time.
as_county = _schema(coverage=True)
as_community = _schema(coverage=False)

# The objects behind `{id}` in each path, by the path's first segment.
MODELS: dict[str, Any] = {
    "applications": Application,
    "assets": Asset,
    "households": Household,
    "incomes": Income,
    "members": Member,
    "notices": Notice,
    "objections": Objection,
    "payroll-runs": Run,
    "recalculations": Recalculation,
    "reviews": Review,
    "rules": Rules,
    "standards": Standard,
}


def _build_county() -> None:
    """The demo county, and one of each object the API reads and acts on beyond the register."""
    county.build(households=12, seed=11)
    get = User.objects.get
    users = SimpleNamespace(
        haizhou=get(username="haizhou"), street=get(username="street"), county=get(username="county")
    )
    areas = SimpleNamespace(
        haizhou=Area.objects.get(code="210204001001"), county=Area.objects.get(code="210204")
    )
    application(areas, users, until="draft")
    application(areas, users, until="post_notice")
    # A review still open (it has no notice yet) and one decided with a notice.
    review_open(household=receiving(areas.haizhou, users.haizhou).household, actor=users.haizhou)
    decided = review_open(household=receiving(areas.haizhou, users.haizhou).household, actor=users.haizhou)
    review_record(
        review=decided,
        actor=users.street,
        data={"outcome": "suspend", "stop_reason": "absent", "reason_text": "长期不在本地居住"},
    )
    payroll.run_draft(county=areas.county, month=this_month(), actor=users.county)
    standard_set(
        area=areas.county,
        data={"kind": "urban", "amount": "400", "valid_from": f"{next_month():%Y-%m}"},
        actor=users.county,
    )


@contextmanager
def _connection_kept_open() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, as a server should;
    here that connection holds the test's transaction. Django's test client keeps it open the
    same way, for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def county_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[SimpleNamespace]:
    """Built once for the whole module, in a transaction rolled back at its end; each test runs
    in a savepoint inside it (pytest-django's `db`), so what one test writes the next does not see."""
    with (
        _connection_kept_open(),
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        # The same people whichever tests ran before.
        patch.setattr(factories, "_sequence", itertools.count(1))
        _build_county()
        yield SimpleNamespace(
            tokens={
                "county": token_for(User.objects.get(username="county")),
                "community": token_for(User.objects.get(username="haizhou")),
            },
            ids={
                segment: sorted(model.objects.values_list("pk", flat=True))
                for segment, model in MODELS.items()
            },
        )
        transaction.set_rollback(True)


def _aim_at_real_objects(case: Any, ids: dict[str, list[int]]) -> None:
    """Half the generated ids (the even ones) are replaced by ids of real objects of the path's
    kind, so that operations act on something instead of answering 404 every time. Which one
    depends on the generated id only, so the run stays deterministic."""
    generated = case.path_parameters.get("id") if case.path_parameters else None
    real = ids.get(case.path.split("/")[3], [])
    if real and isinstance(generated, int) and not isinstance(generated, bool) and generated % 2 == 0:
        case.path_parameters["id"] = real[(generated // 2) % len(real)]


SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _call_and_validate(case: Any, data: SimpleNamespace, role: str) -> None:
    _aim_at_real_objects(case, data.ids)
    case.call_and_validate(
        headers={"Authorization": f"Token {data.tokens[role]}"},
        checks=CHECKS,
    )


@as_county.parametrize()
@SETTINGS
def test_every_operation_keeps_the_schema_for_the_county(
    case: Any, county_data: SimpleNamespace, db: None
) -> None:
    _call_and_validate(case, county_data, "county")


@as_community.parametrize()
@SETTINGS
def test_every_operation_keeps_the_schema_for_a_community(
    case: Any, county_data: SimpleNamespace, db: None
) -> None:
    _call_and_validate(case, county_data, "community")
