"""Showing a service's `DomainError` on the page: on the forms that collected its input, or, for
a button without a form, as messages at the top of the page it returns to.

Services name fields as the forms do (`address`, `id_number`); a service that takes two forms'
worth of input prefixes the second (`head.id_number`), and `forms_by_prefix` says which form that
is. A message for a field no form shows goes to the top of the main form, so nothing is lost.
Refusals are not input errors: `NotFound` and `Forbidden` stay exceptions and become 404 and 403
(see page_access).
"""

from collections.abc import Mapping

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from .errors import NON_FIELD, DomainError, Forbidden, NotFound


def show_domain_errors(
    exc: DomainError, form: forms.BaseForm, forms_by_prefix: Mapping[str, forms.BaseForm] | None = None
) -> None:
    if isinstance(exc, NotFound | Forbidden):
        raise exc
    for key, field_messages in exc.errors.items():
        target, field = form, key
        prefix, dot, rest = key.partition(".")
        if dot and forms_by_prefix and prefix in forms_by_prefix:
            target, field = forms_by_prefix[prefix], rest
        for message in field_messages:
            if field != NON_FIELD and field in target.fields:
                target.add_error(field, str(message))
            else:
                form.add_error(None, str(message))


def show_domain_messages(request: HttpRequest, exc: DomainError) -> None:
    """A step refused by its service (nothing has changed) as one message per reason."""
    if isinstance(exc, NotFound | Forbidden):
        raise exc
    for field_messages in exc.messages().values():
        for message in field_messages:
            messages.error(request, message)


def validation_error(exc: DomainError) -> forms.ValidationError:
    """A core reader's refusal (a month, an amount) raised by a form field that reads input itself."""
    return forms.ValidationError([str(message) for messages in exc.errors.values() for message in messages])
