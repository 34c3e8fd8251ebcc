"""What the payroll pages share: the officer's own area."""

from typing import cast

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area


def own_area(request: StaffRequest) -> Area:
    return cast(Area, request.user.area)  # `page` lets no user without an area through
