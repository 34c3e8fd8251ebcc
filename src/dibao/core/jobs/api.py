"""A job over the API: what a 202 answer's `url` points to, polled until `state` is finished."""

from typing import Any

from django.http import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from ..api.renderers import BytesRenderer, RefusalStaysJson
from ..api.views import StaffViewSet, staff
from ..models import Job
from . import files
from .selectors import job_get, shown_error, shown_state
from .views import job_file_response


class JobOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="What the job does, e.g. `roster-import`.")
    state = serializers.ChoiceField(
        choices=Job.State.values,
        help_text="`queued`, `running`, then `succeeded` or `failed`. A job whose worker stopped "
        "without finishing is `failed`, and nothing of its work was written.",
    )
    done = serializers.IntegerField(help_text="How much is done so far (rows read and checked, …).")
    total = serializers.IntegerField(allow_null=True, help_text="Of how much; null until known.")
    outcome = serializers.JSONField(
        allow_null=True,
        help_text="When succeeded: the work's own answer (for a roster import, the "
        "document `dibao import-roster --json` prints, with `outcome` `refused` and its errors when "
        "a row was wrong).",
    )
    error = serializers.CharField(help_text="When failed: why. Empty otherwise.")
    url = serializers.CharField(help_text="This job's address in the API.")
    file_url = serializers.CharField(
        allow_null=True,
        help_text="When succeeded and the job produced a file (an export): where to download it "
        "(GET), for JOB_FILES_KEPT_FOR after the job finished. Null otherwise, and once removed.",
    )
    file_name = serializers.CharField(help_text="The produced file's name; empty without one.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


def job_body(request: Request, job: Job) -> dict[str, Any]:
    state = shown_state(job)
    error = shown_error(job, state)
    return {
        "id": job.pk,
        "kind": job.kind,
        "state": state,
        "done": job.done,
        "total": job.total,
        "outcome": job.outcome,
        "error": error,
        # Django's reverse, not DRF's: DRF's carries the request's `?format=` along, and a job
        # started with `?format=xlsx` is itself JSON.
        "url": request.build_absolute_uri(reverse("job-detail", args=[job.pk])),
        "file_url": (
            request.build_absolute_uri(reverse("job-file", args=[job.pk]))
            if state == Job.State.SUCCEEDED and files.has_file(job)
            else None
        ),
        "file_name": job.file_name,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def accepted(request: Request, job: Job) -> Response:
    """The answer to a request that started a job: 202, the job as it stands, and where to poll.
    JSON whatever the request asked for (a file: that comes from the job's `file_url`)."""
    request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
    body = JobOutput(job_body(request, job)).data
    return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class JobViewSet(RefusalStaysJson, StaffViewSet):
    """The caller's own jobs; anyone else's is not found."""

    @extend_schema(responses={200: JobOutput}, summary="A job started by the caller: its state and outcome")
    def retrieve(self, request: Request, pk: int) -> Response:
        job = job_get(staff(request), pk)
        return Response(JobOutput(job_body(request, job)).data)

    @extend_schema(
        responses={(200, "*/*"): OpenApiTypes.BINARY},
        summary="The file a job produced (an export), as long as it is kept",
    )
    @action(detail=True, methods=["get"], url_path="file", renderer_classes=[JSONRenderer, BytesRenderer])
    def file(self, request: Request, pk: int) -> HttpResponseBase:
        user = staff(request)
        return job_file_response(job_get(user, pk), user)
