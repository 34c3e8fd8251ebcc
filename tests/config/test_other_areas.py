"""Every address of the site and of the API that names a row or an area, asked for one of the
海州 community's by users of other areas: not found every time, never its data, and nothing changed.

One object of each kind is made in 海州 through the services; each URL keyword is mapped to one of
them by the route it appears in. A route with a keyword this test cannot map fails it, so a new
address is covered without anyone remembering to add it here.
"""

import datetime
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from dibao.assistance.batches.services import batch_create
from dibao.assistance.holiday.services import holiday_campaign_create
from dibao.assistance.medical.services import claim_record
from dibao.assistance.medical.settlement import import_settlement
from dibao.assistance.services.grants import one_off_grant_record
from dibao.benefits.recipients.importer import import_recipients
from dibao.benefits.services import care_home_add, standard_change
from dibao.cases import services as case_services
from dibao.cases.models import Application, Material
from dibao.cases.services.spot_check_draws import spot_check_draw
from dibao.complaints import services as complaint_services
from dibao.core.models import AuditEntry
from dibao.core.roles import Role
from dibao.crosschecks.reading import SourceRow
from dibao.crosschecks.services import crosscheck_rows
from dibao.labour import services as labour
from dibao.labour.models import Reminder
from dibao.outreach import services as outreach
from dibao.outreach.models import Service as OutreachService
from dibao.payroll import services as payroll
from dibao.policy.models import Program
from dibao.policy.services import program_rules_set, rules_set
from dibao.registry.roster.importer import import_roster
from dibao.registry.roster.jobs import roster_import_start
from dibao.registry.services import asset_add, care_assessment_add, rigid_spending_add, supporter_add
from dibao.reviews.services import review_open

from ..api_support import api_as
from ..assistance.test_settlement_import import HEADER as SETTLEMENT_HEADER
from ..assistance.test_settlement_import import line as settlement_line
from ..benefits.recipients.recipients_files import family, recipients_csv
from ..benefits.support import receiving
from ..cases.support import application, days_ago, standards
from ..factories import UserFactory
from ..registry.roster.files import csv_bytes, row

pytestmark = pytest.mark.django_db

HEAD = "欧阳明月"  # the 海州 household's head: a name that appears nowhere else

# `pk` means the row of the route's own noun: the longest route prefix wins.
PK_BY_ROUTE = {
    "households/": "household",
    "households/members/": "member",
    "households/incomes/": "income",
    "households/assets/": "asset",
    "households/supporters/": "supporter",
    "households/care-assessments/": "care_assessment",
    "households/rigid-spending/": "rigid_spending",
    "roster/imports/": "roster_import",
    "roster/recipients/": "recipients_import",
    "benefits/recalculations/": "recalculation",
    "benefits/care-homes/": "care_home",
    "cases/": "application",
    "cases/materials/": "material",
    "cases/notices/": "notice",
    "cases/appraisal/": "meeting",
    "payroll/": "run",
    "reviews/": "review",
    "assistance/grants/": "grant",
    "assistance/temporary/": "application",
    "assistance/batches/": "batch",
    "api/v1/households/": "household",
    "api/v1/members/": "member",
    "api/v1/incomes/": "income",
    "api/v1/assets/": "asset",
    "api/v1/supporters/": "supporter",
    "api/v1/care-assessments/": "care_assessment",
    "api/v1/rigid-spending/": "rigid_spending",
    "api/v1/standards/": "standard",
    "api/v1/rules/": "rules",
    "api/v1/recalculations/": "recalculation",
    "api/v1/applications/": "application",
    "api/v1/objections/": "objection",
    "api/v1/notices/": "notice",
    "api/v1/payroll-runs/": "run",
    "api/v1/reviews/": "review",
    "api/v1/grants/": "grant",
    "api/v1/assistance/batches/": "batch",
    "api/v1/assistance/holiday-campaigns/": "holiday_campaign",
    "jobs/": "job",
    "assistance/holiday/recipients/": "holiday_recipient",
    "api/v1/jobs/": "job",
    "assistance/medical/": "medical_claim",
    "assistance/medical/settlements/": "settlement",
    "api/v1/medical/claims/": "medical_claim",
    "api/v1/medical/settlements/": "settlement",
    "labour/groups/": "labour_group",
    "labour/sessions/": "labour_session",
    "labour/reminders/": "labour_reminder",
    "labour/exemptions/": "labour_exemption",
    "api/v1/labour/sessions/": "labour_session",
    "crosschecks/flags/": "crosscheck_flag",
    "api/v1/crosschecks/flags/": "crosscheck_flag",
    "outreach/services/": "outreach_service",
    "outreach/entries/": "outreach_entry",
    "outreach/referrals/": "referral",
    "api/v1/outreach/services/": "outreach_service",
    "api/v1/outreach/entries/": "outreach_entry",
    "api/v1/outreach/referrals/": "referral",
    "casefiles/households/": "household",
    "cases/spot-checks/draws/": "spot_check_draw",
    "api/v1/spot-check-draws/": "spot_check_draw",
    "complaints/": "complaint",
    "complaints/notes/": "complaint_note",
    "api/v1/complaints/": "complaint",
}
# Keywords that name the same thing wherever they appear.
BY_KEYWORD = {
    "code": "area_code",
    "community": "community",
    "household_id": "household",
    "job_id": "job",
    "objection": "objection",
    "step": "step",
    "form": "form",
    "fmt": "fmt",
    "day": "day",
    "campaign": "holiday_campaign",
}
# Where a keyword names something else under one route: a program's code is not an area's.
BY_ROUTE_KEYWORD = {
    ("api/v1/programs/", "code"): "program",
    ("cases/spot-checks/draws/", "application"): "application",
}
# The county's payroll run is the county's, seen by each area of it for its own part: it may be
# answered, but with nothing of 海州 in it. A county's calendar day is not 海州's at all, nor is a
# program of the national catalogue, nor a care home, which the county keeps for all its areas.
# A county's holiday campaign is seen by every area of it, each for its own recipients, and so is
# the county's list of services a community registers people for.
SHARED = {"run", "day", "program", "care_home", "holiday_campaign", "outreach_service"}


def _routes(resolver: URLResolver, prefix: str = "") -> Any:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


KEYWORD = re.compile(r"<(?:\w+:)?(\w+)>")


def _object_of(route: str, keyword: str) -> str | None:
    for (prefix, name), kind in BY_ROUTE_KEYWORD.items():
        if route.startswith(prefix) and keyword == name:
            return kind
    if keyword != "pk":
        return BY_KEYWORD.get(keyword)
    prefixes = [p for p in PK_BY_ROUTE if route.startswith(p)]
    return PK_BY_ROUTE[max(prefixes, key=len)] if prefixes else None


def _haizhou(areas, users) -> SimpleNamespace:
    """One of everything in 海州, written by the services as the community, street and county would."""
    standards(areas)
    worker, county = users.haizhou, users.county
    entitlement = receiving(areas.haizhou, worker, head={"name": HEAD}, members=1)
    household = entitlement.household
    member = household.members.exclude(relation="self").first()
    income = household.incomes.first()
    asset = asset_add(
        household=household,
        data={"kind": "vehicle", "description": "小轿车", "value": "30000", "member": ""},
        actor=worker,
    )
    head = household.members.get(relation="self")
    supporter = supporter_add(
        household=household,
        data={
            "member": head.pk,
            "name": "欧阳长子",
            "id_number": member.id_number,
            "relation": "child",
            "able": True,
        },
        actor=worker,
    )
    assessment = care_assessment_add(
        household=household,
        data={"member": head.pk, "assessed_on": "2026-01-05", "failed": ["bathing"], "assessor": "社区"},
        actor=worker,
    )
    spending = rigid_spending_add(
        household=household, data={"kind": "medical", "amount": "800", "spent_on": "2026-01-05"}, actor=worker
    )
    app = application(areas, users, until="post_notice", head={"name": HEAD})
    case_services.transition(
        application=app, step="object", data={"raised_by": "邻居", "content": "家中有车"}, actor=worker
    )
    panel = [
        case_services.panel_member_add(
            community=areas.haizhou, data={"name": name, "term_from": "2020-01-01"}, actor=worker
        )
        for name in ("赵评议", "钱评议")
    ]
    pending = application(areas, users, until="investigate")
    meeting = case_services.appraisal_record(
        community=areas.haizhou,
        held_on=days_ago(3),
        present=[p.pk for p in panel],
        minutes="一致同意",
        opinions=[{"application": pending.pk, "opinion": "agree", "votes_for": 2, "votes_against": 0}],
        actor=worker,
    )
    standard, recalculation = standard_change(
        area=areas.haizhou, data={"kind": "urban", "amount": "900", "valid_from": "2026-02"}, actor=county
    )
    assert recalculation is not None
    rules = rules_set(area=areas.haizhou, data={"valid_from": "2026-02"}, actor=county)
    care_home = care_home_add(
        county=areas.county,
        data={"name": "区社会福利中心", "bank_name": "中国农业银行", "bank_account": "6228480000000001"},
        actor=county,
    )
    run = payroll.run_draft(county=areas.county, month=datetime.date(2026, 1, 1), actor=county)
    roster_import = import_roster(
        filename="again.csv",
        content=csv_bytes([row(head.id_number, head.name, head.id_number)]),
        area=areas.haizhou,
        actor=worker,
    ).record
    recipients = import_recipients(
        filename="名册.csv",
        content=recipients_csv(family()[1]),
        county=areas.county,
        actor=county,
        today=datetime.date(2026, 11, 15),
    ).record
    # A dry run of the same roster as a job the community worker started: a job is its starter's.
    job = roster_import_start(
        filename="again.csv",
        content=csv_bytes([row(head.id_number, head.name, head.id_number)]),
        area=areas.haizhou,
        actor=worker,
        dry_run=True,
    )
    holiday = holiday_campaign_create(
        area=areas.county,
        data={
            "name": "春节慰问",
            "held_on": "2026-02-10",
            "criteria": "dibao",
            "items": [{"kind": "cash", "unit_value": "200"}],
        },
        actor=county,
    )
    claim = claim_record(
        data={
            "id_number": head.id_number,
            "hospital": "大连市中心医院",
            "admitted_on": "2026-01-10",
            "discharged_on": "2026-01-12",
            "kind": "inpatient",
            "total_cost": "3000",
            "insurance_paid": "1500",
            "in_policy_cost": "1000",
        },
        actor=worker,
    )
    settlement = import_settlement(
        county=areas.county,
        month=datetime.date(2026, 1, 1),
        file_name="结算.csv",
        content=(SETTLEMENT_HEADER + settlement_line(head.id_number, "700", name=HEAD)).encode("gb18030"),
        actor=county,
    )
    # The county pays 临时救助 in batches of its own: the grant below goes into one.
    program_rules_set(
        area=areas.county,
        program=Program.objects.get(code="temporary"),
        data={"valid_from": "2025-01", "terms": {"paid_in": "batch"}},
        actor=None,
    )
    grant = one_off_grant_record(
        program="temporary",
        household=household,
        member=None,
        amount="720",
        kind="emergency",
        category="fire",
        reason="失火",
        decided_on=days_ago(1),
        actor=worker,
    )
    outreach.services_seed(county=areas.county, actor=county)
    card = OutreachService.objects.get(county=areas.county, code="senior_card")
    entry = outreach.entry_register(service=card, member=head, data={}, actor=worker)
    referral = outreach.referral_record(
        member=head, data={"kind": "job_fair", "employer": "区人才市场招聘会"}, actor=worker
    )
    labour_ids = _labour(areas, worker, head)
    flagged = crosscheck_rows(
        county=areas.county,
        kind="public_servant",
        file_name="公务员.csv",
        rows=[SourceRow(row=2, id_number=head.id_number, label="区财政局")],
        actor=county,
    )
    complaint = complaint_services.complaint_receive(
        data={"channel": "phone", "kind": "report", "subject_kind": "household", "summary": "未申报车辆"},
        household=household,
        actor=worker,
    )
    complaint_note = complaint_services.note_add(complaint=complaint, text="入户核实", actor=county)
    batch = batch_create(county=areas.county, program="temporary", actor=county)
    # The county's random spot-check draw over a decision of 海州's (its page names the applicant).
    decided = application(areas, users, until="submit", head={"name": HEAD})
    today = datetime.date.today()
    Application.objects.filter(pk=decided.pk).update(state="approved", decided_on=today, decided_by=county)
    draw = spot_check_draw(
        county=areas.county,
        program="dibao",
        month_from=today,
        month_to=today,
        share="1",
        actor=county,
    )
    return SimpleNamespace(
        ids={
            **labour_ids,
            "crosscheck_flag": flagged.flags[0].pk,
            "batch": batch.pk,
            "spot_check_draw": draw.pk,
            "complaint": complaint.pk,
            "complaint_note": complaint_note.pk,
            "outreach_service": card.pk,
            "outreach_entry": entry.pk,
            "referral": referral.pk,
            "holiday_campaign": holiday.pk,
            "holiday_recipient": holiday.recipients.get(household=household).pk,
            "medical_claim": claim.pk,
            "settlement": settlement.pk,
            "grant": grant.pk,
            "household": household.pk,
            "job": job.pk,
            "member": member.pk,
            "income": income.pk,
            "asset": asset.pk,
            "supporter": supporter.pk,
            "care_assessment": assessment.pk,
            "rigid_spending": spending.pk,
            "application": app.pk,
            "objection": app.objections.get().pk,
            "material": Material.objects.filter(application=app).first().pk,  # type: ignore[union-attr]
            "notice": app.notices.get().pk,
            "meeting": meeting.pk,
            "review": review_open(household=household, actor=worker).pk,
            "standard": standard.pk,
            "rules": rules.pk,
            "recalculation": recalculation.pk,
            "care_home": care_home.pk,
            "run": run.pk,
            "roster_import": roster_import.pk,
            "recipients_import": recipients.pk,
            "community": areas.haizhou.pk,
            "area_code": areas.haizhou.code,
            "program": "extreme_poverty",
            "step": "submit",
            "form": "application",
            "fmt": "csv",
            "day": "2026-10-01",
        },
        # What would show that 海州's records were answered.
        marks=[household.number, HEAD, head.id_number[-4:] + "</"],
    )


def _labour(areas, worker, head) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A labour group of 海州 with the head in it, a session they missed twice, the reminder the
    check sent, and an exemption recorded by hand for another member."""
    group = labour.group_create(community=areas.haizhou, data={"name": "海州一组"}, actor=worker)
    labour.group_member_add(group=group, member=head, actor=worker)
    day = days_ago(1).isoformat()
    sessions = [
        session
        for starts, ends in (("09:00", "10:00"), ("14:00", "15:00"))
        for session in labour.sessions_schedule(
            group=group,
            data={
                "weekdays": "0,1,2,3,4,5,6",
                "date_from": day,
                "date_to": day,
                "starts_at": starts,
                "ends_at": ends,
                "working_days_only": "0",
            },
            actor=worker,
        )
    ]
    for session in sessions:
        labour.attendance_sign_list(session=session, present=[], actor=worker)
    labour.labour_check(area=areas.haizhou, month=sessions[0].date, actor=worker)
    other = head.household.members.exclude(pk=head.pk).first()
    exemption = labour.exemption_add(
        member=other, data={"reason": "care", "note": "照料", "month_from": "2026-01"}, actor=worker
    )
    return {
        "labour_group": group.pk,
        "labour_session": sessions[0].pk,
        "labour_reminder": Reminder.objects.get(member=head).pk,
        "labour_exemption": exemption.pk,
    }


def _addresses(ids: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(route, address, shared) for every route with a keyword; the unmapped ones fail here."""
    found, unmapped = [], []
    for route in _routes(get_resolver()):
        keywords = KEYWORD.findall(route)
        if not keywords:
            continue
        kinds = {k: _object_of(route, k) for k in keywords}
        if None in kinds.values():
            unmapped.append(route)
            continue
        address = route
        for keyword, kind in kinds.items():
            address = re.sub(rf"<(?:\w+:)?{keyword}>", str(ids[kind]), address)
        found.append((route, "/" + address, bool(SHARED & set(kinds.values()))))
    assert unmapped == [], "routes whose keywords this test cannot map to an object of 海州"
    return found


def _others(areas) -> dict[str, Any]:
    make = UserFactory.create
    return {
        "another community of the street": make(role=Role.COMMUNITY, area=areas.haiyue),
        "another street's community": make(role=Role.COMMUNITY, area=areas.liubeiqiao),
        "another street": make(role=Role.STREET, area=areas.shiqiaopu),
    }


def test_every_address_of_a_row_or_area_of_haizhou_is_not_found_from_another_area(areas, users, client):
    made = _haizhou(areas, users)
    addresses = _addresses(made.ids)
    assert len(addresses) > 90  # the walk did reach the site and the API
    # The marks are what 海州's own worker reads on the household's page and answer.
    own = client
    own.force_login(users.haizhou)
    household = made.ids["household"]
    for response in (
        own.get(f"/households/{household}/"),
        api_as(users.haizhou).get(f"/api/v1/households/{household}/"),
    ):
        assert response.status_code == 200 and all(
            mark in response.content.decode() for mark in made.marks[:2]
        )
    answered = []
    for who, user in _others(areas).items():
        client.force_login(user)
        api = api_as(user)
        for route, address, shared in addresses:
            asker = api if route.startswith("api/") else client
            writes = AuditEntry.objects.count()
            for method in ("get", "post"):
                response = getattr(asker, method)(address)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                text = body.decode(errors="replace")
                leaked = [mark for mark in made.marks if mark in text]
                if leaked or (not shared and response.status_code not in (403, 404, 405)):
                    answered.append(f"{who}: {method.upper()} {address} → {response.status_code} {leaked}")
            assert AuditEntry.objects.count() == writes, f"{who}: POST {address} changed something"
    assert answered == []
