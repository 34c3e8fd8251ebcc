"""What statistics read that the ledger does not hold, and what they keep of it.

- The population of an area in a year, which a county enters or imports (`services.population`) so
  that coverage (保障面) can be counted — the persons on the books over the people who live there. It
  lives here and not in `areas`: only statistics read it, and `areas` sits at the bottom of the
  layers, where every app would carry it.
- Snapshots of closed months: a county's month of statistics kept as small rows, so a range of
  closed months is read rather than counted again from the ledger (see `snapshots`). A snapshot is
  never a second truth: it is what `engine.month_rows` counted from the ledger when the month
  closed, re-derivable at any time, and `dibao statistics-check` compares the two."""

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


class Snapshot(models.Model):
    """One county's month, as written when the month's payroll run closed (or by the command)."""

    county = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    month = models.DateField(_("month"))
    taken_at = models.DateTimeField(_("taken"))
    size = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")
        ordering = ["county_id", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "month"], name="statistics_one_snapshot_per_county_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.month:%Y-%m}"


class SnapshotRow(models.Model):
    """The figures of one community × key in the month. `grouping` says which of the entitlement's
    keys (`snapshots.DIMS`: program, urban/rural, benefit class, management class) the row is
    grouped by, as bits; a key left out holds nothing. Every grouping holds every figure: the stock
    (households, persons), which does not add up across those keys (a household in two programs is
    one household), counted for each grouping, and the figures that do add up summed from the full
    grouping's rows, so that a breakdown reads its own grouping's rows alone."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="lines")
    grouping = models.PositiveSmallIntegerField()
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    category = models.IntegerField(null=True)  # the household category's id, as the engine groups by
    program = models.CharField(max_length=32, null=True)
    urban_rural = models.CharField(max_length=5, null=True)
    benefit_class = models.CharField(max_length=1, null=True)
    management_class = models.CharField(max_length=1, null=True)
    households = models.PositiveIntegerField(default=0)
    persons = models.PositiveIntegerField(default=0)
    fen = models.BigIntegerField(default=0)
    grants = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)
    raised = models.PositiveIntegerField(default=0)
    lowered = models.PositiveIntegerField(default=0)
    class_changed = models.PositiveIntegerField(default=0)
    new_by = models.JSONField(default=dict)
    stopped_by = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["snapshot", "grouping"], name="statistics_row_grouping")]

    def __str__(self) -> str:
        return f"{self.snapshot_id}/{self.grouping}/{self.community_id}"
