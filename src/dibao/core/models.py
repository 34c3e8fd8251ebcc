"""The audit trail: one row per write, made in the same transaction as the write."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        IMPORT = "import", _("Imported")
        EXPORT = "export", _("Exported")
        REVEAL = "reveal", _("Revealed ID number")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    # The community (or higher area) the object belongs to: auditors read the trail of their area.
    area_code = models.CharField(_("area code"), max_length=12, db_index=True)
    # The household the object belongs to, if any: its trail is read on its page. No foreign key
    # constraint: the trail outlives any row it talks about.
    household_id = models.BigIntegerField(_("household"), null=True, db_index=True)
    before = models.JSONField(_("before"), null=True)
    after = models.JSONField(_("after"), null=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
