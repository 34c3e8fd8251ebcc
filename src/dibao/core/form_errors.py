"""Showing a service's `DomainError` on the forms that collected its input.

Services name fields as the forms do (`address`, `id_number`); a service that takes two forms'
worth of input prefixes the second (`head.id_number`), and `forms_by_prefix` says which form that
is. A message for a field no form shows goes to the top of the main form, so nothing is lost.
"""

from collections.abc import Mapping

from django import forms

from .errors import NON_FIELD, DomainError, Forbidden, NotFound


def show_domain_errors(
    exc: DomainError, form: forms.BaseForm, forms_by_prefix: Mapping[str, forms.BaseForm] | None = None
) -> None:
    # Refusals are not input errors: they stay exceptions and become 404/403 (see page_access).
    if isinstance(exc, NotFound | Forbidden):
        raise exc
    for key, messages in exc.errors.items():
        target, field = form, key
        prefix, dot, rest = key.partition(".")
        if dot and forms_by_prefix and prefix in forms_by_prefix:
            target, field = forms_by_prefix[prefix], rest
        for message in messages:
            if field != NON_FIELD and field in target.fields:
                target.add_error(field, str(message))
            else:
                form.add_error(None, str(message))
