"""What a higher app answers about a grant it carries (see the architecture's "a lower app offers a
place to register into"): payroll registers here, in its `AppConfig.ready()`, how a grant that sits
on a line of a run still being drafted is taken off it when the grant is cancelled, and the bank
layout a county saved, which a disbursement batch's bank file is written in as the run's is."""

from collections.abc import Callable

from dibao.areas.models import Area
from dibao.core.bankfile import DefaultLayout, Layout

from .models import OneOffGrant

# Each is called with the grant (locked, in the cancel's transaction) before it is cancelled; it
# takes the grant off what carries it, or raises DomainError saying why it cannot.
RELEASERS: list[Callable[[OneOffGrant], None]] = []

# The county's bank layout (payroll's `bankfile.layout_for`); without one, core's default.
BANK_LAYOUTS: list[Callable[[Area], Layout]] = []


def bank_layout(county: Area) -> Layout:
    return BANK_LAYOUTS[-1](county) if BANK_LAYOUTS else DefaultLayout()
