"""Under /api/ every error is JSON in the one shape, also those Django answers before DRF sees the
request (an unknown path, a CSRF refusal, an exception nothing caught), and OPTIONS answers."""

import json

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from dibao.core.api import exception_handler, fallbacks

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)

pytestmark = pytest.mark.django_db


def test_a_session_write_to_a_path_that_names_nothing_is_a_json_404_not_the_csrf_page(users):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(users.haizhou)
    for method in (client.delete, client.post, client.put):
        answer = method(f"{API}/incomes/not-an-id/")
        assert answer.status_code == 404
        assert answer["Content-Type"] == "application/json"
        assert answer.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("view", "status", "code"),
    [
        (lambda r: fallbacks.bad_request(r, Exception()), 400, "invalid"),
        (lambda r: fallbacks.permission_denied(r, Exception()), 403, "permission_denied"),
        (lambda r: fallbacks.page_not_found(r, Exception()), 404, "not_found"),
        (fallbacks.server_error, 500, "error"),
        (fallbacks.csrf_failure, 403, "csrf_failed"),
    ],
)
def test_djangos_own_error_answers_are_json_under_the_api_and_pages_elsewhere(view, status, code):
    api = view(RequestFactory().get(f"{API}/households/"))
    assert api.status_code == status and api["Content-Type"] == "application/json"
    body = json.loads(api.content)
    assert body["code"] == code and body["detail"] and body["errors"] == {}
    page = view(RequestFactory().get("/households/"))
    assert page.status_code == status and page["Content-Type"].startswith("text/html")


def test_options_describes_every_endpoint_instead_of_failing(users):
    client = api_as(users.county)
    for path in ("households/", "payroll-runs/1/approve/", "reviews/1/record/", "policy/simulate/", "rules/"):
        answer = client.options(f"{API}/{path}")
        assert answer.status_code == 200, path
        assert answer.json()["name"] and "application/json" in answer.json()["renders"]


def test_a_number_too_large_for_the_database_names_nothing(users):
    response = exception_handler(OverflowError("Python int too large to convert to SQLite INTEGER"), {})
    assert response is not None and response.status_code == 404
    assert response.data["code"] == "not_found"


def test_djangos_404_raised_inside_a_view_gains_the_error_shape(users):
    # An unknown `?format=` is Django's Http404 inside DRF's content negotiation.
    answer = api_as(users.county).get(f"{API}/reviews/change-report/?format=nothing")
    assert answer.status_code == 404
    assert set(answer.json()) == {"code", "detail", "errors"}
