"""One action per workflow step: `POST /applications/{id}/{step}/` with the step's data and the
version the client saw. Every step goes through `services.transition`, as the pages' do, so the
order, the roles and the checks are the same. The public notice is posted for several applications
at once, through `POST /notices/`."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.core.api.schema import CONFLICT
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import validated

from .. import selectors, services
from .base import ApplicationBase
from .inputs import (
    AcceptInput,
    ApproveInput,
    NoteInput,
    ObjectInput,
    RejectInput,
    ReturnInput,
    ReviewInput,
)
from .outputs import ApplicationDetailOutput
from .versions import IF_MATCH, stale_is_conflict, version_seen

ERRORS = (
    "400: the input is wrong, the step cannot be taken in this state (code `wrong_state`), or its own "
    "check refuses it; 403: your role may not take it; 404: no such application in your area; 409: the "
    "application changed since the version you sent (code `stale`)."
)


def step_schema(request: type[StrictInput], summary: str) -> Any:
    return extend_schema(
        request=request,
        responses={200: ApplicationDetailOutput, 409: CONFLICT},
        parameters=[IF_MATCH],
        summary=summary,
        description=ERRORS,
    )


class StepActions(ApplicationBase):
    def take(self, request: Request, pk: Any, step: str, input_class: type[StrictInput]) -> Response:
        user = staff(request)
        application = selectors.application_get(user, pk)
        data = validated(input_class, request.data)
        version = version_seen(request, data.pop("version", None))
        with stale_is_conflict():
            services.transition(application=application, step=step, actor=user, data=data, version=version)
        return Response(self.detail_of(request, pk))

    @step_schema(NoteInput, "Submit the application (from draft or returned)")
    @action(detail=True, methods=["post"], url_path="submit")
    def submit(self, request: Request, pk: int) -> Response:
        return self.take(request, pk, "submit", NoteInput)

    @step_schema(ReturnInput, "Return it with the one-time list of missing materials")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: int) -> Response:
        return self.take(request, pk, "return", ReturnInput)

    @step_schema(AcceptInput, "Accept it: the decision deadline starts")
    @action(detail=True, methods=["post"], url_path="accept")
    def accept(self, request: Request, pk: int) -> Response:
        return self.take(request, pk, "accept", AcceptInput)

    @step_schema(NoteInput, "The home investigation is done")
    @action(detail=True, methods=["post"], url_path="investigate")
    def investigate(self, request: Request, pk: int) -> Response:
        return self.take(request, pk, "investigate", NoteInput)

    @step_schema(NoteInput, "The democratic appraisal is done")
    @action(detail=True, methods=["post"], url_path="appraise")
    def appraise(self, request: Request, pk: int) -> Response:
        return self.take(request, pk, "appraise", NoteInput)

    @step_schema(ObjectInput, "Record an objection raised during the notice (back to re-investigation)")
    @action(detail=True, methods=["post"], url_path="object", url_name="object")
    def object_(self, request: Request, pk: int) -> Response:
        return self.take(request, pk, "object", ObjectInput)

    @step_schema(NoteInput, "Close the public notice once it has ended")
    @action(detail=True, methods=["post"], url_path="close_notice")
    def close_notice(self, request: Request, pk: int) -> Response:
        return self.take(request, pk, "close_notice", NoteInput)

    @step_schema(ReviewInput, "The street's review, with its written opinion")
    @action(detail=True, methods=["post"], url_path="review")
    def review(self, request: Request, pk: int) -> Response:
        return self.take(request, pk, "review", ReviewInput)

    @step_schema(ApproveInput, "Approve: grants the entitlement and makes the household receiving")
    @action(detail=True, methods=["post"], url_path="approve")
    def approve(self, request: Request, pk: int) -> Response:
        return self.take(request, pk, "approve", ApproveInput)

    @step_schema(RejectInput, "Reject, with the written reasons")
    @action(detail=True, methods=["post"], url_path="reject")
    def reject(self, request: Request, pk: int) -> Response:
        return self.take(request, pk, "reject", RejectInput)

    @step_schema(NoteInput, "Withdraw the application")
    @action(detail=True, methods=["post"], url_path="withdraw")
    def withdraw(self, request: Request, pk: int) -> Response:
        return self.take(request, pk, "withdraw", NoteInput)
