"""What printing a case's forms records: a form printed with whole ID numbers names who printed
it and whose numbers it carried (core.disclosure). The printing itself is `cases.printing`."""

from typing import Any

from django.db import transaction

from dibao.accounts.models import User
from dibao.core import audit, disclosure

from ..models import Application


def whole_numbers_printed_record(
    *, application: Application, viewer: User | None, form: str, members: list[Any]
) -> None:
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action=audit.Action.REVEAL,
            obj=application,
            area_code=application.community.code,
            household_id=application.household_id,
            after={
                "printed": form,
                "members": [{"id": m.pk, "name": m.name} for m in members],
                "whole_bank_account": disclosure.sees_whole_account(viewer, disclosure.Use.PRINT),
            },
        )
