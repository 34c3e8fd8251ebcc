import pytest
from django.urls import NoReverseMatch, reverse

from dibao.core import idnumbers
from dibao.core.models import AuditEntry
from dibao.registry import selectors, services
from dibao.registry.models import Household, Member

from ..factories import bad_check_digit
from .register_data import fresh_id_number, household_with_records, make_household

pytestmark = pytest.mark.django_db

LIST = reverse("registry:household-list")
CREATE = reverse("registry:household-create")


def listed(response):
    return [h.number for h in response.context["households"]]


def new_household(community, **head):
    return {
        "community": community.code,
        "address": "海州街8号2-1-1",
        "phone": "13900000000",
        "urban_rural": "urban",
        "bank_name": "",
        "bank_account": "",
        "head-name": head.get("name", "王五"),
        "head-id_number": head.get("id_number") or fresh_id_number(),
        "head-hukou": "urban",
        "head-disability_type": "",
        "head-disability_grade": "0",
        "head-health": "chronic",
        "head-labour_capacity": "partial",
        "head-employment": "unemployed",
        "head-phone": "",
        "head-notes": "",
    }


@pytest.mark.parametrize("role", ["haizhou", "street", "county", "auditor", "admin"])
def test_list_renders_for_every_role(login, users, areas, role):
    make_household(areas.haizhou, users.haizhou)
    response = login(getattr(users, role)).get(LIST)
    assert response.status_code == 200 and len(listed(response)) == 1


def test_list_shows_the_columns_with_the_id_masked(login, users, areas):
    household = make_household(areas.haizhou, users.haizhou, members=2, address="海州街1号")
    head = household.members.get(relation="self")
    page = login(users.county).get(LIST).content.decode()
    assert household.number in page and head.name in page and "海州街1号" in page and "海州社区" in page
    assert idnumbers.mask(head.id_number) in page and head.id_number not in page
    assert ">3<" in page  # the household's size


def test_list_is_scoped_to_the_users_area(login, users, areas):
    own = make_household(areas.haizhou, users.haizhou)
    other = make_household(areas.liubeiqiao, users.liubeiqiao)
    assert listed(login(users.haizhou).get(LIST)) == [own.number]
    assert listed(login(users.street).get(LIST)) == [own.number]
    assert listed(login(users.county).get(LIST)) == [own.number, other.number]
    # searching does not reach past the area either
    assert listed(login(users.haizhou).get(LIST, {"q": other.number})) == []


@pytest.mark.parametrize("query", ["zs", "zhangsan", "张三", "海州街1"])
def test_search_finds_by_pinyin_initials_name_and_address(login, users, areas, query):
    zhang = make_household(areas.haizhou, users.haizhou, address="海州街1号", head={"name": "张三"})
    make_household(areas.haizhou, users.haizhou, address="海源街9号", head={"name": "李四"})
    assert listed(login(users.haizhou).get(LIST, {"q": query})) == [zhang.number]


def test_search_by_id_tail_and_household_number(login, users, areas):
    zhang = make_household(areas.haizhou, users.haizhou, head={"name": "张三"})
    li = make_household(areas.haizhou, users.haizhou, head={"name": "李四"})
    client = login(users.haizhou)
    assert listed(client.get(LIST, {"q": zhang.members.get().id_number[-6:]})) == [zhang.number]
    assert listed(client.get(LIST, {"q": li.number})) == [li.number]


def test_a_hit_on_a_member_says_which_member_matched(login, users, areas):
    household = make_household(areas.haizhou, users.haizhou, members=2, head={"name": "王大山"})
    child = household.members.exclude(relation="self").order_by("id").first()
    Member.objects.filter(pk=child.pk).update(name="李小明")
    client = login(users.haizhou)
    response = client.get(LIST, {"q": "李小"})
    assert listed(response) == [household.number]
    [row] = response.context["households"]
    assert [m.name for m in row.matched] == ["李小明"]
    assert "李小明（" in response.content.decode()
    # A hit on the head names nobody else.
    [row] = client.get(LIST, {"q": "王大"}).context["households"]
    assert row.matched == []


def test_filters_by_area_status_and_urban_rural(login, users, areas):
    haizhou = make_household(areas.haizhou, users.haizhou, urban_rural="rural")
    haiyue = make_household(areas.haiyue, users.street)
    liubeiqiao = make_household(areas.liubeiqiao, users.liubeiqiao)
    services.household_status_record(household=haiyue, status="receiving", actor=users.street)
    client = login(users.county)
    assert listed(client.get(LIST, {"area": areas.xinghaiwan.code})) == [haizhou.number, haiyue.number]
    assert listed(client.get(LIST, {"area": areas.liubeiqiao.code})) == [liubeiqiao.number]
    assert listed(client.get(LIST, {"status": "receiving"})) == [haiyue.number]
    assert listed(client.get(LIST, {"urban_rural": "rural"})) == [haizhou.number]
    assert listed(client.get(LIST, {"urban_rural": "rural", "status": "receiving"})) == []


def test_area_filter_outside_the_users_area_is_not_found(login, users, areas):
    assert login(users.haizhou).get(LIST, {"area": areas.liubeiqiao.code}).status_code == 404
    assert login(users.street).get(LIST, {"area": areas.county.code}).status_code == 404


def test_list_pages_by_twenty(login, users, areas):
    for _ in range(23):
        make_household(areas.haizhou, users.haizhou)
    client = login(users.haizhou)
    first = client.get(LIST)
    assert len(listed(first)) == 20 and first.context["households"].paginator.count == 23
    assert len(listed(client.get(LIST, {"page": 2}))) == 3
    assert len(listed(client.get(LIST, {"page": "nonsense"}))) == 20


@pytest.mark.parametrize("count", [3, 25])
def test_list_runs_a_bounded_number_of_queries(login, users, areas, count, django_assert_max_num_queries):
    for _ in range(count):
        make_household(areas.haizhou, users.haizhou, members=2)
    client = login(users.county)
    # session, user, area, the areas of the filter, count, page, heads: whatever the page size
    with django_assert_max_num_queries(7):
        response = client.get(LIST, {"q": "", "status": ""})
    assert len(listed(response)) == min(count, 20)
    # A search first fetches its matching households' ids, and last the members it found.
    with django_assert_max_num_queries(9):
        client.get(LIST, {"q": "zs"})


# The list page stops at a bound (selectors.LIST_BOUND, 2,000): here 3, to need few households.
BOUND = 3


@pytest.fixture
def bound(monkeypatch):
    monkeypatch.setattr(selectors, "LIST_BOUND", BOUND)
    return BOUND


def numbers(*households):
    return sorted(h.number for h in households)


def test_past_the_bound_the_page_says_more_match_and_lists_the_bound_in_number_order(
    login, users, areas, bound
):
    everyone = [make_household(areas.haizhou, users.haizhou, head={"name": "张三"}) for _ in range(5)]
    client = login(users.haizhou)
    for query in ("zs", "zhangsan", "张三", ""):
        response = client.get(LIST, {"q": query})
        page = response.context["households"]
        assert response.context["more"] is True, query
        assert page.paginator.count == BOUND
        found = listed(response)
        assert len(found) == BOUND and found == sorted(found) and set(found) <= set(numbers(*everyone))
        text = response.content.decode()
        assert "符合条件的超过 3 户，按户编号列出其中 3 户" in text, query
        assert "共 3 户" not in text
    # Without a query the first by number are the first of all.
    assert listed(client.get(LIST)) == numbers(*everyone)[:BOUND]


def test_the_bounded_message_in_english(login, users, areas, bound):
    for _ in range(4):
        make_household(areas.haizhou, users.haizhou)
    response = login(users.haizhou).get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    assert "More than 3 households match; 3 of them are listed" in response.content.decode()


def test_within_the_bound_the_count_is_exact(login, users, areas, bound):
    matching = [make_household(areas.haizhou, users.haizhou, head={"name": "张三"}) for _ in range(3)]
    make_household(areas.haizhou, users.haizhou, head={"name": "李四"})
    response = login(users.haizhou).get(LIST, {"q": "zs"})
    assert response.context["more"] is False and response.context["households"].paginator.count == 3
    assert listed(response) == numbers(*matching)
    assert "共 3 户" in response.content.decode() and "超过" not in response.content.decode()


def test_a_household_found_through_several_members_is_counted_once(login, users, areas, bound):
    """Three households of three 李 each: nine member rows, more than the rows first fetched (twice
    the bound and one), yet three households, so the count is exact and there are no more."""
    households = [
        make_household(areas.haizhou, users.haizhou, members=2, head={"name": "李四"}) for _ in range(3)
    ]
    response = login(users.haizhou).get(LIST, {"q": "李"})
    assert response.context["more"] is False
    assert listed(response) == numbers(*households)


def test_pages_within_the_bound_and_past_it_the_last_page(login, users, areas, monkeypatch):
    monkeypatch.setattr(selectors, "LIST_BOUND", 45)
    everyone = [make_household(areas.haizhou, users.haizhou) for _ in range(47)]
    client = login(users.haizhou)
    first, second, third = (listed(client.get(LIST, {"page": n})) for n in (1, 2, 3))
    assert first + second + third == numbers(*everyone)[:45] and len(third) == 5
    assert listed(client.get(LIST, {"page": 99})) == third
    searched = [listed(client.get(LIST, {"q": "zs", "page": n})) for n in (1, 2, 3, 99)]
    assert (
        len(searched[0] + searched[1] + searched[2])
        == 45
        == len(set(searched[0] + searched[1] + searched[2]))
    )
    assert searched[3] == searched[2]


def test_the_bound_applies_within_the_users_area(login, users, areas, bound):
    """Other communities' matches are neither listed nor counted toward the bound."""
    own = [make_household(areas.haizhou, users.haizhou, head={"name": "张三"}) for _ in range(2)]
    others = [make_household(areas.liubeiqiao, users.liubeiqiao, head={"name": "张三"}) for _ in range(5)]
    for query in ("zs", "张三", "", "海州街", own[0].number[:10]):
        response = login(users.haizhou).get(LIST, {"q": query})
        assert response.context["more"] is False, query
        assert listed(response) == numbers(*own), query
    county = login(users.county).get(LIST, {"q": "zs", "area": areas.liubeiqiao.code})
    assert county.context["more"] is True and set(listed(county)) <= set(numbers(*others))
    assert login(users.county).get(LIST, {"q": "zs", "area": areas.haizhou.code}).context["more"] is False


def test_the_export_and_the_api_list_every_match_past_the_bound(users, areas, bound):
    """The export and the API read `household_list`, which is not bounded."""
    everyone = [make_household(areas.haizhou, users.haizhou, head={"name": "张三"}) for _ in range(5)]
    for query in ("zs", "张三", ""):
        listed_all = selectors.household_list(users.haizhou, selectors.HouseholdFilters(query=query))
        assert [h.number for h in listed_all] == numbers(*everyone), query


def test_a_broad_search_runs_a_bounded_number_of_queries(
    login, users, areas, bound, django_assert_max_num_queries
):
    for _ in range(6):
        make_household(areas.haizhou, users.haizhou, head={"name": "李四"})
    client = login(users.county)
    # session, user, area, the areas of the filter, the names' matches (the address is not read
    # once the names alone are more than the bound), the page, the heads, the members matched
    with django_assert_max_num_queries(8):
        response = client.get(LIST, {"q": "李"})
    assert response.context["more"] is True
    # session, user, area, the areas of the filter, the bounded count, the page, the heads
    with django_assert_max_num_queries(7):
        assert client.get(LIST).context["more"] is True


def test_list_posts_the_export_with_the_same_filters(login, users, areas):
    try:
        export = reverse("roster:export")
    except NoReverseMatch:
        pytest.skip("the roster export is not wired in this tree")
    page = login(users.haizhou).get(LIST, {"q": "zs", "status": "receiving", "page": "1"}).content.decode()
    form = page[page.index(f'action="{export}"') :]
    form = form[: form.index("</form>")]
    assert '<input type="hidden" name="q" value="zs">' in form
    assert '<input type="hidden" name="status" value="receiving">' in form
    assert 'name="format" value="xlsx"' in form and 'name="format" value="csv"' in form
    assert 'name="page"' not in form


def test_detail_shows_the_household_members_incomes_and_assets(login, users, areas):
    records = household_with_records(areas.haizhou, users.haizhou)
    response = login(users.haizhou).get(reverse("registry:household-detail", args=[records.household.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert records.household.number in page and "李四" in page and "1200.50" in page and "3000.00" in page
    assert records.spouse.id_number not in page and idnumbers.mask(records.spouse.id_number) in page
    assert reverse("registry:member-reveal-id", args=[records.spouse.pk]) in page
    assert reverse("registry:household-edit", args=[records.household.pk]) in page


def test_detail_hides_write_buttons_from_readers(login, users, areas):
    records = household_with_records(areas.haizhou, users.haizhou)
    url = reverse("registry:household-detail", args=[records.household.pk])
    auditor = login(users.auditor).get(url).content.decode()
    assert reverse("registry:household-edit", args=[records.household.pk]) not in auditor
    assert reverse("registry:member-edit", args=[records.spouse.pk]) not in auditor
    assert reverse("registry:income-delete", args=[records.income.pk]) not in auditor
    # the auditor may still reveal (audited); the admin may not
    assert reverse("registry:member-reveal-id", args=[records.spouse.pk]) in auditor
    admin = login(users.admin).get(url).content.decode()
    assert reverse("registry:member-reveal-id", args=[records.spouse.pk]) not in admin


def test_detail_runs_a_bounded_number_of_queries(login, users, areas, django_assert_max_num_queries):
    records = household_with_records(areas.haizhou, users.haizhou)
    client = login(users.haizhou)
    # session, user, area, household, members, incomes, assets, supporters, self-care assessments,
    # rigid spending and its twelve months' total; then the assessment panel: the facts (household,
    # members, incomes, assets), the policy (areas, standards, rules), and the entitlement in force
    # and its history — the same for any household (benefits.household_panel); then the programs
    # panel: what is held and applied for, their names, the community's terms of the categorical
    # programs and one query per program for what could be applied for (cases.household_panel);
    # then the services and jobs panel: the members' registrations and referrals (outreach); then
    # the labour panel: the county's rule, the obligation, exemptions, attendance and reminders;
    # then the case file panel: the archive number and the last printings (casefiles)
    with django_assert_max_num_queries(41):
        client.get(reverse("registry:household-detail", args=[records.household.pk]))


def test_create_household_with_its_head(login, users, areas):
    number = fresh_id_number()
    response = login(users.haizhou).post(CREATE, new_household(areas.haizhou, id_number=number))
    household = Household.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "registry:household-detail", args=[household.pk]
    )
    head = household.members.get()
    assert head.relation == "self" and head.id_number == number and head.health == "chronic"
    assert f"{head.birth_date:%Y%m%d}" == number[6:14]  # derived, never typed
    assert AuditEntry.objects.filter(household_id=household.pk, actor=users.haizhou).count() == 2


def test_create_with_a_bad_check_digit_shows_it_beside_the_input_and_writes_nothing(login, users, areas):
    response = login(users.haizhou).post(
        CREATE, new_household(areas.haizhou, id_number=bad_check_digit(fresh_id_number()))
    )
    assert response.status_code == 200
    head = response.context["head"]
    assert list(head.errors) == ["id_number"] and not response.context["form"].errors
    page = response.content.decode()
    field = page[page.index('id="id_head-id_number_field"') :]
    field = field[: field.index('<div class="field')]
    assert str(head.errors["id_number"][0]) in field  # the message sits with its input
    assert Household.objects.count() == 0 and Member.objects.count() == 0
    assert not AuditEntry.objects.filter(household_id__isnull=False).exists()


def test_create_shows_every_problem_at_once(login, users, areas):
    data = new_household(areas.haizhou, id_number="123")
    data.update({"address": "", "urban_rural": "", "bank_account": "622848000000"})
    response = login(users.haizhou).post(CREATE, data)
    assert set(response.context["form"].errors) == {"address", "urban_rural", "bank_name"}
    assert set(response.context["head"].errors) == {"id_number"}
    assert Household.objects.count() == 0


def test_create_in_a_community_out_of_reach_writes_nothing(login, users, areas):
    response = login(users.haizhou).post(CREATE, new_household(areas.liubeiqiao))
    assert "community" in response.context["form"].errors
    assert Household.objects.count() == 0


def test_create_form_offers_only_visible_communities(login, users, areas):
    choices = dict(login(users.street).get(CREATE).context["form"].fields["community"].choices)
    assert set(choices) - {""} == {"210204001001", "210204001002", "210204001003"}


def test_edit_household(login, users, areas):
    household = make_household(areas.haizhou, users.haizhou)
    url = reverse("registry:household-edit", args=[household.pk])
    client = login(users.street)
    assert client.get(url).context["form"].initial["address"] == household.address
    data = {"address": "海州街99号", "phone": "", "urban_rural": "rural", "bank_name": "", "bank_account": ""}
    assert client.post(url, data).status_code == 302
    household.refresh_from_db()
    assert (household.address, household.urban_rural, household.bank_account) == ("海州街99号", "rural", "")
    entry = AuditEntry.objects.get(household_id=household.pk, action="update")
    assert entry.actor == users.street and entry.after["address"] == "海州街99号"


def test_a_community_worker_edits_a_household_without_seeing_its_account(login, users, areas):
    """Accounts are whole on screen for those who pay (core.disclosure): the edit page keeps the
    stored one when its input is left empty, and a typed one replaces it."""
    household = make_household(
        areas.haizhou, users.haizhou, bank_name="中国农业银行", bank_account="6228481111222233334"
    )
    url = reverse("registry:household-edit", args=[household.pk])
    client = login(users.haizhou)
    page = client.get(url).content.decode()
    assert "6228481111222233334" not in page and "…3334" in page
    data = {"address": "海州街99号", "phone": "", "urban_rural": "urban", "bank_name": "中国农业银行"}
    assert client.post(url, {**data, "bank_account": ""}).status_code == 302
    household.refresh_from_db()
    assert (household.address, household.bank_account) == ("海州街99号", "6228481111222233334")
    # The bank's name and the kept account are still checked together.
    refused = client.post(url, {**data, "bank_name": "", "bank_account": ""})
    assert refused.status_code == 200 and "bank_name" in refused.context["form"].errors
    assert client.post(url, {**data, "bank_account": "6228485555666677778"}).status_code == 302
    household.refresh_from_db()
    assert household.bank_account == "6228485555666677778"


def test_edit_errors_show_and_nothing_changes(login, users, areas):
    household = make_household(areas.haizhou, users.haizhou)
    url = reverse("registry:household-edit", args=[household.pk])
    data = {"address": "海州街99号", "phone": "call me", "urban_rural": "urban"}
    response = login(users.haizhou).post(url, data)
    assert list(response.context["form"].errors) == ["phone"]
    household.refresh_from_db()
    assert household.address == "海州街12号1-2-1"


def test_change_status_with_a_reason(login, users, areas):
    household = make_household(areas.haizhou, users.haizhou)
    url = reverse("registry:household-status", args=[household.pk])
    client = login(users.haizhou)
    refused = client.post(url, {"status": "suspended", "note": "外出务工"})
    assert refused.status_code == 200 and "由申请或复核决定" in refused.content.decode()
    assert client.post(url, {"status": "terminated", "note": "迁出"}).status_code == 302
    household.refresh_from_db()
    assert household.status == "terminated"
    assert AuditEntry.objects.get(household_id=household.pk, action="update").note == "迁出"


def test_household_audit_trail_page(login, users, areas):
    records = household_with_records(areas.haizhou, users.haizhou)
    make_household(areas.haizhou, users.haizhou)  # its entries must not show here
    response = login(users.haizhou).get(reverse("registry:household-audit", args=[records.household.pk]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert {row.entry.household_id for row in rows} == {records.household.pk}
    assert {row.entry.object_type for row in rows} == {
        "registry.household",
        "registry.member",
        "registry.income",
        "registry.asset",
    }
    page = response.content.decode()
    assert records.head.id_number not in page and idnumbers.mask(records.head.id_number) in page
