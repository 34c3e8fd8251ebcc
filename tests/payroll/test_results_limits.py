"""Files made to exhaust the server, uploaded as the bank's results through the page and the API:
refused with the limit they break, in the results' refused shape, costing little memory and
changing nothing in the run."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from dibao.core.models import AuditEntry
from dibao.payroll.models import Adjustment, Line, Run, RunState
from tests.api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from tests.benefits.support import receiving
from tests.registry.roster.hostile_files import (
    OVERSIZED,
    SHAPES,
    SMALL_PEAK,
    TOO_LARGE,
    UPLOAD_LIMIT,
    Shape,
    bounded_memory,
)

from .filesupport import exported, standards

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(areas, users) -> Run:  # type: ignore[no-untyped-def]
    standards(areas)
    receiving(areas.haizhou, users.haizhou)
    receiving(areas.liubeiqiao, users.liubeiqiao, members=1)
    return exported(areas, users)


def unchanged(run: Run, audit: int) -> bool:
    return (
        Run.objects.get(pk=run.pk).state == RunState.EXPORTED
        and not Line.objects.filter(run=run).exclude(result="pending").exists()
        and not Adjustment.objects.exists()
        and AuditEntry.objects.count() == audit
    )


def page_post(client, run: Run, content: bytes, name: str):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with bounded_memory() as memory:
        response = client.post(
            reverse("payroll:run-results", args=[run.pk]), {"file": SimpleUploadedFile(name, content)}
        )
    assert memory.peak < SMALL_PEAK, memory.peak
    return response


def api_post(user, run: Run, content: bytes, name: str):  # type: ignore[no-untyped-def]
    client = api_as(user, language="en")
    with bounded_memory() as memory:
        response = client.post(
            f"{API}/payroll-runs/{run.pk}/results/",
            {"file": SimpleUploadedFile(name, content)},
            format="multipart",
        )
    assert memory.peak < SMALL_PEAK, memory.peak
    return response


@pytest.mark.parametrize("shape", [SHAPES[0], SHAPES[2]], ids=str)
def test_the_results_page_refuses_them_with_the_report(run, users, login, shape: Shape):
    audit = AuditEntry.objects.count()
    response = page_post(login(users.county), run, shape.make(), "结果.xlsx")
    assert response.status_code == 200
    assert "The file was refused: 1 error" in str(response.context["results_form"].errors["file"])
    assert shape.says in response.context["report"].errors[0].reason
    assert shape.says in response.content.decode()
    assert unchanged(run, audit)


@pytest.mark.parametrize("shape", [SHAPES[1], SHAPES[2]], ids=str)
def test_the_results_api_refuses_them_with_a_400_and_the_report(run, users, shape: Shape):
    audit = AuditEntry.objects.count()
    response = api_post(users.county, run, shape.make(), "结果.xlsx")
    assert response.status_code == 400, response.content[:500]
    body = response.json()
    assert body["code"] == "refused" and shape.says in body["detail"]
    assert body["report"]["outcome"] == "refused" and shape.says in body["report"]["errors"][0]["reason"]
    assert unchanged(run, audit)


@override_settings(**UPLOAD_LIMIT)
def test_an_upload_past_the_limit_is_refused_before_it_is_read(run, users, login):
    audit = AuditEntry.objects.count()
    page = page_post(login(users.county), run, OVERSIZED, "结果.csv")
    assert TOO_LARGE in page.content.decode()
    response = api_post(users.county, run, OVERSIZED, "结果.csv")
    assert response.status_code == 400 and TOO_LARGE in response.json()["detail"]
    assert unchanged(run, audit)
