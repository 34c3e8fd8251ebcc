"""The community's and the county's records around applications: public notices, the appraisal
panel and its meetings, objections, and the close-relative register (近亲属备案).

Their reads are `cases.selectors`', scoped to the caller's area: nothing outside it is ever listed or
found.
"""

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import area_for, community_for, county_of
from dibao.core.api.permissions import StaffWithArea, roles_may, roles_may_write
from dibao.core.api.references import resolve
from dibao.core.api.views import validated
from dibao.core.errors import DomainError, NotFound
from dibao.core.roles import Role
from dibao.core.scoping import within_area

from .. import selectors, services
from ..models import AppraisalMeeting, CloseRelative, Notice, Objection, PanelMember
from .base import CaseViewSet
from .inputs import (
    AppraisalMeetingInput,
    CloseRelativeInput,
    CommunityQuery,
    NoticeInput,
    PanelMemberInput,
    ResolveInput,
)
from .outputs import (
    AppraisalMeetingOutput,
    CloseRelativeOutput,
    NoticeOutput,
    ObjectionOutput,
    PanelMemberOutput,
)

NO_SUCH_COMMUNITY = _("There is no community with this code in your area.")
NO_SUCH_AREA = _("There is no area with this code in your area.")
# The close-relative register is the county's: it files, and the county's auditors read.
CLOSE_RELATIVE_READERS = frozenset({Role.COUNTY, Role.AUDITOR})
CLOSE_RELATIVE_WRITERS = frozenset({Role.COUNTY})


def by_community(queryset: QuerySet[Any], request: Request) -> QuerySet[Any]:
    """`?community=CODE`: that area (a community, or a street and its communities) only."""
    user = staff(request)
    code = validated(CommunityQuery, request.query_params).get("community")
    if not code:
        return queryset
    area: Area = resolve("community", lambda: area_for(user, code), NO_SUCH_AREA)
    return within_area(queryset, area)


class NoticeViewSet(CaseViewSet):
    """Public notices (公示) posted on the communities' boards, newest first."""

    queryset = Notice.objects.none()

    def _notices(self, request: Request) -> QuerySet[Notice]:
        notices = selectors.visible_notices(staff(request))
        return notices.select_related("community", "posted_by").prefetch_related("applications")

    @extend_schema(parameters=[CommunityQuery], responses=NoticeOutput(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(by_community(self._notices(request), request))
        return self.get_paginated_response(NoticeOutput(page, many=True).data)

    @extend_schema(responses=NoticeOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        notice = self._notices(request).filter(pk=pk).first()
        if notice is None:
            raise NotFound()
        return Response(NoticeOutput(notice).data)

    @extend_schema(
        request=NoticeInput,
        responses={201: NoticeOutput},
        description="Posts one notice for applications of one community, for the policy's number of "
        "days; each application is then under notice.",
    )
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(NoticeInput, request.data)
        ids = list(dict.fromkeys(data["applications"]))
        found = {a.pk: a for a in selectors.visible_applications(user).filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise DomainError(
                _("There is no application with the id %(ids)s in your area.") % {"ids": ", ".join(missing)},
                field="applications",
                code="not_found",
            )
        notice = services.notice_post(
            applications=[found[pk] for pk in ids],
            posted_on=data.get("posted_on"),
            mask_given_names=data["mask_given_names"],
            actor=user,
        )
        return Response(
            NoticeOutput(self._notices(request).get(pk=notice.pk)).data, status=status.HTTP_201_CREATED
        )


class PanelMemberViewSet(CaseViewSet):
    """Members of the communities' democratic appraisal panels (评议小组)."""

    queryset = PanelMember.objects.none()

    @extend_schema(parameters=[CommunityQuery], responses=PanelMemberOutput(many=True))
    def list(self, request: Request) -> Response:
        members = by_community(
            selectors.visible_panel_members(staff(request)).select_related("community"), request
        )
        page = self.paginate_queryset(members)
        return self.get_paginated_response(PanelMemberOutput(page, many=True).data)

    @extend_schema(request=PanelMemberInput, responses={201: PanelMemberOutput})
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(PanelMemberInput, request.data)
        code = data.pop("community")
        community = resolve("community", lambda: community_for(user, code), NO_SUCH_COMMUNITY)
        member = services.panel_member_add(community=community, data=data, actor=user)
        return Response(PanelMemberOutput(member).data, status=status.HTTP_201_CREATED)


class AppraisalMeetingViewSet(CaseViewSet):
    """Meetings of a community's panel (民主评议): who was present and its opinion on each application."""

    queryset = AppraisalMeeting.objects.none()

    @extend_schema(parameters=[CommunityQuery], responses=AppraisalMeetingOutput(many=True))
    def list(self, request: Request) -> Response:
        meetings = selectors.visible_meetings(staff(request)).select_related("community", "recorded_by")
        meetings = by_community(meetings.prefetch_related("present", "opinions"), request)
        page = self.paginate_queryset(meetings)
        return self.get_paginated_response(AppraisalMeetingOutput(page, many=True).data)

    @extend_schema(
        request=AppraisalMeetingInput,
        responses={201: AppraisalMeetingOutput},
        description="At least two thirds of the panel serving that day must be present; each opinion is "
        "on an investigated application of the community.",
    )
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(AppraisalMeetingInput, request.data)
        community = resolve("community", lambda: community_for(user, data["community"]), NO_SUCH_COMMUNITY)
        meeting = services.appraisal_record(
            community=community,
            held_on=data["held_on"],
            present=data["present"],
            minutes=data.get("minutes", ""),
            opinions=list(data["opinions"]),
            actor=user,
        )
        return Response(AppraisalMeetingOutput(meeting).data, status=status.HTTP_201_CREATED)


class ObjectionViewSet(CaseViewSet):
    """Objections raised during a public notice; recorded with the `object` step of an application."""

    queryset = Objection.objects.none()

    def _get(self, request: Request, pk: int) -> Objection:
        objection = (
            selectors.visible_objections(staff(request))
            .select_related("application__community")
            .filter(pk=pk)
            .first()
        )
        if objection is None:
            raise NotFound()
        return objection

    @extend_schema(responses=ObjectionOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(ObjectionOutput(self._get(request, pk)).data)

    @extend_schema(
        request=ResolveInput, responses=ObjectionOutput, summary="Write how the objection was resolved"
    )
    @action(detail=True, methods=["post"], url_path="resolve", url_name="resolve")
    def resolve_objection(self, request: Request, pk: int) -> Response:
        user = staff(request)
        objection = self._get(request, pk)
        data = validated(ResolveInput, request.data)
        objection = services.objection_resolve(objection=objection, resolution=data["resolution"], actor=user)
        return Response(ObjectionOutput(objection).data)


class CloseRelativeViewSet(CaseViewSet):
    """The county's register of close relatives of dibao staff and community cadres (近亲属备案).

    ID numbers are masked. Filing one flags the open applications of that person: the county decides them.
    """

    queryset = CloseRelative.objects.none()
    permission_classes = [
        StaffWithArea,
        roles_may(CLOSE_RELATIVE_READERS),
        roles_may_write(CLOSE_RELATIVE_WRITERS),
    ]

    @extend_schema(responses=CloseRelativeOutput(many=True))
    def list(self, request: Request) -> Response:
        filings = selectors.visible_close_relatives(staff(request)).select_related("county", "recorded_by")
        page = self.paginate_queryset(filings)
        return self.get_paginated_response(CloseRelativeOutput(page, many=True).data)

    @extend_schema(request=CloseRelativeInput, responses={201: CloseRelativeOutput})
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(CloseRelativeInput, request.data)
        county = county_of(cast(Area, user.area))  # `StaffWithArea` lets no user without an area in
        filing = services.close_relative_add(county=county, data=data, actor=user)
        return Response(CloseRelativeOutput(filing).data, status=status.HTTP_201_CREATED)
