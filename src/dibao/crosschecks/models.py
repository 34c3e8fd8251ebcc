"""Cross-checks (信息比对): other departments' files matched against the people the county helps.

A county imports a source file (`SourceImport`) from another department — deaths, vehicles,
property, businesses, pensions, social insurance, housing fund, public servants. Every row is
matched by ID number against the members of the households holding a program or applying for one,
and a match becomes a `Flag` only when it trips a rule the county sets (`CheckRule`). A flag keeps
what the file said (its evidence) and the rule in words, and is worked: dismissed with a reason, or
turned into a review of the household in the reviews app.

Invariants kept by the database:
- one rule per county;
- one flag per person, kind of source and fact (`key`: the date of death, the plate, the address…),
  so a file imported twice flags nothing twice.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SourceKind(models.TextChoices):
    DEATH = "death", _("Deaths (civil registration, cremation)")
    VEHICLE = "vehicle", _("Vehicles")
    PROPERTY = "property", _("Real property")
    BUSINESS = "business", _("Business registration")
    PENSION = "pension", _("Pensions")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    HOUSING_FUND = "housing_fund", _("Housing provident fund")
    PUBLIC_SERVANT = "public_servant", _("Public servants")


class CheckRule(models.Model):
    """A county's rules of the cross-checks; the defaults (unsaved) when it has set none."""

    county = models.OneToOneField(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    # A disabled member's mobility vehicle (残疾人机动轮椅车) is no asset to count.
    exempt_mobility_vehicle = models.BooleanField(
        _("a disabled member's mobility vehicle is allowed"), default=True
    )
    homes_allowed = models.PositiveSmallIntegerField(_("homes a household may own"), default=1)
    # A pension or contribution base above this share of the standard (per cent) is flagged.
    income_share = models.PositiveSmallIntegerField(
        _("pension or contribution base above, per cent of the standard"), default=100
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("cross-check rule")
        verbose_name_plural = _("cross-check rules")

    def __str__(self) -> str:
        return f"{self.county_id} cross-check rule"


class SourceImport(models.Model):
    county = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    file_name = models.CharField(_("file"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    flags = models.PositiveIntegerField(_("flags"), default=0)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("cross-check import")
        verbose_name_plural = _("cross-check imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"


class FlagState(models.TextChoices):
    OPEN = "open", pgettext_lazy("flag", "Open")
    DISMISSED = "dismissed", _("Dismissed")
    REVIEWED = "reviewed", _("Review opened")


class Flag(models.Model):
    source = models.ForeignKey(
        SourceImport, on_delete=models.PROTECT, related_name="flag_set", verbose_name=_("import")
    )
    kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    # The household's community when flagged: scoping and the desk need no join.
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    member = models.ForeignKey(
        "registry.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    rule = models.CharField(_("rule"), max_length=20)
    rule_text = models.CharField(_("rule in words"), max_length=300)
    evidence = models.JSONField(_("evidence"), default=dict)
    key = models.CharField(max_length=120)
    row = models.PositiveIntegerField(_("row"))
    to_recover = models.DecimalField(
        _("to recover"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    state = models.CharField(_("state"), max_length=10, choices=FlagState.choices, default=FlagState.OPEN)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("flagged"), auto_now_add=True)
    worked_at = models.DateTimeField(_("worked"), null=True, blank=True)
    worked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("cross-check flag")
        verbose_name_plural = _("cross-check flags")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "kind", "key"], name="crosscheck_flag_once"),
            models.CheckConstraint(
                condition=~Q(state="dismissed") | ~Q(reason=""), name="crosscheck_dismissed_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["community", "state"], name="crosscheck_flag_community")]

    def __str__(self) -> str:
        return f"{self.kind} {self.member_id} {self.rule}"
