"""What the tests of the application pages share: addresses, posting a step's form as the page
does (its prefix and the version the page showed), reading a page's form errors, English pages."""

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from dibao.cases.models import Application

NO_WEASYPRINT = ""
try:  # WeasyPrint needs Pango; without it the PDF downloads are skipped, the pages still tested
    import weasyprint  # noqa: F401
except OSError as exc:  # pragma: no cover - depends on the machine
    NO_WEASYPRINT = str(exc)

needs_pdf = pytest.mark.skipif(bool(NO_WEASYPRINT), reason=f"WeasyPrint cannot load Pango: {NO_WEASYPRINT}")


def case_url(app: Application) -> str:
    return reverse("cases:case-detail", args=[app.pk])


def step_url(app: Application, step: str) -> str:
    return reverse("cases:step", args=[app.pk, step])


def english(client: Any) -> Any:
    """Pages in English, so that tests can read the messages whatever the catalogues hold."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def prefixed(prefix: str, data: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}-{key}": value for key, value in data.items()}


def post_step(client: Any, app: Application, step: str, version: int | None = None, **data: Any) -> Any:
    """Post a step's form as the case page does: its prefix and the version the page showed."""
    fields = {"version": app.version if version is None else version, **data}
    return client.post(step_url(app, step), prefixed(step, fields))


def form_errors(response: Any, key: str) -> list[str]:
    """Every message of the case page's refused form `key` ("step:approve", "material" …)."""
    form = _bound(response, key)
    return [str(m) for messages in form.errors.values() for m in messages]


def _bound(response: Any, key: str) -> Any:
    context = response.context
    if key.startswith("step:"):
        for panel in context["steps"]:
            if f"step:{panel.step.name}" == key:
                return panel.form
        raise AssertionError(f"{key} is not shown; refused elsewhere: {context['refused']}")
    if key.startswith("resolve:"):
        for objection, form in context["objections"]:
            if f"resolve:{objection.pk}" == key:
                return form
    return context[f"{key}_form"]


def refused(response: Any) -> list[str]:
    """Messages of a refused step the page no longer offers, shown at the top."""
    return list(response.context["refused"])


def fresh(app: Application) -> Application:
    return Application.objects.select_related("household").get(pk=app.pk)
