"""What the case services take: each use case's data as a page, the API or the demo gives it,
before the service judges it.

Every key may be missing (the service names what a step needs and refuses it without), and a
value is as typed or sent: text, or what a form field or serializer has already parsed. Ids arrive
as text from a form and as numbers from the API.
"""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TypedDict

from django.core.files.uploadedfile import UploadedFile

Day = datetime.date | str | None
Id = int | str | None


class ApplicationData(TypedDict, total=False):
    program: str | None  # a program's code; empty: dibao
    kind: str | None
    applicant_name: str | None  # empty: the head of household
    reason: str | None
    single_member: Id  # for single-person inclusion (单人保): the member who applies
    member: Id  # for a program that pays a person: the member who applies, of the household
    institutional: bool | str | None  # 特困: supported in an institution (集中供养), not at home
    care_home: int | str | None  # and the county's care home it is paid to (benefits.CareHome)


class StepData(TypedDict, total=False):
    """What one step of the workflow takes (`transition`); each step reads its own keys."""

    note: str | None
    missing: Sequence[str] | None  # return: the materials missing, every one at once
    accepted_on: Day  # accept
    raised_by: str | None  # object
    content: str | None  # object
    received_on: Day  # object
    opinion: str | None  # review: the street's
    amount: Decimal | str | None  # approve: another than assessed needs `override_reason`
    override_reason: str | None  # approve
    start_month: datetime.date | str | None  # approve
    # review, approve: no economic check result is recorded, and the user goes on all the same
    without_check: bool | str | None
    without_check_reason: str | None
    reasons: str | None  # reject
    # approve, one-off help (临时救助): emergency | expense, the reason category, the hardship
    # level whose tier of months is granted (or `amount` with `override_reason`), goods in kind
    assistance_kind: str | None
    category: str | None
    level: str | int | None
    goods: str | None


class InvestigationData(TypedDict, total=False):
    visited_on: Day
    investigators: Sequence[str] | str | None  # at least two; text: separated by commas
    housing: str | None
    furniture_and_appliances: str | None
    neighbours: str | None
    members_statement: str | None
    conclusion: str | None
    signed_by_investigators: bool | None
    signed_by_members: bool | None
    photos: Sequence[UploadedFile] | None  # taken at the door: kept as the application's materials


class VerificationData(TypedDict, total=False):
    member: Id  # empty: the household as a whole
    kind: str | None
    description: str | None
    amount: Decimal | str | None
    source: str | None


class PanelMemberData(TypedDict, total=False):
    name: str | None
    role: str | None
    term_from: Day  # empty: today
    term_to: Day


class OpinionData(TypedDict, total=False):
    """One application's line of an appraisal meeting."""

    application: Id
    opinion: str | None  # agree or disagree
    votes_for: int | str | None
    votes_against: int | str | None
    abstentions: int | str | None


class CloseRelativeData(TypedDict, total=False):
    staff_name: str | None
    staff_position: str | None
    relative_name: str | None
    relative_id_number: str | None
    relation: str | None


class SpotCheckData(TypedDict, total=False):
    """The county's spot check of a 特困 case (入户抽查)."""

    checked_on: Day  # not in the future
    checked_by: str | None  # who went
    finding: str | None  # confirmed or not_confirmed
    note: str | None  # required when not confirmed
