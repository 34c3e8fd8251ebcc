"""Fields shared by the apps' serializers."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_description_list
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils import html

from .. import counts, disclosure, ids, months
from ..errors import DomainError
from ..money import parse_amount


def _refuse(exc: DomainError) -> serializers.ValidationError:
    """A core parser's refusal as the serializer's own error on the field being read."""
    return serializers.ValidationError(
        [str(message) for messages in exc.errors.values() for message in messages], code=exc.code
    )


# Answered as a string; a JSON number is accepted on input too, and the schema says both.
@extend_schema_field(
    {
        "oneOf": [{"type": "string", "format": "decimal"}, {"type": "number"}],
        "example": "1234.50",
    }
)
class AmountField(serializers.Field):
    """Money in yuan: "1234.50" out; a string or a number in, read by `core.money.parse_amount`
    against `column`, the model field it is stored in — the same rule as the pages, the roster
    import and the commands. Without a column the field is for output only."""

    default_error_messages = {"invalid": _("'%(v)s' is not a number.")}

    def __init__(self, *, column: models.Field | None = None, allow_negative: bool = False, **kwargs: Any):
        self.column = column
        self.allow_negative = allow_negative
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Decimal:
        if self.column is None:
            raise ImproperlyConfigured(f"{self.field_name}: an AmountField read from input needs its column")
        # A list or an object is never an amount (bool is refused by the parser).
        if not isinstance(data, str | int | float | Decimal):
            raise serializers.ValidationError(self.error_messages["invalid"] % {"v": data}, code="invalid")
        try:
            return parse_amount(
                data,
                column=self.column,
                field=self.field_name or "amount",
                allow_negative=self.allow_negative,
            )
        except DomainError as exc:
            raise _refuse(exc) from None

    def to_representation(self, value: Any) -> str:
        return f"{Decimal(value):.2f}"


def _viewer(field: serializers.Field) -> Any:
    """The user the answer is for: the serializer's request's. Without one, numbers are masked."""
    user = getattr(field.context.get("request"), "user", None)
    return user if user is not None else disclosure.NOBODY


@extend_schema_field(OpenApiTypes.STR)
class IdNumberField(serializers.Field):
    """An ID number as an API answer shows it (core.disclosure): `210204********123X` for every
    role. The whole number comes from the audited reveal action and nowhere else."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return disclosure.id_number_for(_viewer(self), str(value or ""), disclosure.Use.SCREEN)


@extend_schema_field(OpenApiTypes.STR)
class AccountField(serializers.Field):
    """A bank account as the caller sees it (core.disclosure): whole for those who pay (street,
    county), `…0001` for anyone else — and for an answer built without its request."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return disclosure.account_for(_viewer(self), str(value or ""), disclosure.Use.SCREEN)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-03"})
class MonthField(serializers.CharField):
    """A month, `YYYY-MM` (DESIGN.md: a month is YYYY-MM), read by `core.months.parse_month` — the
    rule of the pages, the imports and the commands — and given on as the month's first day. An
    empty value is refused unless the field allows it (`allow_blank`: "no month")."""

    def get_value(self, dictionary: Any) -> Any:
        # DRF reads an empty value in a query string (`?month=`) as "not given" when the field is
        # optional; here it is a month left empty, refused like an empty one in a body.
        if html.is_html_input(dictionary) and not self.allow_blank and dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)

    def to_internal_value(self, data: Any) -> datetime.date:  # type: ignore[override]
        try:
            return months.parse_month(super().to_internal_value(data), self.field_name or "month")
        except DomainError as exc:
            raise _refuse(exc) from None

    def to_representation(self, value: Any) -> str:
        return f"{value:%Y-%m}" if isinstance(value, datetime.date) else str(value)


class NamedChoiceField(serializers.ChoiceField):
    """A choice documented as one schema component of its own name, whatever the field is called.

    drf-spectacular names a choice set after its field: one set under several names
    (`urban_benefit_mode`, `rural_benefit_mode`), or several sets under one common name (`state`,
    `kind`), is a warning, and the schema test turns warnings into failures. `choices` is a choices
    class, named after it (`BenefitModeEnum`) unless `enum_name` says otherwise, or pairs, which
    need an `enum_name` (`PayrollRunActionEnum`)."""

    def __init__(
        self,
        choices: type[models.Choices] | Iterable[tuple[Any, Any]],
        *,
        enum_name: str = "",
        **kwargs: Any,
    ) -> None:
        if isinstance(choices, type) and issubclass(choices, models.Choices):
            enum_name = enum_name or f"{choices.__name__}Enum"
            choices = choices.choices
        if not enum_name:
            raise ImproperlyConfigured("A NamedChoiceField of pairs needs an enum_name.")
        self.enum_name = enum_name
        super().__init__(list(choices), **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        field: NamedChoiceField = self.target
        values = [value for value in field.choices if value not in ("", None)]
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            schema={
                "type": "string",
                "enum": values,
                "description": build_choice_description_list(
                    (value, label) for value, label in field.choices.items() if value in values
                ),
            },
            object=field.enum_name,
        )
        auto_schema.registry.register_on_missing(component)
        alternatives = [component.ref]
        if field.allow_blank:
            alternatives.append({"type": "string", "enum": [""]})
        return alternatives[0] if len(alternatives) == 1 else {"oneOf": alternatives}


@extend_schema_field(OpenApiTypes.STR)
class UsernameField(serializers.Field):
    """A user as their username; null when it was done by the system (no user)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return getattr(value, "username", "") or ""


class IdField(serializers.IntegerField):
    """The id of a row named in a body or a query: a whole number the id column can hold, so that an
    id too large for the database is a 400 on its field rather than an error in the query."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ids.LARGEST)
        super().__init__(**kwargs)

    def get_value(self, dictionary: Any) -> Any:
        # DRF reads an optional `?household=` left blank as not given, so a filter typed as a whole
        # number would answer for every household; a blank id is refused as not a number instead.
        if html.is_html_input(dictionary) and dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)


class CountField(serializers.IntegerField):
    """A whole number stored in `column` (an integer model field): its bounds are the column's own
    (`core.counts.bounds`), narrowed by `min_value`/`max_value` where a rule says more."""

    def __init__(self, *, column: models.Field, **kwargs: Any) -> None:
        low, high = counts.bounds(column)
        kwargs["min_value"] = max(low, kwargs.get("min_value", low))
        kwargs["max_value"] = min(high, kwargs.get("max_value", high))
        super().__init__(**kwargs)
