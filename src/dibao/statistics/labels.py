"""The words the dashboard's charts and tables show, translated on the server and handed to the
script with `json_script`: the script itself holds no text for people."""

from typing import Any

from django.utils.translation import gettext as _


def dashboard_labels() -> dict[str, Any]:
    return {
        "month": _("Month"),
        "households": _("Households"),
        "persons": _("Persons"),
        "amount": _("Amount (yuan)"),
        "new": _("New"),
        "stopped": _("Stopped"),
        "program": _("Program"),
        "benefit_class": _("Benefit class"),
        "category": _("Household category"),
        "area": _("Area"),
        "total": _("Total"),
        "nothing": _("Nothing was on the books."),
        "failed": _("The figures could not be read; reload the page to try again."),
    }
