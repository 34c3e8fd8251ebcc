"""Files made to exhaust the server, sent to `POST imports/roster/` and `POST imports/recipients/`:
a 400 in the imports' refused shape naming the limit, never a 500, little memory, nothing written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from dibao.benefits.models import Entitlement
from dibao.registry.models import Household, Member, RosterImport
from tests.api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from tests.registry.roster.hostile_files import (
    OVERSIZED,
    SHAPES,
    SMALL_PEAK,
    TOO_LARGE,
    UPLOAD_LIMIT,
    Shape,
    bounded_memory,
)

pytestmark = pytest.mark.django_db
ROSTER = f"{API}/imports/roster/"
RECIPIENTS = f"{API}/imports/recipients/"


def nothing_written() -> bool:
    return not (Household.objects.exists() or Member.objects.exists() or Entitlement.objects.exists())


def post(user, url, content, name, language="en", **data):  # type: ignore[no-untyped-def]
    client = api_as(user, language=language)
    with bounded_memory() as memory:
        response = client.post(url, {"file": SimpleUploadedFile(name, content), **data}, format="multipart")
    assert memory.peak < SMALL_PEAK, memory.peak
    return response


def refusal(user, response):  # type: ignore[no-untyped-def]
    """The roster import runs as a job (202): its outcome, polled, is the refused import's report."""
    assert response.status_code == 202, response.content[:500]
    job = api_as(user).get(response["Location"]).json()
    assert job["state"] == "succeeded" and job["outcome"]["outcome"] == "refused"
    return job["outcome"]


def assert_refused(response, says: str, user) -> None:  # type: ignore[no-untyped-def]
    if response.status_code == 202:
        [error] = refusal(user, response)["errors"]
    else:
        assert response.status_code == 400, response.content[:500]
        body = response.json()
        assert body["code"] == "refused" and body["report"]["outcome"] == "refused"
        [error] = body["report"]["errors"]
        assert says in body["detail"] and body["errors"] == {"file": [body["detail"]]}
    assert error["row"] == 1 and says in error["reason"]
    assert RosterImport.objects.get().outcome == "refused"
    assert nothing_written()


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_the_roster_import_refuses_each_shape_naming_its_limit(areas, users, shape: Shape):
    content = shape.make()
    with override_settings(**shape.settings):
        response = post(users.haizhou, ROSTER, content, shape.filename, dry_run="true")
    assert_refused(response, shape.says, users.haizhou)


def test_the_refusal_is_in_chinese_unless_english_is_asked_for(areas, users):
    response = post(users.haizhou, ROSTER, SHAPES[1].make(), "花名册.xlsx", language=None)
    [error] = refusal(users.haizhou, response)["errors"]
    assert "超过 200 列的上限" in error["reason"]


@override_settings(**UPLOAD_LIMIT)
def test_an_upload_past_the_limit_is_refused_as_the_page_refuses_it(areas, users):
    response = post(users.haizhou, ROSTER, OVERSIZED, "花名册.xlsx")
    assert response.status_code == 400
    [message] = response.json()["errors"]["file"]
    assert TOO_LARGE in message
    assert not RosterImport.objects.exists() and nothing_written()


@pytest.mark.parametrize("shape", [SHAPES[1], SHAPES[2]], ids=str)
def test_the_recipients_import_refuses_them_too(areas, users, shape: Shape):
    assert_refused(post(users.county, RECIPIENTS, shape.make(), shape.filename), shape.says, users.county)


@override_settings(**UPLOAD_LIMIT)
def test_the_recipients_import_refuses_an_upload_past_the_limit(areas, users):
    response = post(users.county, RECIPIENTS, OVERSIZED, "名册.xlsx")
    assert response.status_code == 400 and TOO_LARGE in response.json()["errors"]["file"][0]
    assert not RosterImport.objects.exists() and nothing_written()
