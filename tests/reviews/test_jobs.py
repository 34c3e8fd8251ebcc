"""Opening an annual review from the worklist is a job: the page answers at once, then says how
many reviews were opened; what would refuse it is said beside the form, and starts nothing."""

import pytest
from django.urls import reverse

from dibao.core.models import Job
from dibao.policy.services import standard_set
from dibao.reviews.models import Campaign, Review
from tests.benefits.support import receiving

pytestmark = pytest.mark.django_db
WORKLIST = reverse("reviews:worklist")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def standards(areas):  # type: ignore[no-untyped-def]
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def test_a_street_opens_its_annual_review_as_a_job(areas, users, login):
    receiving(areas.haizhou, users.haizhou)
    receiving(areas.haiyue, users.street)
    client = login(users.street)
    started = client.post(WORKLIST, {"year": "2026", "due_on": "2026-12-31"}, **EN)
    job = Job.objects.get()
    assert started["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.state, job.outcome["reviews"]) == ("review-campaign-open", "succeeded", 2)
    page = client.get(started["Location"], follow=True, **EN)
    assert page.redirect_chain[-1][0] == WORKLIST
    assert "Annual review 2026 opened: 2 reviews." in page.content.decode()
    assert Review.objects.filter(kind="campaign").count() == 2

    again = client.post(WORKLIST, {"year": "2026", "due_on": "2026-12-31"}, **EN)
    assert "already has its annual review for 2026" in str(again.context["campaign_form"].errors)
    assert Job.objects.count() == 1 and Campaign.objects.count() == 1
