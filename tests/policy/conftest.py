"""Fixtures the policy tests share."""

import pytest


@pytest.fixture
def forks(monkeypatch) -> list[str]:
    """The what-if takes its parallel path whatever the number of households (a test sets the
    chunk size it wants); the list records the start method of every process context it asks for,
    so a test sees whether it forked."""
    from dibao.policy import comparison

    asked: list[str] = []
    real_context = comparison.multiprocessing.get_context

    def context(method):
        asked.append(method)
        return real_context(method)

    monkeypatch.setattr(comparison, "PARALLEL_FROM", 0)
    monkeypatch.setattr(comparison.multiprocessing, "get_context", context)
    return asked
