"""Browser tests: Playwright drives Debian's headless Chromium against a live test server.

Without /usr/bin/chromium these tests are skipped with a reason, except where
DIBAO_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("DIBAO_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("DIBAO_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"DIBAO_REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM}: browser tests skipped (apt-get install chromium)"
    )
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(skip)


# What the browser refused under the pages' Content-Security-Policy, in the test running now.
REFUSED: list[str] = []


class WatchedBrowser:
    """The browser, whose every context reports what the Content-Security-Policy refused: an
    inline script or style a page or a library slipped in fails the test that loaded it."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.on("console", _note_refusal)
        return context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


def _note_refusal(message: Any) -> None:
    if "Content Security Policy" in message.text:
        REFUSED.append(f"{message.text} at {message.location}")


@pytest.fixture(autouse=True)
def nothing_refused_by_the_csp() -> Iterator[None]:
    REFUSED.clear()
    yield
    assert REFUSED == []


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield WatchedBrowser(browser)
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    # Whatever the page still fetches is answered before the test's database is flushed.
    page.wait_for_load_state("networkidle")
    context.close()
