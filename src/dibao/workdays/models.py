"""The exceptions to "Monday to Friday are working days", one row per date.

A date not stored follows the weekend rule. `holiday` marks a rest day: a festival, a day off in
lieu (调休), or any day of an official holiday block (its weekend days too, so that the page can name
them). `workday` marks a make-up working day (调休上班日), which falls on a Saturday or Sunday.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

NAME_LENGTH = 20
NOTE_LENGTH = 200


class Kind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday (rest day)")
    WORKDAY = "workday", _("Make-up workday")


class CalendarDay(models.Model):
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=7, choices=Kind.choices)
    name = models.CharField(pgettext_lazy("holiday", "name"), max_length=NAME_LENGTH)
    note = models.CharField(_("note"), max_length=NOTE_LENGTH, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            # A kind the rule does not know would silently count as a working day.
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="calendarday_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
