"""`{{ member.id_number|masked }}`: lists and pages show ID numbers masked (see core.idnumbers)."""

from django import template

from dibao.core import idnumbers

register = template.Library()


@register.filter
def masked(number: str | None) -> str:
    return idnumbers.mask(number or "")
