"""The pages around one community's board and panel: public notices, the appraisal panel and its
meetings, and the county's close-relative register."""

import pytest
from django.urls import reverse

from dibao.cases import services
from dibao.cases.models import AppraisalMeeting, CloseRelative, Notice, PanelMember, State
from dibao.policy.services import rules_set
from tests.factories import id_number

from .page_support import english, fresh, needs_pdf
from .support import application, days_ago, standards

pytestmark = pytest.mark.django_db

NOTICES = reverse("cases:notice-list")
NEW_NOTICE = reverse("cases:notice-create")
PANEL = reverse("cases:panel")
NEW_MEETING = reverse("cases:appraisal-create")
RELATIVES = reverse("cases:close-relatives")


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def offered(response) -> list[int]:
    return [int(value) for value, _label in response.context["form"].fields["applications"].choices]


# --- public notices ---------------------------------------------------------------------------------


def test_a_worker_posts_a_notice_for_checked_applications(login, areas, users):
    first = application(areas, users, until="investigate")
    second = application(areas, users, until="investigate")
    application(areas, users, until="accept")  # not ready: not offered
    client = login(users.haizhou)
    response = client.get(NEW_NOTICE, {"application": first.pk})
    assert offered(response) == [first.pk, second.pk]
    assert response.context["form"]["applications"].value() == [str(first.pk)]
    posted_on = days_ago(10)
    response = client.post(
        NEW_NOTICE, {"applications": [first.pk, second.pk], "posted_on": posted_on.isoformat()}
    )
    assert response.status_code == 302 and response.url == NOTICES
    notice = Notice.objects.get()
    assert set(notice.applications.all()) == {first, second} and notice.posted_on == posted_on
    assert not notice.mask_given_names  # the box was not checked
    assert fresh(first).state == State.UNDER_NOTICE
    listing = client.get(NOTICES)
    assert list(listing.context["notices"]) == [notice] and listing.context["notices"][0].size == 2


def test_a_notice_without_applications_is_refused(login, areas, users):
    application(areas, users, until="investigate")
    response = english(login(users.haizhou)).post(NEW_NOTICE, {"posted_on": days_ago(1).isoformat()})
    assert response.context["form"].errors["applications"] == ["Choose the applications to post."]
    assert not Notice.objects.exists()


def test_where_appraisal_is_required_only_appraised_applications_are_offered(login, areas, users):
    rules_set(area=areas.county, data={"valid_from": "2020-01", "appraisal_required": True}, actor=None)
    application(areas, users, until="investigate")
    assert offered(login(users.haizhou).get(NEW_NOTICE)) == []


def test_the_street_chooses_the_community_of_the_notice(login, areas, users):
    app = application(areas, users, until="investigate")
    client = login(users.street)
    response = client.get(NEW_NOTICE)
    assert response.context["form"] is None and response.context["choice"].form is not None
    url = f"{NEW_NOTICE}?community={areas.haizhou.code}"
    assert offered(client.get(url)) == [app.pk]
    response = client.post(url, {"applications": [app.pk], "posted_on": days_ago(1).isoformat()})
    assert response.status_code == 302 and Notice.objects.get().community == areas.haizhou
    assert client.get(f"{NEW_NOTICE}?community={areas.liubeiqiao.code}").status_code == 404


def test_notices_are_scoped_and_read_only_for_the_auditor(login, areas, users):
    application(areas, users, until="post_notice")
    assert list(login(users.liubeiqiao).get(NOTICES).context["notices"]) == []
    assert len(login(users.auditor).get(NOTICES).context["notices"]) == 1
    assert login(users.auditor).get(NEW_NOTICE).status_code == 403


@needs_pdf
def test_the_notice_poster_downloads_as_pdf(login, areas, users):
    application(areas, users, until="post_notice")
    notice = Notice.objects.get()
    url = reverse("cases:notice-poster", args=[notice.pk])
    response = login(users.haizhou).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "filename*=UTF-8''" in response["Content-Disposition"]
    assert login(users.liubeiqiao).get(url).status_code == 404


# --- the appraisal panel and its meetings --------------------------------------------------------


def add_panel(community, actor, names=("甲", "乙", "丙")):
    return [
        services.panel_member_add(
            community=community, data={"name": n, "term_from": "2020-01-01"}, actor=actor
        )
        for n in names
    ]


def test_a_worker_adds_panel_members_of_the_own_community(login, areas, users):
    client = english(login(users.haizhou))
    response = client.post(PANEL, {"name": "王大妈", "role": "居民代表", "term_from": "2024-01-01"})
    assert response.status_code == 302
    member = PanelMember.objects.get()
    assert (member.community, member.role) == (areas.haizhou, "居民代表")
    response = client.post(PANEL, {"name": "李", "term_from": "2024-01-01", "term_to": "2023-01-01"})
    assert response.context["form"].errors["term_to"] == ["The term cannot end before it begins."]
    assert PanelMember.objects.count() == 1


def test_the_panel_page_is_read_only_for_the_auditor(login, areas, users):
    add_panel(areas.haizhou, users.haizhou)
    client = login(users.auditor)
    response = client.get(PANEL, {"community": areas.haizhou.code})
    assert response.status_code == 200 and response.context["form"] is None
    assert len(response.context["members"]) == 3
    assert client.post(f"{PANEL}?community={areas.haizhou.code}", {"name": "x"}).status_code == 403
    assert client.get(PANEL, {"community": "999999999999"}).status_code == 404


def test_a_meeting_records_the_opinion_on_each_application(login, areas, users):
    panel = add_panel(areas.haizhou, users.haizhou)
    discussed = application(areas, users, until="investigate")
    skipped = application(areas, users, until="investigate")
    client = english(login(users.haizhou))
    form = client.get(NEW_MEETING)
    assert [row.application.pk for row in form.context["rows"]] == [discussed.pk, skipped.pk]
    data = {
        "held_on": days_ago(3).isoformat(),
        "present": [panel[0].pk],
        "minutes": "一致同意",
        f"app-{discussed.pk}-opinion": "agree",
        f"app-{discussed.pk}-votes_for": "2",
        f"app-{discussed.pk}-votes_against": "0",
        f"app-{skipped.pk}-opinion": "",
    }
    response = client.post(NEW_MEETING, data)
    assert "At least two thirds of the panel (2 of 3)" in response.context["form"].errors["present"][0]
    assert not AppraisalMeeting.objects.exists()
    response = client.post(NEW_MEETING, {**data, "present": [panel[0].pk, panel[1].pk]})
    assert response.status_code == 302 and response.url == PANEL
    meeting = AppraisalMeeting.objects.get()
    assert [o.application for o in meeting.opinions.all()] == [discussed]
    assert meeting.present.count() == 2
    services.transition(application=discussed, step="appraise", actor=users.haizhou)
    assert fresh(discussed).state == State.APPRAISED
    listing = client.get(PANEL)
    assert [(m.attendance, m.cases) for m in listing.context["meetings"]] == [(2, 1)]


def test_a_meeting_without_any_opinion_is_refused(login, areas, users):
    panel = add_panel(areas.haizhou, users.haizhou)
    response = english(login(users.haizhou)).post(
        NEW_MEETING, {"held_on": days_ago(1).isoformat(), "present": [p.pk for p in panel]}
    )
    assert "Record the opinion on at least one application." in response.context["form"].non_field_errors()


@needs_pdf
def test_the_minutes_download_as_pdf(login, areas, users):
    panel = add_panel(areas.haizhou, users.haizhou)
    app = application(areas, users, until="investigate")
    meeting = services.appraisal_record(
        community=areas.haizhou,
        held_on=days_ago(1),
        present=[p.pk for p in panel],
        minutes="同意",
        opinions=[{"application": app.pk, "opinion": "agree", "votes_for": 3, "votes_against": 0}],
        actor=users.haizhou,
    )
    url = reverse("cases:appraisal-minutes", args=[meeting.pk])
    response = login(users.street).get(url)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert login(users.liubeiqiao).get(url).status_code == 404


# --- the close-relative register ---------------------------------------------------------------


def filing_data(**overrides):
    return {
        "staff_name": "王主任",
        "staff_position": "社区主任",
        "relative_name": "王小二",
        "relative_id_number": id_number(),
        "relation": "sibling",
        **overrides,
    }


def test_the_county_files_a_close_relative_and_open_applications_are_flagged(login, areas, users):
    app = application(areas, users, until="submit")
    head = app.household.members.get(relation="self")
    client = login(users.county)
    response = client.post(RELATIVES, filing_data(relative_name=head.name, relative_id_number=head.id_number))
    assert response.status_code == 302
    assert CloseRelative.objects.get().relative_id_number == head.id_number
    assert fresh(app).close_relative
    page = client.get(RELATIVES).content.decode()
    assert "王主任" in page and head.id_number not in page  # the ID number is masked in the list


def test_a_wrong_id_number_is_shown_beside_its_input(login, areas, users):
    response = english(login(users.county)).post(RELATIVES, filing_data(relative_id_number="123"))
    assert response.context["form"].errors["relative_id_number"]
    assert not CloseRelative.objects.exists()


@pytest.mark.parametrize(("role", "status", "form"), [("street", 200, False), ("auditor", 200, False)])
def test_the_street_and_the_auditor_read_the_register(login, areas, users, role, status, form):
    services.close_relative_add(county=areas.county, data=filing_data(), actor=users.county)
    response = login(getattr(users, role)).get(RELATIVES)
    assert response.status_code == status and (response.context["form"] is not None) == form
    assert len(response.context["filings"]) == 1
    assert login(getattr(users, role)).post(RELATIVES, filing_data()).status_code == 403
    assert CloseRelative.objects.count() == 1


def test_the_community_worker_does_not_open_the_register(login, areas, users):
    assert login(users.haizhou).get(RELATIVES).status_code == 403
