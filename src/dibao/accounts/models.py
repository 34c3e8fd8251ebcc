from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS

from dibao.core.roles import Role


# The ignore: mypy cannot see the manager of `ApiToken`, whose base (knox's) has no type information.
class User(AbstractUser):  # type: ignore[django-manager-missing]
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


class ApiToken(AbstractAuthToken):
    """A token an API client sends as `Authorization: Token …` (django-rest-knox's, made ours).

    Only a digest of the token is stored. Knox's own model is keyed by that digest, which is too long
    to name in the audit trail and should not be shown anyway; this one has a plain id for the trail
    and the `dibao tokens` command, and the digest stays unique.
    """

    # Annotated because knox has no type information: mypy cannot tell this is a model.
    id: "models.BigAutoField[int, int]" = models.BigAutoField(primary_key=True)
    digest: "models.CharField[str, str]" = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} #{self.pk}"
