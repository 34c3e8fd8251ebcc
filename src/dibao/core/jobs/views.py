"""A job's page: its progress bar while it runs, then its result page, the file it produced to
download, or its refusal."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ..audit import Actor
from ..downloads import file_response
from ..models import Job
from ..page_access import StaffRequest, page
from . import files
from .selectors import is_finished, job_get, shown_error, shown_state
from .services import job_file_downloaded

# The page reloads itself this often while the job runs (seconds): no script needed.
REFRESH_SECONDS = 1


@page()
def job_detail(request: StaffRequest, job_id: int) -> HttpResponse:
    job = job_get(request.user, job_id)
    state = shown_state(job)
    if state == Job.State.SUCCEEDED and job.result_url:
        if job.message:
            messages.success(request, job.message)
        return redirect(job.result_url)
    error = shown_error(job, state)
    context = {
        "job": job,
        "state": state,
        "state_label": Job.State(state).label,
        "finished": is_finished(state),
        "error": error,
        "refresh": REFRESH_SECONDS,
        "has_file": state == Job.State.SUCCEEDED and files.has_file(job),
        "produces_file": bool(job.params.get("produces_file")),
        "kept_days": settings.JOB_FILES_KEPT_FOR.days,
    }
    return render(request, "core/job.html", context)


def job_file_response(job: Job, user: Actor) -> HttpResponseBase:
    """The job's kept file streamed as a download; an entry in the trail when it carries people's
    data, as the direct export wrote one. No file (not produced, failed, expired): not found."""
    if shown_state(job) != Job.State.SUCCEEDED or not files.has_file(job):
        raise Http404()
    if job.params.get("personal_data"):
        job_file_downloaded(job=job, actor=user)
    return file_response(files.open_file(job), job.file_name, files.media_type(job))


@page()
@require_GET
def job_file(request: StaffRequest, job_id: int) -> HttpResponseBase:
    return job_file_response(job_get(request.user, job_id), request.user)
