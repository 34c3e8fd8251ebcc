"""Following an export that runs as a job to its file: the page's redirect to the job's page and
its download link, or the API's 202 and the job's `file_url`. Tests use the immediate backend, so
the job has run when the request that started it answers."""

import re

from django.http import HttpResponseBase
from django.urls import reverse

from dibao.core.models import Job


def job_of(response: HttpResponseBase) -> Job:
    """The job a page's POST started (its redirect to the job's page)."""
    assert response.status_code == 302, response.status_code
    found = re.fullmatch(r"/jobs/(\d+)/", response["Location"])
    assert found, response["Location"]
    return Job.objects.get(pk=int(found.group(1)))


def page_download(client, response: HttpResponseBase) -> HttpResponseBase:
    """The file offered on the job's page the response redirected to."""
    job = job_of(response)
    page = client.get(response["Location"])
    assert page.status_code == 200
    link = reverse("jobs:file", args=[job.pk])
    assert f'href="{link}"' in page.content.decode(), page.content.decode()
    download = client.get(link)
    assert download.status_code == 200, download.status_code
    return download


def api_download(client, response) -> HttpResponseBase:
    """The file of the job an API request started (202), from the job's `file_url`."""
    assert response.status_code == 202, (response.status_code, getattr(response, "data", None))
    job = client.get(response["Location"])
    assert job.status_code == 200 and job.json()["state"] == "succeeded", job.json()
    download = client.get(job.json()["file_url"])
    assert download.status_code == 200, download.status_code
    return download


def content(download: HttpResponseBase) -> bytes:
    """The bytes of a download, streamed or not."""
    if getattr(download, "streaming", False):
        return b"".join(download.streaming_content)  # type: ignore[attr-defined]
    return download.content  # type: ignore[attr-defined]
