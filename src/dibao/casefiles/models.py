"""The permanent case file (档案) of a household: its archive number, and every printing of it.

An archive number (`210204-2026-00001`: county, year of the first printing, the county's sequence
in that year) is given the first time a household's file is printed and never changes: the paper
file on the shelf and every later reprint carry the same number. A `Printing` says who printed the
file, when, what it held (the sections and their documents), how many pages and the PDF's SHA-256,
so a paper copy found on a desk can be matched to its printing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchiveSequence(models.Model):
    """The last archive number handed out in a county and year; locked while numbers are taken."""

    county = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="archive_sequence_once")]

    def __str__(self) -> str:
        return f"{self.county_id} {self.year}: {self.last}"


class ArchiveNumber(models.Model):
    household = models.OneToOneField(
        "registry.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    county = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("archive number"), max_length=24, unique=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("archive number")
        verbose_name_plural = _("archive numbers")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "year", "sequence"], name="archive_number_once_in_county"
            )
        ]

    def __str__(self) -> str:
        return self.number


class Printing(models.Model):
    """One printing of a household's file, alone or in an area's batch."""

    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    archive = models.ForeignKey(ArchiveNumber, on_delete=models.PROTECT, related_name="printings")
    # The household's community when printed: scoping needs no join through a household that moved.
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    # The n-th printing of this household's file.
    version = models.PositiveIntegerField(_("version"))
    printed_at = models.DateTimeField(_("printed"), auto_now_add=True)
    printed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("printed by")
    )
    # [{"section": key, "title": ..., "page": n, "entries": [{"title": ..., "page": n, "note": ...}]}]
    contents = models.JSONField(_("contents"), default=list)
    pages = models.PositiveIntegerField(_("pages"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    whole_id_numbers = models.BooleanField(_("whole ID numbers"), default=False)
    # The area batch (a job) that printed it, if any.
    batch_job_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("printing")
        verbose_name_plural = _("printings")
        ordering = ["household_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["household", "version"], name="casefile_printing_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.archive_id} v{self.version}"
