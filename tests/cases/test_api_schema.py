"""The applications API is in the OpenAPI schema: every path, its input and output, named enums."""

import pytest

from dibao.cases import workflow

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)

pytestmark = pytest.mark.django_db


def test_every_applications_endpoint_is_in_the_schema():
    schema = api_as().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/applications/"])
    assert "get" in paths["/api/v1/applications/{id}/"]
    steps = set(workflow.STEPS) - {"post_notice"}  # posted through notices/
    for name in [*steps, "extend", "materials", "investigations", "verifications"]:
        operation = paths[f"/api/v1/applications/{{id}}/{name}/"]["post"]
        assert "requestBody" in operation, name
    for step in steps:
        parameters = paths[f"/api/v1/applications/{{id}}/{step}/"]["post"]["parameters"]
        assert "If-Match" in {p["name"] for p in parameters}
    assert (
        "multipart/form-data"
        in paths["/api/v1/applications/{id}/materials/"]["post"]["requestBody"]["content"]
    )
    for path in (
        "/api/v1/applications/due/",
        "/api/v1/objections/{id}/resolve/",
        "/api/v1/notices/",
        "/api/v1/panel-members/",
        "/api/v1/appraisal-meetings/",
        "/api/v1/close-relatives/",
    ):
        assert path in paths
    filters = {p["name"] for p in paths["/api/v1/applications/"]["get"]["parameters"]}
    assert {"state", "kind", "community", "due", "page"} <= filters
    components = schema["components"]["schemas"]
    for enum in ("ApplicationStateEnum", "ApplicationKindEnum", "MaterialKindEnum", "StepEnum"):
        assert components[enum]["enum"], enum
    assert set(components["StepEnum"]["enum"]) == set(workflow.STEPS)
    assert {"next_steps", "timeline", "materials", "version"} <= set(
        components["ApplicationDetailOutput"]["properties"]
    )
