"""A service's refusal on the page: one message per reason for a button, 404 and 403 kept."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.form_errors import show_domain_messages, validation_error


def request_with_messages():  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_each_reason_of_a_refused_step_is_a_message_without_its_field_name():
    request = request_with_messages()
    show_domain_messages(
        request, DomainError(errors={"version": ["Seen an older version."], "__all__": ["Closed."]})
    )
    assert [str(m) for m in get_messages(request)] == ["Seen an older version.", "Closed."]


@pytest.mark.parametrize("refusal", [NotFound(), Forbidden()])
def test_refusals_of_area_and_role_stay_exceptions(refusal):
    request = request_with_messages()
    with pytest.raises(type(refusal)):
        show_domain_messages(request, refusal)
    assert list(get_messages(request)) == []


def test_a_core_readers_refusal_is_a_fields_validation_error():
    error = validation_error(DomainError("'2026-13' is not a month (YYYY-MM).", field="month"))
    assert error.messages == ["'2026-13' is not a month (YYYY-MM)."]
