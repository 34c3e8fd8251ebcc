"""Files made to exhaust the server, uploaded through the roster and recipients pages: each is
refused with the limit it breaks, costs little memory, and writes nothing but the refused import's
record."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from dibao.benefits.models import Entitlement
from dibao.registry.models import Household, Member, RosterImport

from .hostile_files import OVERSIZED, SHAPES, SMALL_PEAK, TOO_LARGE, UPLOAD_LIMIT, Shape, bounded_memory

pytestmark = pytest.mark.django_db
ROSTER = reverse("roster:import")
RECIPIENTS = reverse("recipients:upload")


def nothing_written() -> bool:
    return not (Household.objects.exists() or Member.objects.exists() or Entitlement.objects.exists())


def post(client, url, content, name, language="en", **data):  # type: ignore[no-untyped-def]
    with bounded_memory() as memory:
        response = client.post(
            url, {"file": SimpleUploadedFile(name, content), **data}, HTTP_ACCEPT_LANGUAGE=language
        )
    assert memory.peak < SMALL_PEAK, memory.peak
    if response.status_code == 302 and response["Location"].startswith("/jobs/"):
        # The import's job (run at once by the tests' backend): its page sends on to the result.
        return client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language)
    return response


def refused_on_the_result_page(client, response, says: str) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.content.decode()[:500]
    record = RosterImport.objects.get()
    assert record.outcome == "refused" and record.households == 0
    [error] = record.errors
    assert says in error["reason"]
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert says in page.replace("&#x27;", "'")
    return page


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_the_roster_page_refuses_each_shape_naming_its_limit(areas, users, login, shape: Shape):
    client = login(users.haizhou)
    content = shape.make()
    with override_settings(**shape.settings):
        response = post(client, ROSTER, content, shape.filename, community=areas.haizhou.code, dry_run="on")
        refused_on_the_result_page(client, response, shape.says)
    assert nothing_written()


def test_the_roster_page_says_it_in_chinese(areas, users, login):
    client = login(users.haizhou)
    response = post(client, ROSTER, SHAPES[0].make(), "花名册.xlsx", "zh-hans", community=areas.haizhou.code)
    [error] = RosterImport.objects.get().errors
    assert "超过 1,000,000 行的上限" in error["reason"]
    assert "超过 1,000,000 行的上限" in client.get(response["Location"]).content.decode()


@override_settings(**UPLOAD_LIMIT)
def test_an_upload_past_the_limit_is_a_form_error_naming_it_and_nothing_is_recorded(areas, users, login):
    client = login(users.haizhou)
    response = post(client, ROSTER, OVERSIZED, "花名册.xlsx", community=areas.haizhou.code)
    assert response.status_code == 200
    assert TOO_LARGE in str(response.context["form"].errors["file"])
    assert "at most 10 KB" in response.content.decode()  # the form's help says the limit too
    assert not RosterImport.objects.exists() and nothing_written()


@pytest.mark.parametrize("shape", [SHAPES[0], SHAPES[2]], ids=str)
def test_the_recipients_page_refuses_them_too(areas, users, login, shape: Shape):
    client = login(users.county)
    response = post(client, RECIPIENTS, shape.make(), shape.filename, dry_run="on")
    assert response.status_code == 302
    record = RosterImport.objects.get()
    assert record.outcome == "refused" and shape.says in record.errors[0]["reason"]
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert shape.says in page
    assert nothing_written()


@override_settings(**UPLOAD_LIMIT)
def test_the_recipients_page_refuses_an_upload_past_the_limit(areas, users, login):
    response = post(login(users.county), RECIPIENTS, OVERSIZED, "名册.xlsx")
    assert response.status_code == 200 and TOO_LARGE in str(response.context["form"].errors["file"])
    assert not RosterImport.objects.exists() and nothing_written()
