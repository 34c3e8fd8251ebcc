from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from dibao.core.roles import Role


class User(AbstractUser):
    """A member of staff. One role, one area; the area bounds everything the user sees."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, null=True, related_name="users", verbose_name=_("area")
    )
    full_name = models.CharField(_("full name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class FailedLogin(models.Model):
    """One failed log-in, kept so that guessing passwords is throttled across every server process."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.address} {self.at:%Y-%m-%d %H:%M}"
