"""A payroll month lies in 1900–2100 wherever it is typed; run ids are bounded like every id."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from dibao.payroll.models import Run

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from .filesupport import standards

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def policy(areas):  # type: ignore[no-untyped-def]
    standards(areas)


@pytest.mark.parametrize("month", ["9999-12", "0000-01", "1899-12", ""])
def test_a_run_for_a_month_outside_the_years_is_refused(areas, users, month):
    client = api_as(users.county)
    drafted = client.post(f"{API}/payroll-runs/", {"county": "210204", "month": month})
    assert drafted.status_code == 400 and set(drafted.json()["errors"]) == {"month"}
    listed = client.get(f"{API}/payroll-runs/", {"month": month})
    assert listed.status_code == 400 and set(listed.json()["errors"]) == {"month"}
    assert not Run.objects.exists()


def test_the_command_refuses_it_too(areas):
    with pytest.raises(CommandError) as caught:
        call_command("payroll_run", "--county", "210204", "--month", "9999-12")
    assert "9999-12" in str(caught.value)
    assert not Run.objects.exists()


def test_the_page_refuses_it_beside_its_input(areas, users, login):
    response = login(users.county).post(reverse("payroll:run-draft"), {"month": "9999-12"})
    assert response.status_code == 200 and set(response.context["form"].errors) == {"month"}
    assert not Run.objects.exists()


def test_a_run_id_too_large_is_not_found(areas, users, login):
    huge = "99999999999999999999"
    assert api_as(users.county).get(f"{API}/payroll-runs/{huge}/").status_code == 404
    assert login(users.county).get(f"/payroll/{huge}/").status_code == 404


def test_a_commands_run_id_too_large_is_refused_before_any_query(areas, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command(
            "payroll_export",
            "--run",
            "99999999999999999999",
            "--format",
            "bank",
            "--out",
            str(tmp_path / "x"),
        )
    assert "--run" in str(caught.value) and "99999999999999999999" in str(caught.value)
