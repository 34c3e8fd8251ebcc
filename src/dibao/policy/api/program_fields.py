"""Program as a field and a filter of other apps' endpoints (applications, entitlements, payroll
lines, reviews): always the stable code, one enum in the schema."""

from typing import Any

from rest_framework import serializers

from ..programs import codes

HELP = "The program's stable code: " + ", ".join(codes.ALL) + "."


def program_field(**kwargs: Any) -> serializers.ChoiceField:
    """The program of a row (output: `source` defaults to the model's code column)."""
    options: dict[str, Any] = {"choices": list(codes.ALL), "help_text": HELP}
    if kwargs.get("read_only"):
        options["source"] = "program_id"
    options.update(kwargs)
    return serializers.ChoiceField(**options)


def program_filter() -> serializers.ChoiceField:
    """`?program=CODE`: only the rows of that program."""
    return serializers.ChoiceField(
        choices=list(codes.ALL),
        required=False,
        allow_blank=True,
        help_text="Only the rows of this program (its code).",
    )
