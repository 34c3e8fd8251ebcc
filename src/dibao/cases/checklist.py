"""The materials each kind of application needs before it can be accepted (POLICY.md §1 step 1).

An application missing any of them is returned with the one-time list of everything missing
(一次性告知); nothing a government system can look up is asked for.
"""

from dibao.policy.programs import codes

from .models import Application, Kind, MaterialKind
from .programs import MATERIALS

_BASE = (
    MaterialKind.APPLICATION_FORM,
    MaterialKind.AUTHORISATION,
    MaterialKind.DECLARATION,
    MaterialKind.COMMITMENT,
    MaterialKind.ID_CARDS,
    MaterialKind.HUKOU,
)

REQUIRED: dict[str, tuple[str, ...]] = {
    Kind.NEW: _BASE,
    Kind.REAPPLICATION: _BASE,
    # 单人保 is for a severely disabled or seriously ill member: the certificate is the ground.
    Kind.SINGLE: (*_BASE, MaterialKind.DISABILITY_CERTIFICATE),
    # 先行救助 helps first; the papers follow, so only the request and an identity are needed.
    Kind.FAST_TRACK: (MaterialKind.APPLICATION_FORM, MaterialKind.ID_CARDS),
}

# For 单人保 a medical certificate stands in for the disability certificate.
ALTERNATIVES: dict[str, set[str]] = {MaterialKind.DISABILITY_CERTIFICATE: {MaterialKind.MEDICAL_CERTIFICATE}}


def required(application: Application) -> tuple[str, ...]:
    """低保's by the kind of application; another program's its own (`programs.MATERIALS`)."""
    if application.program_id == codes.DIBAO:
        return REQUIRED[application.kind]
    return MATERIALS[str(application.program_id)]


def missing_materials(application: Application, have: set[str] | None = None) -> list[str]:
    """The required materials not yet uploaded or seen on paper, in checklist order (`have`: the
    kinds the case holds, when the caller has read them)."""
    if have is None:
        have = set(application.materials.values_list("kind", flat=True))
    return [
        kind
        for kind in required(application)
        if kind not in have and not (ALTERNATIVES.get(kind, set()) & have)
    ]


def checklist(application: Application) -> list[str]:
    """The materials to tick for the application: the required ones, each followed by what may
    stand in for it."""
    kinds: list[str] = []
    for kind in required(application):
        kinds.append(kind)
        kinds.extend(sorted(ALTERNATIVES.get(kind, set())))
    return kinds
