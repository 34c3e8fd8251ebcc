"""The schema documents every status an operation answers and every value an answer may hold; and
the API refuses what the schema says it refuses (a page that is not a whole number, a number sent
for text)."""

import pytest

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def schema():  # type: ignore[no-untyped-def]
    return api_as().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def operations(schema):  # type: ignore[no-untyped-def]
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def test_every_operation_documents_the_common_errors_in_the_error_shape(schema):
    error = {"$ref": "#/components/schemas/Error"}
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"code", "detail", "errors"}
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        expected = {"400", "404"}
        if path != f"{API}/auth/token/":
            expected |= {"401", "403"}
        if method in ("post", "put", "patch"):
            expected.add("415")
        assert expected <= set(responses), (method, path)
        assert responses["404"]["content"]["application/json"]["schema"] == error, (method, path)
    assert "429" in schema["paths"][f"{API}/auth/token/"]["post"]["responses"]
    assert "429" not in schema["paths"][f"{API}/households/"]["get"]["responses"]


def test_steps_taken_against_a_version_document_the_conflict(schema):
    for path in ("applications/{id}/approve/", "reviews/{id}/record/", "reviews/{id}/cancel/"):
        assert "409" in schema["paths"][f"{API}/{path}"]["post"]["responses"], path
    assert "409" not in schema["paths"][f"{API}/households/"]["post"]["responses"]


def test_a_refused_import_has_its_report_only_when_the_file_was_read(schema):
    for name in ("RosterImportRefusedOutput", "RecipientImportRefusedOutput", "PayrollResultsRefusedOutput"):
        component = schema["components"]["schemas"][name]
        assert "report" in component["properties"] and "report" not in component["required"], name
    roster = schema["paths"][f"{API}/imports/roster/"]["post"]["responses"]["400"]
    assert roster["content"]["application/json"]["schema"]["$ref"].endswith("/RosterImportRefusedOutput")


def test_output_fields_are_nullable_or_blank_where_the_database_allows_it(schema):
    components = schema["components"]["schemas"]
    assert components["AreaOutput"]["properties"]["parent"]["nullable"] is True  # a county has none
    assert components["IncomeOutput"]["properties"]["member"]["nullable"] is True  # the whole household
    item = components["IncomeOutput"]["properties"]["item"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in item["oneOf"]  # no item named
    assert "nullable" not in components["AreaOutput"]["properties"]["code"]


def test_amounts_are_documented_as_the_string_answered_or_the_number_accepted(schema):
    amount = schema["components"]["schemas"]["IncomeOutput"]["properties"]["amount"]
    assert {"type": "string", "format": "decimal"} in amount["oneOf"]
    assert {"type": "number"} in amount["oneOf"]


def test_a_page_is_a_whole_number_from_one(schema, users):
    page = next(p for p in schema["paths"][f"{API}/households/"]["get"]["parameters"] if p["name"] == "page")
    assert page["schema"] == {"type": "integer", "minimum": 1}
    client = api_as(users.county)
    assert client.get(f"{API}/households/?page=1").status_code == 200
    for wrong in ("", "0", "-1", "x", "1.5", "last"):
        answer = client.get(f"{API}/households/", {"page": wrong})
        assert answer.status_code == 404, wrong
        assert answer.json()["code"] == "not_found"
    assert client.get(f"{API}/households/?page=1&page=1").status_code == 404


def test_a_number_sent_for_text_is_refused_as_the_schema_says(users):
    answer = api_as(users.admin).post(
        f"{API}/areas/",
        {"code": 210204001009, "name": "新社区", "level": "community", "parent": "210204001000"},
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"code": ["不是有效的字符串。"]}


def test_input_text_that_may_not_be_blank_says_so_and_answers_may_be_blank(schema):
    components = schema["components"]["schemas"]
    assert components["AreaInput"]["properties"]["code"]["minLength"] == 1
    assert "minLength" not in components["AreaInput"]["properties"]["name"]  # may be left blank
    # A row error of a refused file may have no column; a movement may have no note.
    assert "minLength" not in components["RowErrorOutput"]["properties"]["column"]
    assert "minLength" not in components["ChangeReportMovementOutput"]["properties"]["note"]
