"""Areas and their codes.

A county has its GB/T 2260 six-digit code (`210204`). Streets and communities have 12-digit
statistical codes that begin with their parent's: street `210204001000`, community
`210204001003`. So "this area and everything below it" is every code that starts with the
area's `scope_prefix` (6, 9 or 12 digits), and scoping a query never walks the tree.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    COUNTY = "county", _("County/district")
    STREET = "street", _("Street/town")
    COMMUNITY = "community", _("Community/village")


# How many leading digits of a code are the area's own, by level.
PREFIX_LENGTH = {Level.COUNTY: 6, Level.STREET: 9, Level.COMMUNITY: 12}
CHILD_LEVEL = {Level.COUNTY: Level.STREET, Level.STREET: Level.COMMUNITY}


class Area(models.Model):
    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("area name"), max_length=60)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    scope_prefix = models.CharField(_("scope prefix"), max_length=12, db_index=True, editable=False)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def county_code(self) -> str:
        return self.code[:6]

    def contains(self, other: "Area") -> bool:
        return other.code.startswith(self.scope_prefix)
