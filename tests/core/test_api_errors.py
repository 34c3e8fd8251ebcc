"""The one shape of every API error, whichever layer refused the request."""

from rest_framework import exceptions

from dibao.core.api import exception_handler
from dibao.core.errors import DomainError, Forbidden, NotFound


def test_domain_errors_keep_their_fields_and_status():
    response = exception_handler(DomainError(errors={"head.id_number": ["bad"], "phone": ["worse"]}), {})
    assert response is not None and response.status_code == 400
    assert response.data == {
        "code": "invalid",
        "detail": "head.id_number: bad; phone: worse",
        "errors": {"head.id_number": ["bad"], "phone": ["worse"]},
    }
    assert exception_handler(NotFound("gone"), {}).status_code == 404  # type: ignore[union-attr]
    assert exception_handler(Forbidden("no"), {}).status_code == 403  # type: ignore[union-attr]


def test_nested_input_errors_are_named_with_dots_like_the_services_name_them():
    detail = {
        "non_field_errors": ["whole"],
        "head": {"id_number": ["bad"], "non_field_errors": ["head as a whole"]},
        "rows": [{}, {"amount": ["negative"]}],
    }
    response = exception_handler(exceptions.ValidationError(detail), {})
    assert response is not None and response.status_code == 400
    assert response.data["errors"] == {
        "__all__": ["whole"],
        "head.id_number": ["bad"],
        "head": ["head as a whole"],
        "rows.1.amount": ["negative"],
    }
    assert response.data["detail"] == "whole"


def test_other_refusals_gain_the_same_keys_and_keep_their_headers():
    response = exception_handler(exceptions.Throttled(wait=30), {})
    assert response is not None and response.status_code == 429
    assert response.data["code"] == "throttled" and response.data["errors"] == {}
    assert response.headers["Retry-After"] == "30"
