"""Annual reviews (年度核查) over the API: a street or the county opens one for its area, and a
review is opened at once for every receiving or suspended household there that has none open.

A user sees the campaigns of its own area and below, and those of the areas above it that reached
it (a community sees its county's annual review): `reviews.selectors.visible_campaigns`."""

from typing import cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import area_for
from dibao.core.api.permissions import StaffWithArea, roles_may, roles_may_write
from dibao.core.api.references import resolve
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.jobs.api import JobOutput, accepted
from dibao.core.roles import CAMPAIGN_OPENERS

from .. import selectors
from ..jobs import campaign_open_start
from ..models import Campaign
from ..views import READERS
from .outputs import ReviewCampaignOutput

NO_SUCH_AREA = _("There is no area with this code in your area.")


class ReviewCampaignInput(StrictInput):
    area = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The code of your area or one below it; your own area when not given.",
    )
    year = serializers.IntegerField(help_text="The year reviewed, e.g. 2026; one annual review a year.")
    due_on = serializers.DateField(help_text="YYYY-MM-DD: by when the reviews are due.")


class CampaignViewSet(StaffViewSet):
    """Annual reviews, the newest year first."""

    queryset = Campaign.objects.none()  # for the schema only
    permission_classes = [StaffWithArea, roles_may(READERS), roles_may_write(CAMPAIGN_OPENERS)]

    @extend_schema(responses=ReviewCampaignOutput(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.visible_campaigns(staff(request)))
        return self.get_paginated_response(ReviewCampaignOutput(page, many=True).data)

    @extend_schema(
        request=ReviewCampaignInput,
        responses={202: JobOutput},
        summary="Open an annual review: a review for every receiving or suspended household of the area",
        description="Street or county. Runs as a job (202, see docs/api.md): its `outcome` names the "
        "`campaign` and how many `reviews` were opened. 400 with code `exists` at once when the area "
        "has its annual review for that year already; households with a review open are left out.",
    )
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(ReviewCampaignInput, request.data)
        area = cast(Area, user.area)  # `StaffWithArea` lets no user without an area in
        if data.get("area"):
            area = resolve("area", lambda: area_for(user, data["area"]), NO_SUCH_AREA)
        job = campaign_open_start(area=area, year=data["year"], due_on=data["due_on"], actor=user)
        return accepted(request, job)
