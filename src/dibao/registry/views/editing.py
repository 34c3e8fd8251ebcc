"""The shape every edit page of a household's records shares: a form that, on POST, hands its
values to a service; the service's messages go beside the inputs, success goes back to the household."""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from dibao.accounts.staff import StaffRequest
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.form_errors import show_domain_errors
from dibao.core.service_forms import ServiceForm

from ..models import Household

Data = TypeVar("Data", bound=Mapping[str, Any])


def form_page(
    request: StaffRequest,
    *,
    household: Household,
    form: ServiceForm[Data],
    title: Any,
    save: Callable[[Data], object],
    success: Callable[[], Any],
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.values())
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, success())
            return redirect("registry:household-detail", household.pk)
    return render(
        request, "registry/record_form.html", {"household": household, "form": form, "title": title}
    )


def delete_page(
    request: StaffRequest,
    *,
    household: Household,
    title: Any,
    description: Any,
    delete: Callable[[], object],
    success: Any,
) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        try:
            delete()
        except (NotFound, Forbidden):
            raise  # refusals become 404/403 (core.page_access), not messages on the page
        except DomainError as exc:
            errors = [message for field_messages in exc.messages().values() for message in field_messages]
        else:
            messages.success(request, success)
            return redirect("registry:household-detail", household.pk)
    context = {"household": household, "title": title, "description": description, "errors": errors}
    return render(request, "registry/confirm_delete.html", context, status=400 if errors else 200)
