"""Panels that apps above a page add to it, so the page's own app need not know them.

The household page belongs to the register, which sits below policy and benefits; what those say
about a household (its assessment and entitlement) is a panel they register in their
`AppConfig.ready()`. The page asks its slot for the panels to show and includes each one's
template with its content: the register imports neither app, and a new app adds a panel without
the page changing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    """One panel as a page shows it: `name` is its key in the page's context too."""

    name: str
    template: str
    content: Any


@dataclass(frozen=True)
class _Registered:
    template: str
    build: Callable[..., Any]


class PanelSlot:
    """The panels of one page, in the order they were registered."""

    def __init__(self, page: str) -> None:
        self.page = page
        self._panels: dict[str, _Registered] = {}

    def register(self, name: str, *, template: str, build: Callable[..., Any]) -> None:
        """`build` takes what the page passes (`panels(...)`) and returns the template's `panel`.
        Registered by name, so an app made ready twice (tests) replaces rather than repeats."""
        self._panels[name] = _Registered(template, build)

    def panels(self, *args: Any, **kwargs: Any) -> list[Panel]:
        return [Panel(name, p.template, p.build(*args, **kwargs)) for name, p in self._panels.items()]


# The household page (registry): panels built from (user, household, month), `month` as typed (YYYY-MM).
HOUSEHOLD_PAGE = PanelSlot("household")
