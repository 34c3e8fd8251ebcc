"""What every form of the case page does with a POST: hand the values to a service; on success go
back to the case with a message, on a refusal show the case page again with the form's messages."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from dibao.accounts.staff import StaffRequest
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors

from .. import selectors
from ..models import Application
from .case import render_case


def post_on_case(
    request: StaffRequest,
    application: Application,
    *,
    key: str,
    form: forms.Form,
    save: Callable[[], Any],
    success: Callable[[], Any],
) -> HttpResponse:
    # A GET here comes from the language switch after a refused form: the case page is the page.
    if request.method != "POST":
        return redirect("cases:case-detail", application.pk)
    if form.is_valid():
        try:
            save()
        except DomainError as exc:
            show_domain_errors(exc, form)  # 404 and 403 stay exceptions (core.page_access)
        else:
            messages.success(request, success())
            return redirect("cases:case-detail", application.pk)
    # Read again: the refused write changed nothing, but someone else may have.
    fresh = selectors.application_get(request.user, application.pk)
    return render_case(request, fresh, {key: form})
