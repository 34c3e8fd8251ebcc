"""What is recorded on a case from its page: materials (uploaded or seen), investigations, check
results, objections resolved; and a new application from the household's page."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dibao.cases import services
from dibao.cases.models import Application, CaseEvent, Material, State

from .page_support import case_url, english, form_errors, prefixed, refused
from .support import application, days_ago, standards

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_an_uploaded_material_is_stored_and_downloads_within_the_area(login, areas, users, media):
    app = application(areas, users, until="submit")
    client = login(users.haizhou)
    upload = SimpleUploadedFile("户口簿.pdf", b"%PDF-1.4 hukou", content_type="application/pdf")
    response = client.post(
        reverse("cases:material-add", args=[app.pk]),
        {"material-kind": "hukou", "material-file": upload, "material-note": "首页及本人页"},
    )
    assert response.status_code == 302 and response.url == case_url(app)
    material = Material.objects.get(application=app)
    assert material.kind == "hukou" and material.note == "首页及本人页" and not material.seen_on_paper
    assert (media / material.file.name).read_bytes() == b"%PDF-1.4 hukou"
    assert CaseEvent.objects.filter(application=app, action="material").exists()
    download = login(users.county).get(reverse("cases:material-file", args=[material.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 hukou"
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    outside = login(users.liubeiqiao).get(reverse("cases:material-file", args=[material.pk]))
    assert outside.status_code == 404


def test_a_material_seen_on_paper_needs_no_file(login, areas, users, media):
    app = application(areas, users, until="submit")
    response = login(users.haizhou).post(
        reverse("cases:material-add", args=[app.pk]),
        {"material-kind": "id_cards", "material-seen_on_paper": "on"},
    )
    assert response.status_code == 302
    assert Material.objects.get(application=app).seen_on_paper


def test_a_material_neither_uploaded_nor_seen_is_refused(login, areas, users, media):
    app = application(areas, users, until="submit")
    response = english(login(users.haizhou)).post(
        reverse("cases:material-add", args=[app.pk]), {"material-kind": "hukou"}
    )
    assert response.status_code == 200
    assert form_errors(response, "material") == ["Upload the file or mark it as seen on paper."]
    assert not Material.objects.exists()


def test_no_material_is_stored_on_a_closed_application(login, areas, users, media):
    app = application(areas, users, until="submit")
    services.transition(application=app, step="withdraw", actor=users.haizhou)
    upload = SimpleUploadedFile("a.pdf", b"%PDF", content_type="application/pdf")
    response = english(login(users.haizhou)).post(
        reverse("cases:material-add", args=[app.pk]), {"material-kind": "hukou", "material-file": upload}
    )
    assert form_errors(response, "material") == ["The application is closed."]
    assert refused(response) == ["The application is closed."]  # no form on a closed case: on top
    assert not Material.objects.exists() and not any(media.rglob("*.pdf"))


def test_an_auditor_adds_nothing(login, areas, users, media):
    app = application(areas, users, until="submit")
    url = reverse("cases:material-add", args=[app.pk])
    assert (
        login(users.auditor).post(url, {"material-kind": "hukou", "material-seen_on_paper": "on"}).status_code
        == 403
    )
    assert not Material.objects.exists()


def test_an_investigation_by_one_investigator_is_refused_beside_the_input(login, areas, users):
    app = application(areas, users, until="accept")
    response = english(login(users.haizhou)).post(
        reverse("cases:investigation-add", args=[app.pk]),
        prefixed("investigation", {"visited_on": days_ago(1).isoformat(), "investigators": "张明"}),
    )
    form = response.context["investigation_form"]
    assert form.errors["investigators"] == ["A home investigation is made by at least two investigators."]
    assert 'id="investigation-add"' in response.content.decode()
    assert not app.investigations.exists()


def test_a_check_result_for_a_member(login, areas, users):
    app = application(areas, users, until="accept")
    member = app.household.members.get(relation="self")
    response = login(users.county).post(
        reverse("cases:verification-add", args=[app.pk]),
        prefixed(
            "verification",
            {
                "member": member.pk,
                "kind": "asset",
                "description": "存款",
                "amount": "1200.50",
                "source": "银行",
            },
        ),
    )
    assert response.status_code == 302
    check = app.verifications.get()
    assert (check.member, check.amount, check.source) == (member, Decimal("1200.50"), "银行")
    page = login(users.haizhou).get(case_url(app)).content.decode()
    assert "存款" in page and "1200.50" in page


def test_a_check_result_needs_its_source(login, areas, users):
    app = application(areas, users, until="accept")
    response = english(login(users.county)).post(
        reverse("cases:verification-add", args=[app.pk]),
        prefixed("verification", {"kind": "vehicle", "description": "无车辆"}),
    )
    assert response.context["verification_form"].errors["source"] == ["This field is required."]
    assert not app.verifications.exists()


def test_an_objection_is_resolved_from_its_form(login, areas, users):
    app = application(areas, users, until="post_notice")
    services.transition(
        application=app, step="object", data={"raised_by": "邻居", "content": "家中有车"}, actor=users.haizhou
    )
    objection = app.objections.get()
    url = reverse("cases:objection-resolve", args=[app.pk, objection.pk])
    client = english(login(users.haizhou))
    response = client.post(
        url, prefixed(f"resolve-{objection.pk}", {"objection": objection.pk, "resolution": " "})
    )
    assert form_errors(response, f"resolve:{objection.pk}") == ["Write how the objection was resolved."]
    response = client.post(url, prefixed(f"resolve-{objection.pk}", {"resolution": "车辆已于2019年转让"}))
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.resolved_on and objection.resolution == "车辆已于2019年转让"
    other = application(areas, users, until="submit")
    assert client.post(reverse("cases:objection-resolve", args=[other.pk, objection.pk])).status_code == 404


# --- a new application ----------------------------------------------------------------------------


def test_a_new_application_from_the_household_page(login, areas, users):
    from tests.factories import make_household

    household = make_household(areas.haizhou, users.haizhou, head={"name": "刘备"})
    client = login(users.haizhou)
    page = client.get(reverse("registry:household-detail", args=[household.pk])).content.decode()
    url = f"{reverse('cases:application-create')}?household={household.pk}"
    assert url in page
    form = client.get(url).context["form"]
    assert form["applicant_name"].value() == "刘备"
    response = client.post(url, {"kind": "new", "applicant_name": "刘备", "reason": "失业，无收入"})
    app = Application.objects.get(household=household)
    assert response.status_code == 302 and response.url == case_url(app)
    assert (app.state, app.kind, app.reason) == (State.DRAFT, "new", "失业，无收入")


def test_a_second_application_in_progress_is_refused(login, areas, users):
    app = application(areas, users, until="submit")
    url = f"{reverse('cases:application-create')}?household={app.household.pk}"
    response = english(login(users.haizhou)).post(url, {"kind": "new", "applicant_name": "张三"})
    assert "already has an application in progress" in response.context["form"].non_field_errors()[0]
    assert Application.objects.count() == 1


def test_single_person_inclusion_names_its_member(login, areas, users):
    from tests.factories import make_household

    household = make_household(areas.haizhou, users.haizhou, members=1)
    member = household.members.exclude(relation="self").get()
    url = f"{reverse('cases:application-create')}?household={household.pk}"
    client = english(login(users.haizhou))
    response = client.post(url, {"kind": "single", "applicant_name": "张三"})
    assert response.context["form"].errors["single_member"] == ["Choose the member who applies alone."]
    client.post(url, {"kind": "single", "applicant_name": "张三", "single_member": member.pk})
    assert Application.objects.get(household=household).single_member == member


def test_a_new_application_is_only_for_a_household_of_the_area(login, areas, users):
    from tests.factories import make_household

    household = make_household(areas.haizhou, users.haizhou)
    url = reverse("cases:application-create")
    assert login(users.liubeiqiao).get(f"{url}?household={household.pk}").status_code == 404
    assert login(users.auditor).get(f"{url}?household={household.pk}").status_code == 403
    response = login(users.haizhou).get(url)
    assert response.status_code == 302 and response.url == reverse("registry:household-list")
