"""Reviews carry their program: 低保's are opened as such, and the worklist is filtered by it."""

from dibao.policy.programs import codes
from dibao.policy.services import standard_set
from dibao.reviews.services import review_open
from tests.benefits.support import receiving


def test_the_worklist_is_filtered_by_program(login, areas, users):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )
    review = review_open(household=receiving(areas.haizhou, users.haizhou).household, actor=users.haizhou)
    assert review.program_id == codes.DIBAO
    client = login(users.haizhou)
    page = client.get("/reviews/")
    assert 'name="program"' in page.content.decode()
    assert [r.pk for r in page.context["open"]] == [review.pk] and not page.context["programs"]
    assert client.get("/reviews/", {"program": codes.DIBAO}).context["open"] == [review]
    assert client.get("/reviews/", {"program": codes.NEAR_POVERTY}).context["open"] == []
