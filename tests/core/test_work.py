"""The desk gathers the work the apps above core register, without importing them."""

from datetime import date

from dibao.core.work import WorkBatch, WorkItem, WorkSources

TODAY = date(2026, 12, 7)


def _source(kind, count):
    def build(user, today, limit):
        items = [WorkItem(kind=kind, title=f"{kind} {i}", url=f"/{kind}/{i}/") for i in range(count)]
        return WorkBatch(kind=kind, label=kind.upper(), count=count, items=items[:limit])

    return build


def test_sources_answer_in_the_order_registered_and_the_empty_ones_are_left_out():
    sources = WorkSources()
    sources.register("reviews", _source("reviews", 3))
    sources.register("nothing", _source("nothing", 0))
    sources.register("applications", _source("applications", 1))
    batches = sources.gather(user=None, today=TODAY, limit=2)
    assert [(b.kind, b.count, len(b.items)) for b in batches] == [("reviews", 3, 2), ("applications", 1, 1)]
    assert sources.kinds() == ["reviews", "nothing", "applications"]


def test_registering_a_kind_again_replaces_it():
    sources = WorkSources()
    sources.register("reviews", _source("reviews", 3))
    sources.register("reviews", _source("reviews", 1))
    assert [b.count for b in sources.gather(user=None, today=TODAY, limit=5)] == [1]


def test_sources_are_given_the_user_and_the_day():
    sources = WorkSources()
    seen = []

    def build(user, today, limit):
        seen.append((user, today, limit))
        return WorkBatch(kind="k", label="K", count=0)

    sources.register("k", build)
    sources.gather(user="worker", today=TODAY, limit=7)
    assert seen == [("worker", TODAY, 7)]
