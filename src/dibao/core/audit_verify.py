"""Checking the audit chain, and the daily anchors an auditor keeps outside the system.

`verify` reads the chain in order of `seq`, a slice at a time, and recomputes each entry's hash
from its stored fields and the hash before it. It stops at the first break and says what kind:

- altered: an entry's content no longer gives its hash, or its hash was rewritten (the entry
  after it still links to the old one), or it differs from a kept anchor or the chain's head;
- deleted: a gap in `seq`, or a chain that ends before its head (or an anchor) says it does;
- inserted: an entry the one after it links past, or entries beyond the chain's head;
- reordered: an entry whose hash holds under another `seq` than the one it now has.

An anchor is the chain's last entry at the end of a day (Asia/Shanghai): its `seq` and `hash`,
printed or saved by `dibao audit-anchor` and kept where dibao's administrators cannot reach it.
Whoever can write to the database can rebuild a chain from any point with fresh hashes (there is
no secret in them); what they cannot do is make it pass through an anchor kept elsewhere.
"""

import datetime
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit_chain import GENESIS, HASHED_FIELDS, entry_hash
from .errors import DomainError
from .models import AuditChainHead, AuditEntry

SLICE = 2000
# How far from its place a moved entry is looked for (a hash each: cheap, and only at a break).
MOVED_WITHIN = 1000
ROW_FIELDS = (*HASHED_FIELDS, "id", "hash")


class Kind:
    ALTERED = "altered"
    DELETED = "deleted"
    INSERTED = "inserted"
    REORDERED = "reordered"


@dataclass(frozen=True)
class Break:
    kind: str
    entry_id: int | None
    seq: int | None
    at: str | None  # the entry's time, local (Asia/Shanghai), ISO 8601
    detail: str


@dataclass(frozen=True)
class Outcome:
    checked: int
    first_seq: int | None
    last_seq: int | None
    last_hash: str
    broken: Break | None


@dataclass(frozen=True)
class Anchor:
    day: datetime.date
    seq: int
    hash: str
    at: str  # the anchored entry's time, local, ISO 8601

    def as_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "seq": self.seq, "hash": self.hash, "at": self.at}


def _local(at: datetime.datetime) -> str:
    return timezone.localtime(at).isoformat()


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _break(kind: str, row: dict[str, Any] | None, detail: str) -> Break:
    if row is None:
        return Break(kind=kind, entry_id=None, seq=None, at=None, detail=detail)
    return Break(kind=kind, entry_id=row["id"], seq=row["seq"], at=_local(row["at"]), detail=detail)


def _rows(first_seq: int) -> Iterator[dict[str, Any]]:
    """The chain from `first_seq` on, in order, a slice at a time (keyset: each slice starts after
    the last `seq` read, so memory stays one slice however long the trail)."""
    after = first_seq - 1
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=after).order_by("seq").values(*ROW_FIELDS)[:SLICE])
        yield from rows
        if len(rows) < SLICE:
            return
        after = rows[-1]["seq"]


def _row(seq: int) -> dict[str, Any] | None:
    return AuditEntry.objects.filter(seq=seq).values(*ROW_FIELDS).first()


def _moved_from(row: dict[str, Any]) -> int | None:
    """The `seq` under which this entry's hash holds, if another one near its place."""
    low = max(1, row["seq"] - MOVED_WITHIN)
    for seq in range(low, row["seq"] + MOVED_WITHIN + 1):
        if seq != row["seq"] and entry_hash({**row, "seq": seq}) == row["hash"]:
            return seq
    return None


def _content_break(
    row: dict[str, Any], before: dict[str, Any] | None, after: dict[str, Any] | None, prev: str
) -> Break:
    """What an entry whose hash does not follow from its stored fields is: inserted, moved, or altered."""
    if before is not None and row["prev_hash"] == before["prev_hash"]:
        # It and the entry before it both link to the same entry: that one was put in between.
        return _break(
            Kind.INSERTED,
            before,
            _("Entry #%(n)s was put into the chain: the entry after it links past it.")
            % {"n": before["seq"]},
        )
    moved = _moved_from(row)
    if moved is not None:
        return _break(
            Kind.REORDERED,
            row,
            _("Entry #%(n)s was written as entry #%(m)s and has been moved.") % {"n": row["seq"], "m": moved},
        )
    if after is not None and after["prev_hash"] == prev:
        return _break(
            Kind.INSERTED,
            row,
            _("Entry #%(n)s was put into the chain: the entry after it links past it.") % {"n": row["seq"]},
        )
    return _break(
        Kind.ALTERED,
        row,
        _("Entry #%(n)s was changed after it was written: its content no longer gives its hash.")
        % {"n": row["seq"]},
    )


def _start(day: datetime.date | None) -> tuple[int | None, str, Break | None]:
    """Where a check begins: the first `seq`, the hash it trusts before it, or a break."""
    if day is None:
        return 1, GENESIS, None
    first = AuditEntry.objects.filter(at__gte=day_start(day)).order_by("seq").values("seq").first()
    if first is None:
        return None, "", None
    if first["seq"] == 1:
        return 1, GENESIS, None
    before = _row(first["seq"] - 1)
    if before is None:
        missing = _row(first["seq"])
        return (
            None,
            "",
            _break(
                Kind.DELETED,
                missing,
                _("Entry #%(n)s, the one before the day's first, is missing.") % {"n": first["seq"] - 1},
            ),
        )
    return first["seq"], before["hash"], None


def _anchor_break(anchor: Anchor) -> Break | None:
    """Whether the chain still has the anchored entry with the anchored hash."""
    row = _row(anchor.seq)
    if row is None:
        return _break(
            Kind.DELETED,
            None,
            _("Entry #%(n)s, which the anchor of %(day)s names, is missing.")
            % {"n": anchor.seq, "day": anchor.day},
        )
    if row["hash"] != anchor.hash:
        return _break(
            Kind.ALTERED,
            row,
            _("Entry #%(n)s does not have the hash the anchor of %(day)s kept.")
            % {"n": anchor.seq, "day": anchor.day},
        )
    return None


def verify(*, since: datetime.date | None = None, anchor: Anchor | None = None) -> Outcome:
    """Recompute the chain (from `since`'s first entry, trusting the hash before it) and return
    how many entries were checked and the first break, if any."""
    head_before = AuditChainHead.objects.filter(pk=1).first()
    first_seq, prev, broken = _start(since)
    checked, last_seq = 0, None

    def outcome(broken: Break | None) -> Outcome:
        return Outcome(
            checked=checked,
            first_seq=first_seq if checked else None,
            last_seq=last_seq,
            last_hash=prev,
            broken=broken,
        )

    if broken is not None:
        return outcome(broken)
    if anchor is not None and (broken := _anchor_break(anchor)) is not None:
        return outcome(broken)
    if first_seq is None:  # nothing written since that day
        return outcome(None)
    expected, before = first_seq, None
    rows = _rows(first_seq)
    row = next(rows, None)
    while row is not None:
        after = next(rows, None)
        if row["seq"] != expected:
            return outcome(
                _break(
                    Kind.DELETED,
                    row,
                    _("Entries #%(a)s to #%(b)s are missing before entry #%(n)s.")
                    % {"a": expected, "b": row["seq"] - 1, "n": row["seq"]},
                )
            )
        if entry_hash(row) != row["hash"]:
            return outcome(_content_break(row, before, after, prev))
        if row["prev_hash"] != prev:
            if before is not None and row["prev_hash"] == before["prev_hash"]:
                return outcome(
                    _break(
                        Kind.INSERTED,
                        before,
                        _("Entry #%(n)s was put into the chain: the entry after it links past it.")
                        % {"n": before["seq"]},
                    )
                )
            if before is None:  # the first entry checked: the hash before it was trusted, not checked
                return outcome(
                    _break(
                        Kind.ALTERED,
                        row,
                        _(
                            "Entry #%(n)s does not link to the hash of entry #%(m)s: "
                            "one of the two was rewritten."
                        )
                        % {"n": row["seq"], "m": row["seq"] - 1},
                    )
                )
            return outcome(
                _break(
                    Kind.ALTERED,
                    before,
                    _("Entry #%(n)s was rewritten with a new hash: entry #%(m)s still links to its old one.")
                    % {"n": before["seq"], "m": row["seq"]},
                )
            )
        checked, last_seq, prev = checked + 1, row["seq"], row["hash"]
        expected, before, row = expected + 1, row, after
    return outcome(_end_break(head_before, last_seq, prev, before))


def _end_break(
    head_before: AuditChainHead | None, last_seq: int | None, last_hash: str, last: dict[str, Any] | None
) -> Break | None:
    """The chain's end against its head: read before the walk for what must be there, after it
    for what may (entries appended while the check ran are not breaks)."""
    end = last_seq or 0
    if head_before is not None and end < head_before.seq:
        return _break(
            Kind.DELETED,
            last,
            _("The chain ends at entry #%(n)s but its head says #%(h)s: the entries after it are missing.")
            % {"n": end, "h": head_before.seq},
        )
    head_after = AuditChainHead.objects.filter(pk=1).first()
    if head_after is None:
        return None
    if end > head_after.seq:
        return _break(
            Kind.INSERTED,
            _row(head_after.seq + 1),
            _("Entries #%(a)s to #%(b)s lie beyond the chain's head: they were put in without it.")
            % {"a": head_after.seq + 1, "b": end},
        )
    if end == head_after.seq and last_hash != head_after.hash:
        return _break(
            Kind.ALTERED,
            last,
            _("Entry #%(n)s was rewritten with a new hash: the chain's head still has its old one.")
            % {"n": end},
        )
    return None


# Anchors


def anchor_for(day: datetime.date) -> Anchor | None:
    """The chain's last entry at the end of `day` (None before the first entry)."""
    end = day_start(day + datetime.timedelta(days=1))
    row = AuditEntry.objects.filter(at__lt=end).order_by("-at", "-seq").values("seq", "hash", "at").first()
    if row is None:
        return None
    return Anchor(day=day, seq=row["seq"], hash=row["hash"], at=_local(row["at"]))


@dataclass(frozen=True)
class DayAnchor:
    anchor: Anchor
    entries: int  # written that day, all areas (the chain is one)
    in_area: int  # of them, in the viewer's area


def anchors_by_day(*, visible: QuerySet[AuditEntry], days: int) -> list[DayAnchor]:
    """The anchors of the last `days` days that have entries, newest first: three queries."""
    since = day_start(timezone.localdate() - datetime.timedelta(days=days - 1))
    by_day = TruncDate("at", tzinfo=timezone.get_current_timezone())
    totals = list(
        AuditEntry.objects.filter(at__gte=since)
        .annotate(day=by_day)
        .values("day")
        .annotate(last=Max("seq"), entries=Count("id"))
        .order_by("-day")
    )
    mine = dict(
        visible.filter(at__gte=since)
        .annotate(day=by_day)
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    lasts = {
        row["seq"]: row
        for row in AuditEntry.objects.filter(seq__in=[t["last"] for t in totals]).values("seq", "hash", "at")
    }
    return [
        DayAnchor(
            anchor=Anchor(
                day=t["day"], seq=t["last"], hash=lasts[t["last"]]["hash"], at=_local(lasts[t["last"]]["at"])
            ),
            entries=t["entries"],
            in_area=mine.get(t["day"], 0),
        )
        for t in totals
        if t["last"] in lasts
    ]


def anchor_from_json(text: str) -> Anchor:
    """An anchor as `audit-anchor --out` wrote it; a clear refusal for anything else."""
    try:
        data = json.loads(text)
        anchor = Anchor(
            day=datetime.date.fromisoformat(data["date"]),
            seq=int(data["seq"]),
            hash=str(data["hash"]),
            at=str(data.get("at", "")),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise DomainError(
            _("This is not an anchor written by `dibao audit-anchor` (%(e)s).") % {"e": exc}
        ) from None
    if len(anchor.hash) != 64 or anchor.seq < 1:
        raise DomainError(
            _("This is not an anchor written by `dibao audit-anchor` (%(e)s).") % {"e": "seq/hash"}
        )
    return anchor


def break_json(broken: Break | None) -> dict[str, Any] | None:
    return None if broken is None else asdict(broken)
