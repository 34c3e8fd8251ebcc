"""What a public notice may show (POLICY.md §1 step 8): the applicant's name — with the given name
partly masked where the county chooses — the household size, the amount and the community.
Never ID numbers, phones, illnesses or an address beyond the community."""

from dataclasses import dataclass
from decimal import Decimal

from .models import Application, Notice


def mask_given_name(name: str) -> str:
    """王小明 → 王*明, 王明 → 王*. The first character is taken as the surname: a two-character
    surname (欧阳) still shows one character of the given name only at the end."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@dataclass(frozen=True)
class NoticeLine:
    name: str
    persons: int
    amount: Decimal | None
    community: str


def notice_lines(notice: Notice) -> list[NoticeLine]:
    from dibao.policy.assessment import assess
    from dibao.policy.engine.calculation import NotAssessable

    lines = []
    for app in notice.applications.select_related("household", "community").order_by("id"):
        amount: Decimal | None = None
        try:
            result = assess(app.household, notice.posted_on, single_member=app.single_member)
            amount = result.monthly_amount if result.eligible else None
            persons = result.covered
        except NotAssessable:
            persons = app.household.members.count()
        name = mask_given_name(app.applicant_name) if notice.mask_given_names else app.applicant_name
        lines.append(NoticeLine(name, persons, amount, app.community.name))
    return lines


def shown_name(application: Application, notice: Notice) -> str:
    return (
        mask_given_name(application.applicant_name) if notice.mask_given_names else application.applicant_name
    )
