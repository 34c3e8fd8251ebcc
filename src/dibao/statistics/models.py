"""What statistics read that the ledger does not hold: the population of an area in a year, which a
county enters or imports (`services.population`) so that coverage (保障面) can be counted — the
persons on the books over the people who live there.

It lives here and not in `areas`: only statistics read it, and `areas` sits at the bottom of the
layers, where every app would carry it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Population(models.Model):
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        ordering = ["area_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="population_once_per_area_year"),
            models.CheckConstraint(condition=Q(population__gt=0), name="population_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.population}"
