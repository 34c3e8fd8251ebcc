"""What the console commands above areas share about areas: a county named by its code, or a clear
refusal naming the command that lists the codes."""

from django.core.management.base import CommandError

from .models import Area, Level


def county_named(code: object) -> Area:
    """The county whose six-digit code is `code` (spaces around it ignored)."""
    county = Area.objects.filter(code=str(code).strip(), level=Level.COUNTY).first()
    if county is None:
        raise CommandError(f"No county with code {str(code).strip()} (see `dibao areas`).")
    return county
