"""What the register's services take, and what its validation gives back, as types mypy checks.

`…Data` is a use case's input as a page, the API, an import or the demo gives it, before
`registry.validation` judges it: every key may be missing (a change sends only what changes; a
new record's missing field takes its default or is refused by name), and a value is as typed or
sent — text, or what a form field or serializer has already parsed. `…Fields` is what validation
gives back: the model's fields, checked and converted, which the services pass on with `**`.
"""

import datetime
from decimal import Decimal
from typing import TypedDict

from .models import Member


class HouseholdData(TypedDict, total=False):
    address: str | None
    phone: str | None
    urban_rural: str | None
    bank_name: str | None
    bank_account: str | None
    military_family: bool | str | None
    # The county's household category (人员类别), by id; empty: none. Checked by the services
    # against the household's county, not by `validation` (it needs the database).
    category: int | str | None


class MemberData(TypedDict, total=False):
    name: str | None
    id_number: str | None
    relation: str | None
    hukou: str | None
    disability_type: str | None
    disability_grade: int | str | None
    health: str | None
    labour_capacity: str | None
    employment: str | None
    phone: str | None
    notes: str | None
    party_hardship: bool | str | None


class IncomeData(TypedDict, total=False):
    member: Member | int | str | None  # a member of the household, by id; none: the whole household
    kind: str | None
    item: str | None
    amount: Decimal | str | None
    source: str | None
    notes: str | None
    month_from: datetime.date | str | None
    month_to: datetime.date | str | None


class AssetData(TypedDict, total=False):
    member: Member | int | str | None  # as an income's
    kind: str | None
    value: Decimal | str | None
    recorded_on: datetime.date | str | None
    notes: str | None


class SupporterData(TypedDict, total=False):
    member: Member | int | str | None  # the member supported, of the household, by id
    name: str | None
    id_number: str | None
    relation: str | None
    able: bool | str | None
    note: str | None


class CareAssessmentData(TypedDict, total=False):
    member: Member | int | str | None  # the member assessed, of the household, by id
    assessed_on: datetime.date | str | None
    failed: list[str] | None  # `Activity` values: the activities not done alone
    assessor: str | None
    note: str | None


class RigidSpendingData(TypedDict, total=False):
    member: Member | int | str | None  # as an income's
    kind: str | None
    amount: Decimal | str | None
    spent_on: datetime.date | str | None
    note: str | None


class HouseholdFields(TypedDict, total=False):
    number: str  # only from an import that keeps the numbers it brings; otherwise the next free one
    address: str
    phone: str
    urban_rural: str
    bank_name: str
    bank_account: str
    military_family: bool
    category_id: int | None  # the county's household category (人员类别), from an import's column


class MemberFields(TypedDict, total=False):
    name: str
    name_pinyin: str
    name_initials: str
    id_number: str
    id_number_reversed: str
    birth_date: datetime.date
    sex: str
    relation: str
    hukou: str
    disability_type: str
    disability_grade: int
    health: str
    labour_capacity: str
    employment: str
    phone: str
    notes: str
    party_hardship: bool


class IncomeFields(TypedDict, total=False):
    member: Member | None
    item: str
    kind: str
    amount: Decimal
    source: str
    notes: str
    month_from: datetime.date
    month_to: datetime.date | None


class AssetFields(TypedDict, total=False):
    member: Member | None
    kind: str
    value: Decimal
    notes: str
    recorded_on: datetime.date


class SupporterFields(TypedDict, total=False):
    member: Member
    supporter_member: Member | None
    name: str
    id_number: str
    relation: str
    able: bool
    note: str


class CareAssessmentFields(TypedDict, total=False):
    member: Member
    assessed_on: datetime.date
    failed: list[str]
    activities_failed: int
    level: str
    assessor: str
    note: str


class RigidSpendingFields(TypedDict, total=False):
    member: Member | None
    kind: str
    amount: Decimal
    spent_on: datetime.date
    note: str
