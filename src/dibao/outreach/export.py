"""A service's list as the workbook the district office that delivers it works from: one row per
registration, streamed (`core.sheets.xlsx_stream`). It is a work file (`core.disclosure`): whole ID
numbers for those who register, masked for anyone else, and each export recorded
(`services.entries_export_record`)."""

from collections.abc import Iterable
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dibao.core import disclosure
from dibao.core.sheets.xlsx_stream import StreamedSheet
from dibao.registry.models import DisabilityGrade, DisabilityType, Sex

from .models import Entry, EntryState, Service

WIDTHS = (6, 14, 10, 22, 6, 6, 14, 16, 14, 12, 10, 12, 10, 24, 24)


def write_entries(out: IO[bytes], service: Service, rows: Iterable[Entry], viewer: Any, *, size: int) -> int:
    """Writes the sheet to `out`; returns how many registrations it lists."""
    states = dict(EntryState.choices)
    sexes, types, grades = dict(Sex.choices), dict(DisabilityType.choices), dict(DisabilityGrade.choices)
    n = 0
    with StreamedSheet(
        out, service.name, WIDTHS, text_columns={3, 7, 8}, whole_columns={0, 5}, rows=size + 1
    ) as sheet:
        sheet.header(
            [
                _("No."),
                _("Community"),
                pgettext("person", "Name"),
                _("ID number"),
                _("Sex"),
                _("Age"),
                _("Disability"),
                _("Phone"),
                _("Household number"),
                _("Registered on"),
                _("Step"),
                _("Step reached on"),
                _("State"),
                _("Outcome"),
                _("Note"),
            ]
        )
        for entry in rows:
            n += 1
            member = entry.member
            disability = ""
            if member.disability_grade:
                kind, grade = types.get(member.disability_type, ""), grades.get(member.disability_grade, "")
                disability = f"{kind} {grade}".strip()
            sheet.row(
                [
                    n,
                    entry.community.name,
                    member.name,
                    disclosure.id_number_for(viewer, member.id_number, disclosure.Use.WORK_FILE),
                    str(sexes.get(member.sex, "")),
                    disclosure.age_of(member.birth_date),
                    disability,
                    member.phone,
                    entry.household.number,
                    f"{entry.registered_on:%Y-%m-%d}",
                    entry.service.step_name(entry.step),
                    f"{entry.step_on:%Y-%m-%d}",
                    str(states.get(entry.state, entry.state)),
                    entry.outcome,
                    entry.note,
                ]
            )
    return n
