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
