"""Which community a page about one community's board or panel works on.

A community worker has one; a street or county officer chooses among the communities of their
area (`?community=<code>`), and every form of the page posts back to the same address, choice kept.
"""

from dataclasses import dataclass
from typing import cast

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area, Level
from dibao.areas.selectors import community_for, visible_communities

from ..forms import CommunityForm


@dataclass
class CommunityChoice:
    form: CommunityForm | None  # None: the user's own community, nothing to choose
    community: Area | None


def own_area(request: StaffRequest) -> Area:
    return cast(Area, request.user.area)  # `page` lets no user without an area through


def chosen_community(request: StaffRequest) -> CommunityChoice:
    user = request.user
    if own_area(request).level == Level.COMMUNITY:
        return CommunityChoice(None, own_area(request))
    code = request.GET.get("community") or ""
    form = CommunityForm({"community": code}, communities=visible_communities(user))
    form.is_valid()
    # A code outside the user's area is not found (404), like everything else outside it.
    return CommunityChoice(form, community_for(user, code) if code else None)
