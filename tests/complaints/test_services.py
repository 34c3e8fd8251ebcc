"""Complaints through their services: deadlines on the working-day calendar, one extension with a
reason, nobody handling a complaint about themself, owners whose area covers the household, an
anonymous complaint keeping no identity, the result of a substantiated one, and the audit trail."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation

from dibao.complaints import services
from dibao.complaints.complainant import complainant_for
from dibao.complaints.models import Complaint, State
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.core.roles import Role
from dibao.reviews.models import Review
from dibao.workdays.calendar import working_days_between

from ..factories import UserFactory
from .support import D, receive, setting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched by their English words here (the pages test the Chinese)."""
    with translation.override("en"):
        yield


def test_the_accept_deadline_counts_working_days_over_a_weekend(areas, users):
    made = setting(areas, users)
    # Friday 6 March 2026: the 15 working days are the three weeks after it, weekends skipped.
    complaint = receive(users.haizhou, household=made.household, received_on="2026-03-06")
    assert complaint.accept_due_on == D(2026, 3, 27)
    assert complaint.due_on == complaint.accept_due_on
    assert complaint.state == State.RECEIVED and complaint.area == areas.haizhou


def test_the_deadlines_skip_the_national_holiday_and_count_its_make_up_saturday(areas, users):
    made = setting(areas, users)
    # Received the day before 国庆: 1–7 October rest, Saturday 10 October is worked.
    complaint = receive(users.haizhou, household=made.household, received_on="2026-09-30")
    assert complaint.accept_due_on == D(2026, 10, 27)  # by the weekend rule alone: 21 October
    accepted = services.complaint_accept(complaint=complaint, actor=users.street, today=D(2026, 9, 30))
    # 60 working days from 30 September: the holiday week is not counted, its Saturday is.
    assert accepted.handle_due_on == D(2026, 12, 29)
    assert accepted.due_on == accepted.handle_due_on


def test_the_limits_are_settings(areas, users, settings):
    made = setting(areas, users)
    settings.COMPLAINT_ACCEPT_WORKING_DAYS = 5
    complaint = receive(users.haizhou, household=made.household, received_on="2026-03-06")
    assert complaint.accept_due_on == D(2026, 3, 13)


def test_the_deadline_is_extended_once_with_a_reason(areas, users):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household, received_on="2026-03-06")
    complaint = services.complaint_accept(complaint=complaint, actor=users.street, today=D(2026, 3, 9))
    due = complaint.handle_due_on
    with pytest.raises(DomainError) as refused:
        services.complaint_extend(complaint=complaint, reason="  ", actor=users.street)
    assert "reason" in refused.value.errors
    with pytest.raises(Forbidden):  # a community worker does not extend
        services.complaint_extend(complaint=complaint, reason="需外调", actor=users.haizhou)
    extended = services.complaint_extend(complaint=complaint, reason="需向车管所外调", actor=users.street)
    assert extended.extended and extended.extension_reason == "需向车管所外调"
    assert due is not None and extended.handle_due_on is not None and extended.handle_due_on > due
    assert working_days_between(due, extended.handle_due_on) == 30
    with pytest.raises(DomainError, match="already been extended"):
        services.complaint_extend(complaint=extended, reason="再次延期", actor=users.county)
    assert Complaint.objects.get(pk=complaint.pk).handle_due_on == extended.handle_due_on


def test_a_complaint_not_yet_accepted_has_no_handling_deadline_to_extend(areas, users):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household)
    with pytest.raises(DomainError, match="being handled"):
        services.complaint_extend(complaint=complaint, reason="x", actor=users.street)


def test_nobody_handles_a_complaint_about_themself(areas, users):
    setting(areas, users)
    complaint = receive(users.county, subject_kind="worker", worker=users.haizhou, summary="态度恶劣")
    assert complaint.area == areas.haizhou
    # Given to the worker complained about: refused, whoever asks.
    with pytest.raises(DomainError) as refused:
        services.complaint_accept(complaint=complaint, owner=users.haizhou, actor=users.street)
    assert refused.value.code == "own_complaint" and "owner" in refused.value.errors
    assert Complaint.objects.get(pk=complaint.pk).state == State.RECEIVED
    # The worker does not act on it either, not even to add a note.
    for act in (
        lambda: services.note_add(complaint=complaint, text="我没有", actor=users.haizhou),
        lambda: services.complaint_investigate(complaint=complaint, actor=users.haizhou),
    ):
        with pytest.raises(Forbidden):
            act()
    # Nor may a street officer record or handle one about themself.
    with pytest.raises(Forbidden):
        receive(users.street, subject_kind="worker", worker=users.street)
    about_street = receive(users.county, subject_kind="worker", worker=users.street)
    with pytest.raises(Forbidden):
        services.complaint_accept(complaint=about_street, actor=users.street)
    # The database holds the same rule.
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(owner=users.haizhou)


def test_the_owner_s_area_must_cover_the_household(areas, users):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household)
    elsewhere = UserFactory.create(role=Role.COMMUNITY, area=areas.liubeiqiao)
    with pytest.raises(DomainError, match="works outside"):
        services.complaint_accept(complaint=complaint, owner=elsewhere, actor=users.county)
    auditor = users.auditor
    with pytest.raises(DomainError, match="handles cases"):
        services.complaint_accept(complaint=complaint, owner=auditor, actor=users.county)
    accepted = services.complaint_accept(complaint=complaint, owner=users.haizhou, actor=users.street)
    assert accepted.owner == users.haizhou and accepted.state == State.ACCEPTED


def test_another_area_cannot_receive_or_handle_it(areas, users):
    made = setting(areas, users)
    with pytest.raises(NotFound):
        receive(users.liubeiqiao, household=made.household)
    complaint = receive(users.haizhou, household=made.household)
    other_street = UserFactory.create(role=Role.STREET, area=areas.shiqiaopu)
    with pytest.raises(NotFound):
        services.complaint_accept(complaint=complaint, actor=other_street)


def test_an_anonymous_complaint_keeps_no_identity(areas, users):
    made = setting(areas, users)
    with pytest.raises(DomainError) as refused:
        receive(users.haizhou, household=made.household, data={"anonymous": True})
    assert "anonymous" in refused.value.errors
    complaint = receive(
        users.haizhou,
        household=made.household,
        complainant_name="",
        complainant_phone="",
        data={"anonymous": "on"},
    )
    assert complaint.anonymous and complaint.complainant_name == ""
    assert complainant_for(users.street, complaint).anonymous
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(complainant_name="李四")


def test_the_complainant_is_masked_for_all_but_those_who_answer(areas, users):
    made = setting(areas, users)
    complaint = receive(
        users.haizhou, household=made.household, data={"complainant_id_number": "11010519491231002X"}
    )
    for whole in (users.street, users.county):
        shown = complainant_for(whole, complaint)
        assert (shown.name, shown.phone) == ("张三丰", "13812345678")
        assert shown.id_number == "110105********002X"  # ID numbers are masked on every screen
    for masked in (users.haizhou, users.auditor):
        shown = complainant_for(masked, complaint)
        assert (shown.name, shown.phone) == ("张**", "138****5678")
    owned = services.complaint_accept(complaint=complaint, owner=users.haizhou, actor=users.street)
    assert complainant_for(users.haizhou, owned).name == "张三丰"
    # The trail keeps that there is a complainant, never who.
    entry = AuditEntry.objects.get(object_type="complaints.complaint", action="create")
    assert entry.after is not None and entry.after["complainant_known"] is True
    assert "张三丰" not in str(entry.after) and "13812345678" not in str(entry.after)


def test_bad_input_is_refused_field_by_field(areas, users):
    setting(areas, users)
    with pytest.raises(DomainError) as refused:
        services.complaint_receive(
            data={
                "channel": "fax",
                "kind": "",
                "received_on": "2999-01-01",
                "complainant_phone": "call me",
                "complainant_id_number": "123",
                "subject_kind": "household",
                "summary": "",
            },
            actor=users.haizhou,
        )
    assert set(refused.value.errors) >= {
        "channel",
        "kind",
        "received_on",
        "complainant_phone",
        "complainant_id_number",
        "household",
        "summary",
    }
    assert not Complaint.objects.exists()


def test_a_substantiated_complaint_opens_a_review_and_closes_with_it(areas, users):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household)
    complaint = services.complaint_accept(complaint=complaint, owner=users.haizhou, actor=users.street)
    complaint = services.complaint_investigate(complaint=complaint, actor=users.haizhou)
    note = services.note_add(
        complaint=complaint,
        text="入户核实",
        file=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff" + b"0" * 100),
        actor=users.haizhou,
    )
    assert note.file.name.startswith("complaints/")
    complaint = services.complaint_find(
        complaint=complaint, finding="substantiated", text="名下小型汽车一辆", actor=users.haizhou
    )
    with pytest.raises(DomainError, match="is known"):
        services.complaint_reply(complaint=complaint, method="none", text="x", actor=users.haizhou)
    complaint = services.complaint_reply(
        complaint=complaint, method="phone", text="已电话告知核查结果", actor=users.haizhou
    )
    assert complaint.state == State.REPLIED and complaint.due_on is None
    with pytest.raises(DomainError, match="closes with its result"):
        services.complaint_close(complaint=complaint, actor=users.street)
    complaint = services.complaint_open_review(complaint=complaint, actor=users.haizhou)
    review = Review.objects.get(household=made.household)
    assert complaint.resulting_review == review and review.kind == "change"
    with pytest.raises(DomainError, match="already opened"):
        services.complaint_open_review(complaint=complaint, actor=users.haizhou)
    with pytest.raises(Forbidden):  # the street or county closes
        services.complaint_close(complaint=complaint, actor=users.haizhou)
    closed = services.complaint_close(complaint=complaint, actor=users.street)
    assert closed.state == State.CLOSED
    actions = list(closed.events.values_list("action", flat=True))
    assert actions == ["receive", "accept", "investigate", "find", "reply", "review", "close"]
    # Every write left its audit entry: the complaint's and the note's.
    trail = AuditEntry.objects.filter(object_type__in=["complaints.complaint", "complaints.note"])
    assert trail.count() == 8


def test_an_unsubstantiated_complaint_closes_after_its_reply(areas, users):
    made = setting(areas, users)
    complaint = receive(
        users.haizhou,
        household=made.household,
        complainant_name="",
        complainant_phone="",
        data={"anonymous": True},
    )
    complaint = services.complaint_accept(complaint=complaint, owner=users.haizhou, actor=users.street)
    complaint = services.complaint_find(
        complaint=complaint, finding="unsubstantiated", text="无", actor=users.street
    )
    with pytest.raises(DomainError, match="Only a substantiated"):
        services.complaint_correct(complaint=complaint, text="x", actor=users.street)
    with pytest.raises(DomainError) as refused:
        services.complaint_reply(complaint=complaint, method="phone", text="x", actor=users.street)
    assert "reply_method" in refused.value.errors
    complaint = services.complaint_reply(
        complaint=complaint, method="none", text="核查不属实", actor=users.street
    )
    assert services.complaint_close(complaint=complaint, actor=users.county).state == State.CLOSED


def test_a_transferred_complaint_is_done_here(areas, users):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household)
    with pytest.raises(DomainError):
        services.complaint_transfer(complaint=complaint, to="", actor=users.street)
    moved = services.complaint_transfer(complaint=complaint, to="区医保局", actor=users.street)
    assert moved.state == State.TRANSFERRED and moved.due_on is None
    with pytest.raises(DomainError):
        services.complaint_accept(complaint=moved, actor=users.street)
    with pytest.raises(DomainError, match="no longer"):
        services.note_add(complaint=moved, text="x", actor=users.street)


def test_an_evidence_file_is_bounded(areas, users, settings):
    made = setting(areas, users)
    settings.COMPLAINT_EVIDENCE_MAX_BYTES = 1000
    complaint = receive(users.haizhou, household=made.household)
    with pytest.raises(DomainError) as refused:
        services.note_add(
            complaint=complaint, text="", file=SimpleUploadedFile("big.pdf", b"0" * 2000), actor=users.street
        )
    assert "1000 bytes" in str(refused.value) and "file" in refused.value.errors
    with pytest.raises(DomainError, match="Write the note"):
        services.note_add(complaint=complaint, text=" ", actor=users.street)


def test_a_stale_version_is_refused(areas, users):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household)
    with pytest.raises(DomainError, match="meanwhile"):
        services.complaint_accept(complaint=complaint, actor=users.street, version=complaint.version + 1)


def test_an_owner_replaced_meanwhile_no_longer_acts(areas, users):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household)
    seen = services.complaint_accept(complaint=complaint, owner=users.haizhou, actor=users.street)
    colleague = UserFactory.create(role=Role.COMMUNITY, area=areas.haizhou)
    services.complaint_assign(complaint=seen, owner=colleague, actor=users.street)
    with pytest.raises(Forbidden):  # the page the former owner had open still names them
        services.note_add(complaint=seen, text="入户", actor=users.haizhou)
    assert services.note_add(complaint=seen, text="入户", actor=colleague).text == "入户"
