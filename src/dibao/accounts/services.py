"""Creating and deactivating users, and the API tokens they log in with.

Each role belongs at one level of area (DESIGN.md §2). A token is issued when its user has just
proved who they are, and revoked by log-out, by the operator, or with its user's deactivation;
every issue and revocation is in the audit trail.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden
from dibao.core.roles import ROLE_LEVEL, USER_MANAGERS, Role

from .models import ApiToken, User

# What the audit trail keeps of a token: never its digest or key.
TOKEN_FIELDS = ("user", "created", "expiry")
# The note of a token removed because it expired, not revoked by anyone.
EXPIRED = "expired"


def user_create(
    *,
    username: str,
    role: str,
    area: Area,
    password: str,
    full_name: str = "",
    actor: User | None,
    check_password: bool = True,
) -> User:
    """`actor=None` is the command line run by the server's operator."""
    if actor is not None and (
        actor.role not in USER_MANAGERS or actor.area is None or not actor.area.contains(area)
    ):
        raise Forbidden()
    username = str(username).strip()
    if not username:
        raise DomainError(_("A username is required."), field="username")
    if role not in Role.values:
        raise DomainError(
            _("Unknown role '%(r)s'; one of: %(all)s.") % {"r": role, "all": ", ".join(Role.values)},
            field="role",
        )
    level = ROLE_LEVEL[Role(role)]
    if level is not None and area.level != level:
        raise DomainError(
            _("A %(role)s belongs to a %(level)s, not to %(area)s.")
            % {"role": Role(role).label, "level": Level(level).label, "area": area.name},
            field="area",
        )
    user = User(username=username, role=role, area=area, full_name=full_name)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError(errors={"password": list(exc.messages)}) from None
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise DomainError(_("The username %(u)s is taken.") % {"u": username}, field="username")
        user.set_password(password)
        user.save()
        audit.record(
            actor=actor, action=audit.Action.CREATE, obj=user, area_code=area.code, after=audit.snapshot(user)
        )
    return user


def _area_code(user: User) -> str:
    return user.area.code if user.area else ""


def _may_manage(actor: User | None, user: User) -> bool:
    """`actor=None` is the command line run by the server's operator."""
    if actor is None:
        return True
    return (
        actor.role in USER_MANAGERS
        and user.area is not None
        and actor.area is not None
        and actor.area.contains(user.area)
    )


def user_deactivate(*, user: User, actor: User | None) -> User:
    """The user can no longer log in; their sessions end and their API tokens are revoked."""
    if not _may_manage(actor, user):
        raise Forbidden()
    with transaction.atomic():
        before = audit.snapshot(user)
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit.record_update(actor=actor, obj=user, before=before, area_code=_area_code(user))
        tokens_revoke(user=user, actor=actor)
    return user


def token_issue(*, user: User, actor: User | None) -> tuple[ApiToken, str]:
    """A new API token for `user`, who has just given their password (the actor is the user).
    Returns the token and its secret, which is shown this once and stored only as a digest."""
    with transaction.atomic():
        # Expired tokens are of no use to anyone: they go when their user logs in again.
        expired = list(
            ApiToken.objects.filter(user=user, expiry__lte=timezone.now()).select_related("user__area")
        )
        _record_revocations(expired, actor=actor, note=EXPIRED)
        ApiToken.objects.filter(pk__in=[t.pk for t in expired]).delete()
        token, secret = ApiToken.objects.create(user=user)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=token,
            area_code=_area_code(user),
            after=audit.snapshot(token, TOKEN_FIELDS),
        )
    return token, secret


def token_expire(*, token: ApiToken) -> None:
    """Remove a token sent to the API after it expired. Its user is named as who ended it: the
    one who holds its secret sent it, and the trail shows how every token ended."""
    if token.expiry is None or token.expiry >= timezone.now():
        raise ValueError("Only an expired token is removed without its user or a manager.")
    with transaction.atomic():
        _record_revocations([token], actor=token.user, note=EXPIRED)
        token.delete()


def token_revoke(*, token: ApiToken, actor: User | None) -> None:
    """Revoke one token: its user logging out, or whoever manages that user."""
    if (actor is None or actor.pk != token.user_id) and not _may_manage(actor, token.user):
        raise Forbidden()
    with transaction.atomic():
        _record_revocations([token], actor=actor)
        token.delete()


def tokens_revoke(*, user: User, actor: User | None) -> int:
    """Revoke every token of `user`; how many there were."""
    if not _may_manage(actor, user):
        raise Forbidden()
    with transaction.atomic():
        tokens = list(ApiToken.objects.filter(user=user).select_related("user__area"))
        _record_revocations(tokens, actor=actor)
        ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).delete()
    return len(tokens)


def _record_revocations(tokens: list[ApiToken], *, actor: User | None, note: str = "") -> None:
    audit.record_many(
        [
            audit.entry(
                actor=actor,
                action=audit.Action.DELETE,
                obj=token,
                area_code=_area_code(token.user),
                before=audit.snapshot(token, TOKEN_FIELDS),
                note=note,
            )
            for token in tokens
        ]
    )
