import io

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)

pytestmark = pytest.mark.django_db


def test_schema_endpoint_serves_valid_openapi_with_every_resource():
    response = api_as().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/households/"])
    assert {"get", "patch"} <= set(paths["/api/v1/households/{id}/"])
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/areas/",
        "/api/v1/areas/{code}/",
        "/api/v1/households/{id}/status/",
        "/api/v1/households/{id}/audit/",
        "/api/v1/members/{id}/reveal-id/",
        "/api/v1/incomes/{id}/",
        "/api/v1/assets/{id}/",
    ):
        assert path in paths
    search = {p["name"] for p in paths["/api/v1/households/"]["get"]["parameters"]}
    assert {"q", "area", "status", "urban_rural", "page"} <= search
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_schema_generates_without_warnings():
    out = io.StringIO()
    # --fail-on-warn turns any guess the generator had to make into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "/api/v1/households/" in yaml.safe_load(out.getvalue())["paths"]


def test_unknown_api_paths_are_json_404s():
    response = api_as().get(f"{API}/nothing-here/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
