"""`{{ number|masked }}` and `{{ account|masked_account }}`: masked whatever the viewer, for lists
(see core.disclosure; `{% id_number %}` and `{% account %}` ask about the viewer)."""

from django import template

from dibao.core import disclosure

register = template.Library()


@register.filter
def masked(number: str | None) -> str:
    return disclosure.mask_id_number(number or "")


@register.filter
def masked_account(account: str | None) -> str:
    return disclosure.mask_account(account or "")
