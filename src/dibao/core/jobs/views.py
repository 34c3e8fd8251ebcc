"""A job's page: its progress bar while it runs, then its result page, or its refusal."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from ..models import Job
from ..page_access import StaffRequest, page
from .selectors import is_finished, job_get, shown_error, shown_state

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
    }
    return render(request, "core/job.html", context)
