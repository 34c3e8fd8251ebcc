"""`{% if user|may:"write_registry" %}`: templates ask what a role may do by name, so the sets in
core.roles stay the only place that says it, and buttons hide for exactly the roles refused."""

from django import template
from django.contrib.auth.models import AnonymousUser

from dibao.core.roles import (
    AREA_MANAGERS,
    AUDIT_READERS,
    ID_REVEALERS,
    POLICY_EDITORS,
    POLICY_READERS,
    RECIPIENT_IMPORTERS,
    REGISTRY_WRITERS,
    USER_MANAGERS,
    RoleHolder,
)

register = template.Library()

ABILITIES: dict[str, frozenset[str]] = {
    "write_registry": REGISTRY_WRITERS,
    "read_audit": AUDIT_READERS,
    "manage_users": USER_MANAGERS,
    "manage_areas": AREA_MANAGERS,
    "reveal_id": ID_REVEALERS,
    "read_policy": POLICY_READERS,
    "edit_policy": POLICY_EDITORS,
    "import_recipients": RECIPIENT_IMPORTERS,
}


@register.filter
def may(user: RoleHolder | AnonymousUser, ability: str) -> bool:
    # An unknown ability is a typo in a template: fail loudly rather than hide a button forever.
    return getattr(user, "role", None) in ABILITIES[ability]
