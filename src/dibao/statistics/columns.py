"""The figures' columns as the page and the workbook show them, in one order."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from .figures import Figures

# (name in the JSON, heading, value of a group's figures, whole number?)
COLUMNS: tuple[tuple[str, Any, Callable[[Figures], Any], bool], ...] = (
    ("households", _("Households"), lambda f: f.households, True),
    ("persons", _("Persons"), lambda f: f.persons, True),
    ("amount", _("Amount (yuan)"), lambda f: f.amount, False),
    ("amount_wan", _("Amount (10,000 yuan)"), lambda f: f.amount_wan, False),
    ("household_times", _("Household-times"), lambda f: f.household_times, True),
    ("person_times", _("Person-times"), lambda f: f.person_times, True),
    ("per_household", _("Per household (yuan)"), lambda f: f.per_household, False),
    ("per_person", _("Per person (yuan)"), lambda f: f.per_person, False),
    ("new", _("New"), lambda f: f.new, True),
    ("stopped", _("Stopped"), lambda f: f.stopped, True),
    ("raised", _("Raised"), lambda f: f.raised, True),
    ("lowered", _("Lowered"), lambda f: f.lowered, True),
    ("class_changed", _("Class changed"), lambda f: f.class_changed, True),
)
