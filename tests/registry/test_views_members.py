import pytest
from django.urls import reverse

from dibao.core import idnumbers
from dibao.core.models import AuditEntry
from dibao.registry.models import Member

from ..factories import bad_check_digit
from .register_data import fresh_id_number, household_with_records, make_household

pytestmark = pytest.mark.django_db


def member_form(**overrides):
    data = {
        "name": "王小明",
        "id_number": fresh_id_number(),
        "relation": "child",
        "hukou": "urban",
        "disability_type": "limb",
        "disability_grade": "2",
        "health": "healthy",
        "labour_capacity": "partial",
        "employment": "student",
        "phone": "",
        "notes": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def records(areas, users):
    return household_with_records(areas.haizhou, users.haizhou)


def test_add_member(login, users, records):
    url = reverse("registry:member-add", args=[records.household.pk])
    client = login(users.haizhou)
    assert client.get(url).status_code == 200
    response = client.post(url, member_form(id_number=fresh_id_number(male=False)))
    assert response.status_code == 302
    added = records.household.members.get(name="王小明")
    assert (added.sex, added.disability_type, added.disability_grade) == ("F", "limb", 2)
    assert AuditEntry.objects.filter(
        object_type="registry.member", object_id=str(added.pk), action="create"
    ).exists()


def test_add_member_errors_beside_their_inputs(login, users, records):
    url = reverse("registry:member-add", args=[records.household.pk])
    data = member_form(id_number=bad_check_digit(fresh_id_number()), disability_grade="0", phone="abc")
    response = login(users.haizhou).post(url, data)
    assert set(response.context["form"].errors) == {"id_number", "disability_grade", "phone"}
    assert records.household.members.count() == 2


def test_a_person_in_another_communitys_household_is_refused_without_naming_it(login, users, areas, records):
    taken = make_household(areas.liubeiqiao, users.liubeiqiao).members.get().id_number
    url = reverse("registry:member-add", args=[records.household.pk])
    response = login(users.haizhou).post(url, member_form(id_number=taken))
    [message] = response.context["form"].errors["id_number"]
    assert Member.objects.get(id_number=taken).household.number not in message
    assert records.household.members.count() == 2


def test_edit_member_keeps_the_id_number_when_left_empty(login, users, records):
    url = reverse("registry:member-edit", args=[records.spouse.pk])
    number = records.spouse.id_number
    client = login(users.haizhou)
    form_page = client.get(url).content.decode()
    assert number not in form_page  # editing is no way round the audited reveal
    assert idnumbers.mask(number) in form_page
    data = member_form(
        name="李四",
        relation="spouse",
        id_number="",
        employment="employed",
        labour_capacity="full",
        disability_type="",
        disability_grade="0",
    )
    assert client.post(url, data).status_code == 302
    records.spouse.refresh_from_db()
    assert records.spouse.employment == "employed" and records.spouse.id_number == number
    entry = AuditEntry.objects.filter(object_type="registry.member", action="update").get()
    assert entry.after == {"employment": "employed"}


def test_edit_member_replaces_a_typed_id_number(login, users, records):
    number = fresh_id_number()
    data = member_form(
        name="李四", relation="spouse", id_number=number, disability_type="", disability_grade="0"
    )
    assert (
        login(users.haizhou).post(reverse("registry:member-edit", args=[records.spouse.pk]), data).status_code
        == 302
    )
    records.spouse.refresh_from_db()
    assert records.spouse.id_number == number


def test_head_cannot_be_made_someone_else(login, users, records):
    data = member_form(
        name=records.head.name, relation="spouse", id_number="", disability_type="", disability_grade="0"
    )
    response = login(users.haizhou).post(reverse("registry:member-edit", args=[records.head.pk]), data)
    assert list(response.context["form"].errors) == ["relation"]
    records.head.refresh_from_db()
    assert records.head.relation == "self"


def test_remove_member_after_confirming(login, users, records):
    url = reverse("registry:member-remove", args=[records.spouse.pk])
    client = login(users.haizhou)
    assert client.get(url).status_code == 200 and Member.objects.filter(pk=records.spouse.pk).exists()
    assert client.post(url).status_code == 302
    assert not Member.objects.filter(pk=records.spouse.pk).exists()
    assert AuditEntry.objects.filter(object_type="registry.member", action="delete").count() == 1


def test_removing_the_head_is_refused_with_the_reason(login, users, records):
    response = login(users.haizhou).post(reverse("registry:member-remove", args=[records.head.pk]))
    assert response.status_code == 400 and response.context["errors"]
    assert Member.objects.filter(pk=records.head.pk).exists()


def test_reveal_shows_the_whole_number_and_is_audited(login, users, records):
    url = reverse("registry:member-reveal-id", args=[records.spouse.pk])
    client = login(users.auditor)
    assert client.get(url).status_code == 405
    response = client.post(url)
    page = response.content.decode()
    assert response.status_code == 200 and records.spouse.id_number in page
    assert records.head.id_number not in page  # only the one asked for
    entry = AuditEntry.objects.get(action="reveal")
    assert (entry.actor, entry.object_id, entry.household_id) == (
        users.auditor,
        str(records.spouse.pk),
        records.household.pk,
    )


def test_reveal_through_htmx_answers_the_number_alone(login, users, records):
    url = reverse("registry:member-reveal-id", args=[records.spouse.pk])
    response = login(users.haizhou).post(url, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert records.spouse.id_number in page and "<html" not in page
    assert AuditEntry.objects.filter(action="reveal").count() == 1


def test_admin_may_not_reveal(login, users, records):
    response = login(users.admin).post(reverse("registry:member-reveal-id", args=[records.spouse.pk]))
    assert response.status_code == 403
    assert records.spouse.id_number not in response.content.decode()
    assert not AuditEntry.objects.filter(action="reveal").exists()
