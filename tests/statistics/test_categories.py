"""The county's household categories (人员类别): kept by the county, set on the household's form,
only of the household's own county."""

import pytest

from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.registry.models import Household, HouseholdCategory
from dibao.registry.services import household_category_create, household_update
from tests.factories import make_household


def test_the_county_keeps_its_list(areas, users):
    made = household_category_create(county=areas.county, name=" 农村居民 ", actor=users.county)
    assert made.name == "农村居民"
    with pytest.raises(DomainError):
        household_category_create(county=areas.county, name="农村居民", actor=users.county)
    with pytest.raises(NotFound):  # a street sees no county above it
        household_category_create(county=areas.county, name="其他", actor=users.street)
    with pytest.raises(Forbidden):
        household_category_create(county=areas.county, name="其他", actor=users.auditor)
    with pytest.raises(DomainError):
        household_category_create(county=areas.xinghaiwan, name="其他", actor=None)


def test_a_household_takes_one_of_its_countys(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    ours = HouseholdCategory.objects.create(county=areas.county, name="农村居民")
    household_update(household=household, data={"category": str(ours.pk)}, actor=users.haizhou)
    assert Household.objects.get(pk=household.pk).category == ours
    with pytest.raises(DomainError) as refused:
        household_update(household=household, data={"category": "999999"}, actor=users.haizhou)
    assert "category" in refused.value.errors
    household_update(household=household, data={"category": ""}, actor=users.haizhou)
    assert Household.objects.get(pk=household.pk).category is None


def test_the_household_form_offers_the_list(areas, users, login):
    household = make_household(areas.haizhou, users.haizhou)
    ours = HouseholdCategory.objects.create(county=areas.county, name="农村居民")
    client = login(users.haizhou)
    page = client.get(f"/households/{household.pk}/edit/")
    assert page.status_code == 200 and "农村居民" in page.content.decode()
    data = {
        "address": household.address,
        "urban_rural": household.urban_rural,
        "bank_name": household.bank_name,
        "bank_account": household.bank_account,
        "category": str(ours.pk),
    }
    answer = client.post(f"/households/{household.pk}/edit/", data)
    assert answer.status_code == 302, answer.context["form"].errors
    assert Household.objects.get(pk=household.pk).category_id == ours.pk
    assert "农村居民" in client.get(f"/households/{household.pk}/").content.decode()


def test_the_county_page_lists_and_adds(areas, users, login, django_assert_max_num_queries):
    HouseholdCategory.objects.create(county=areas.county, name="农村居民")
    client = login(users.county)
    with django_assert_max_num_queries(12):
        page = client.get("/households/categories/")
    assert page.status_code == 200 and "农村居民" in page.content.decode()
    assert client.post("/households/categories/", {"name": "市直企业下岗职工"}).status_code == 302
    twice = client.post("/households/categories/", {"name": "农村居民"})
    assert twice.status_code == 200 and twice.context["form"].errors
    assert HouseholdCategory.objects.filter(county=areas.county).count() == 2
    assert login(users.street).get("/households/categories/").status_code == 403


def test_a_rename_keeps_every_households_link(areas, users):
    from dibao.core.audit import AuditEntry
    from dibao.registry.services import household_category_rename

    old = household_category_create(county=areas.county, name="农村居民", actor=users.county)
    other = household_category_create(county=areas.county, name="市直企业下岗职工", actor=users.county)
    held = [make_household(areas.haizhou, users.haizhou, category=old) for _ in range(2)]
    renamed = household_category_rename(category=old, name=" 农村 居民户 ", actor=users.county)
    assert renamed.pk == old.pk and renamed.name == "农村 居民户"
    assert set(Household.objects.filter(category=old).values_list("pk", flat=True)) == {h.pk for h in held}
    entry = AuditEntry.objects.get(object_type="registry.householdcategory", action="update")
    assert (entry.before, entry.after) == ({"name": "农村居民"}, {"name": "农村 居民户"})
    with pytest.raises(DomainError) as refused:
        household_category_rename(category=old, name="市直企业下岗职工", actor=users.county)
    assert "name" in refused.value.errors
    with pytest.raises(DomainError):
        household_category_rename(category=other, name="  ", actor=users.county)
    with pytest.raises(Forbidden):
        household_category_rename(category=old, name="其他", actor=users.auditor)
    with pytest.raises(NotFound):
        household_category_rename(category=old, name="其他", actor=users.street)
    assert HouseholdCategory.objects.get(pk=old.pk).name == "农村 居民户"


def test_a_category_in_use_is_deleted_only_by_moving_its_households(areas, users):
    from dibao.core.audit import AuditEntry
    from dibao.registry.services import household_category_delete

    gone = household_category_create(county=areas.county, name="区直企业下岗职工及居民", actor=users.county)
    kept = household_category_create(county=areas.county, name="农村居民", actor=users.county)
    held = [make_household(areas.haizhou, users.haizhou, category=gone) for _ in range(3)]
    with pytest.raises(DomainError) as refused:
        household_category_delete(category=gone, actor=users.county)
    assert "3" in str(refused.value) and "move_to" in refused.value.errors
    with pytest.raises(DomainError):  # not onto itself
        household_category_delete(category=gone, move_to=gone, actor=users.county)
    with pytest.raises(Forbidden):
        household_category_delete(category=gone, move_to=kept, actor=users.auditor)
    assert HouseholdCategory.objects.filter(pk=gone.pk).exists()
    assert Household.objects.filter(category=gone).count() == 3
    assert household_category_delete(category=gone, move_to=kept, actor=users.county) == 3
    assert not HouseholdCategory.objects.filter(pk=gone.pk).exists()
    assert set(Household.objects.filter(category=kept).values_list("pk", flat=True)) == {h.pk for h in held}
    moves = AuditEntry.objects.filter(
        object_type="registry.household", action="update", after={"category": kept.pk}
    )
    assert sorted(moves.values_list("household_id", flat=True)) == sorted(h.pk for h in held)
    assert AuditEntry.objects.filter(object_type="registry.householdcategory", action="delete").count() == 1
    empty = household_category_create(county=areas.county, name="其他", actor=users.county)
    assert household_category_delete(category=empty, actor=users.county) == 0


def test_the_command_renames_and_deletes(areas, users):
    import io
    import json

    from django.core.management import CommandError, call_command

    def run(*args: str) -> list:  # type: ignore[type-arg]
        out = io.StringIO()
        call_command("household_categories", "--county", "210204", *args, "--json", stdout=out)
        return json.loads(out.getvalue())

    run("--add", "农村居民")
    run("--add", "其他居民")
    household = make_household(
        areas.haizhou, users.haizhou, category=HouseholdCategory.objects.get(name="农村居民")
    )
    assert [c["name"] for c in run("--rename", "农村居民", "农村低保户")] == ["其他居民", "农村低保户"]
    with pytest.raises(CommandError, match="1"):
        run("--delete", "农村低保户")
    with pytest.raises(CommandError, match="no category"):
        run("--delete", "不存在")
    with pytest.raises(CommandError, match="--move-to"):
        run("--move-to", "其他居民")
    with pytest.raises(CommandError):
        run("--delete", "农村低保户", "--move-to", "其他居民", "--as", "w_haizhou")
    listed = run("--delete", "农村低保户", "--move-to", "其他居民", "--as", "c_county")
    assert listed == [{"id": listed[0]["id"], "name": "其他居民", "households": 1}]
    assert Household.objects.get(pk=household.pk).category_id == listed[0]["id"]


def test_the_page_renames_and_deletes(areas, users, login):
    old = HouseholdCategory.objects.create(county=areas.county, name="农村居民")
    other = HouseholdCategory.objects.create(county=areas.county, name="其他")
    household = make_household(areas.haizhou, users.haizhou, category=old)
    client = login(users.county)
    page = client.get("/households/categories/").content.decode()
    assert 'id="category-rename"' in page and 'id="category-delete"' in page
    answer = client.post(
        "/households/categories/",
        {"action": "rename", "rename-category": old.pk, "rename-name": "农村低保户"},
    )
    assert answer.status_code == 302 and HouseholdCategory.objects.get(pk=old.pk).name == "农村低保户"
    refused = client.post("/households/categories/", {"action": "delete", "delete-category": old.pk})
    assert refused.status_code == 200 and "1户" in str(refused.context["delete"].errors)
    answer = client.post(
        "/households/categories/",
        {"action": "delete", "delete-category": old.pk, "delete-move_to": other.pk},
    )
    assert answer.status_code == 302 and not HouseholdCategory.objects.filter(pk=old.pk).exists()
    assert Household.objects.get(pk=household.pk).category_id == other.pk
    stranger = client.post("/households/categories/", {"action": "delete", "delete-category": "999999"})
    assert stranger.status_code == 200 and stranger.context["delete"].errors


def test_a_closed_months_snapshot_names_a_category_deleted_since(areas, users):
    from dibao.registry.services import household_category_delete
    from dibao.statistics.selectors import statistics
    from dibao.statistics.services import snapshot_write
    from tests.statistics.support import FEB, granted

    gone = household_category_create(county=areas.county, name="区直企业下岗职工及居民", actor=users.county)
    kept = household_category_create(county=areas.county, name="农村居民", actor=users.county)
    granted(areas.haizhou, users.county, "500", 2, "A", FEB, household={"category": gone})
    snapshot_write(county=areas.county, month=FEB, actor=users.county)
    household_category_delete(category=gone, move_to=kept, actor=users.county)
    labels = [row.keys[0].label for row in statistics(areas.county, FEB, by="category").rows]
    assert labels == ["已删除的类别"]  # the snapshot keeps February as it was written
