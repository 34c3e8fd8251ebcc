"""A receiving household of 海州 to complain about, and complaints received through the service."""

import datetime
from types import SimpleNamespace
from typing import Any

from dibao.complaints import services

from ..benefits.support import receiving
from ..cases.support import standards

HEAD = "欧阳明月"
D = datetime.date


def setting(areas, users) -> SimpleNamespace:
    standards(areas)
    entitlement = receiving(areas.haizhou, users.haizhou, head={"name": HEAD}, members=1)
    return SimpleNamespace(household=entitlement.household)


def receive(actor, *, received_on: Any = "2026-03-06", **subject: Any):
    """A phone report about something (a household, a worker …) received by `actor`."""
    data: dict[str, Any] = {
        "channel": subject.pop("channel", "phone"),
        "kind": subject.pop("kind", "report"),
        "received_on": received_on,
        "subject_kind": subject.pop("subject_kind", "household" if "household" in subject else "other"),
        "summary": subject.pop("summary", "家中有车辆未申报"),
        "complainant_name": subject.pop("complainant_name", "张三丰"),
        "complainant_phone": subject.pop("complainant_phone", "13812345678"),
    }
    data.update(subject.pop("data", {}))
    return services.complaint_receive(data=data, actor=actor, **subject)
