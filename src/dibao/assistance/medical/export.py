"""The disputed rows of a settlement file as a workbook, to follow up with the hospital: its row
number in the hospital's file, the person (ID number masked, as on screen: the row number finds
the whole one in the hospital's own file), the stay, what the hospital paid and what the rules
give, and why the row is disputed."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dibao.core.disclosure import mask_id_number
from dibao.core.sheets.xlsx_stream import StreamedSheet

from ..models import SettlementImport, SettlementOutcome
from .selectors import disputed_rows


def disputed_xlsx(record: SettlementImport) -> bytes:
    rows = disputed_rows(record)
    out = io.BytesIO()
    labels = dict(SettlementOutcome.choices)
    widths = (8, 12, 22, 24, 12, 12, 14, 14, 14, 14, 30)
    with StreamedSheet(out, _("Disputed"), widths, text_columns={2}, whole_columns={0}) as sheet:
        sheet.header(
            [
                _("Row"),
                pgettext("person", "Name"),
                _("ID number"),
                _("Hospital"),
                _("Admitted"),
                _("Discharged"),
                _("In-policy personal cost"),
                _("Paid by the hospital"),
                _("Amount by the rules"),
                _("Difference"),
                _("Why disputed"),
            ]
        )
        for line in rows.iterator():
            sheet.row(
                [
                    line.row,
                    line.name,
                    mask_id_number(line.id_number),
                    line.hospital,
                    f"{line.admitted_on:%Y-%m-%d}",
                    f"{line.discharged_on:%Y-%m-%d}",
                    line.in_policy_cost,
                    line.paid,
                    line.expected,
                    line.paid - line.expected,
                    str(labels.get(line.outcome, line.outcome)),
                ]
            )
    return out.getvalue()
