"""`{% id_number member.id_number %}` and `{% account household.bank_account %}`: templates show ID
numbers and bank accounts as core.disclosure says the viewer sees them, and `{{ birth_date|age }}`
instead of a birth date (which is the masked part of the number).

The viewer is the context's `viewer`, else its `user` (every page has one); with neither, a number
is masked. A printed form says `use="print"`.
"""

import datetime

from django import template

from dibao.core import disclosure
from dibao.core.roles import RoleHolder

register = template.Library()


def _viewer(context: template.Context) -> RoleHolder:
    viewer = context.get("viewer") or context.get("user")
    return viewer if viewer is not None else disclosure.NOBODY


@register.simple_tag(takes_context=True)
def id_number(context: template.Context, number: str | None, use: str = "screen") -> str:
    return disclosure.id_number_for(_viewer(context), number, disclosure.Use(use))


@register.simple_tag(takes_context=True)
def account(context: template.Context, number: str | None, use: str = "screen") -> str:
    return disclosure.account_for(_viewer(context), number, disclosure.Use(use))


@register.filter
def age(birth_date: datetime.date | None) -> int | str:
    return "" if birth_date is None else disclosure.age_of(birth_date)
