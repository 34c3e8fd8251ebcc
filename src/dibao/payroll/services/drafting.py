"""Drafting a run: the lines of every receiving household of a county in a month, set-based.

A run pays the recurring programs `payroll.programs.run_programs` names: the county's shared run
every program the county pays together (and the one-off grants), a program's own run that program
only — so a household's program is paid by one run of the month.

A line is one entitlement's: a household's in a program, or a person's in a program that pays a
person, and it carries the entitlement's program and person. Everything that matches a line to
another row (an earlier run's line, an entitlement, a waiting adjustment) matches it by household,
program and person (`slot`, `same_slot`), so one household's 低保 and its member's subsidy never mix.

Four statements whatever the county's size, so a province's million households drafts in
seconds (bench/payroll_run.py measures it against one hand-written INSERT … SELECT):
1. remove the draft's old lines (releasing the adjustments they carried);
2. one INSERT … SELECT: each entitlement of a program that pays money in force in the month
   (its part-month amount where a stop or a resumption falls inside the month), with the head's
   name and ID number and the bank account as they are today — or, for 特困 supported in an
   institution, the care home's name and account (`benefits.CareHome`). The entitlement decides, not the
   household's status: a household terminated or suspended today is still paid for the months before its stop;
3. arrears (补发): for each earlier approved run of the last two years, what an entitlement
   created after that run was approved says the household was owed and was not paid then —
   a back-dated approval, a back-dated standard change — one UPDATE per earlier run;
5. one-off grants (临时救助, 医疗救助) of programs the county pays in its run: one INSERT … SELECT
   of the granted cash grants nothing carries yet, decided by the end of the month, each pointed
   to its line (`assistance.services.grants`) — a grant is paid once, which the database holds;
4. adjustments waiting for a run (failed payments reissued, overpayments recovered) are carried
   by this run's lines, and each line's total is its amount + arrears + adjustment, never below 0:
   what a recovery leaves over is carried to the next run as a new adjustment.
Nothing here checks roles or states: `payroll.services.runs` does, and calls this in its transaction.
"""

import datetime

from django.db import connection, models
from django.utils import timezone

from dibao.accounts.models import User
from dibao.assistance.models import GrantForm, GrantState, OneOffGrant
from dibao.assistance.services.grants import grants_link_lines, grants_unlink_lines
from dibao.benefits.models import CareHome, Entitlement
from dibao.core.months import add_months
from dibao.policy.programs import codes
from dibao.policy.programs.in_force import program_in_force
from dibao.policy.programs.terms import PAID_IN_RUN
from dibao.registry.models import Household, Member, Relation

from ..models import Adjustment, Line, Run, RunState
from ..programs import run_programs

ARREARS_MONTHS = 24


def slot(alias: str) -> str:
    """Household, program and person of a row (no person: 0, so that two empty ones are equal in
    a row-value comparison on both databases)."""
    return f"{alias}.household_id, {alias}.program_id, COALESCE({alias}.member_id, 0)"


def same_slot(a: str, b: str) -> str:
    return (
        f"{a}.household_id = {b}.household_id AND {a}.program_id = {b}.program_id "
        f"AND COALESCE({a}.member_id, 0) = COALESCE({b}.member_id, 0)"
    )


def _t(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def clear(run: Run) -> None:
    grants_unlink_lines(lines=Line.objects.filter(run=run, grant__isnull=False), actor=None)
    with connection.cursor() as cursor:
        # Remainders this draft carried forward (see carry_adjustments) are made again by the next.
        cursor.execute(
            f"DELETE FROM {_t(Adjustment)} "
            f"WHERE source_line_id IN (SELECT id FROM {_t(Line)} WHERE run_id = %s)",
            [run.pk],
        )
        cursor.execute(
            f"UPDATE {_t(Adjustment)} SET applied_line_id = NULL "
            f"WHERE applied_line_id IN (SELECT id FROM {_t(Line)} WHERE run_id = %s)",
            [run.pk],
        )
        cursor.execute(f"DELETE FROM {_t(Line)} WHERE run_id = %s", [run.pk])


INSERT_LINES = """
INSERT INTO {line} (run_id, month, household_id, entitlement_id, program_id, member_id, community_id,
                    street_id, urban_rural, benefit_class, persons, amount, arrears, adjustment, total,
                    head_name, head_id_number, bank_name, bank_account, result, result_reason)
SELECT %s, %s, h.id, e.id, e.program_id, e.member_id, h.community_id, c.parent_id,
       e.urban_rural, e.benefit_class, e.persons, {month_amount}, 0, 0, {month_amount},
       COALESCE(ch.name, m.name, ''), CASE WHEN ch.id IS NULL THEN COALESCE(m.id_number, '') ELSE '' END,
       COALESCE(ch.bank_name, h.bank_name), COALESCE(ch.bank_account, h.bank_account), 'pending', ''
FROM {household} h
JOIN {entitlement} e ON e.household_id = h.id
                    AND e.month_from <= %s AND (e.month_to IS NULL OR e.month_to >= %s)
                    AND e.program_id IN ({programs})
JOIN {area} c ON c.id = h.community_id
LEFT JOIN {member} m ON m.household_id = h.id AND m.relation = %s
LEFT JOIN {care_home} ch ON ch.id = e.care_home_id
WHERE h.county_id = %s
"""


def month_amount(alias: str, month: datetime.date) -> str:
    """What version `alias` pays in `month`: a part-month amount in its last or first month.

    The month is written as a literal (it is a date, formatted here) because the statements it
    goes into are positional and use it more than once."""
    m = f"'{month:%Y-%m-%d}'"
    return (
        f"CASE WHEN {alias}.month_to = {m} AND {alias}.last_month_amount IS NOT NULL "
        f"THEN {alias}.last_month_amount "
        f"WHEN {alias}.month_from = {m} AND {alias}.first_month_amount IS NOT NULL "
        f"THEN {alias}.first_month_amount ELSE {alias}.amount END"
    )


def insert_lines(run: Run, programs: list[str]) -> None:
    from dibao.areas.models import Area

    if not programs:
        return
    sql = INSERT_LINES.format(
        line=_t(Line),
        household=_t(Household),
        entitlement=_t(Entitlement),
        area=_t(Area),
        member=_t(Member),
        care_home=_t(CareHome),
        month_amount=month_amount("e", run.month),
        programs=", ".join(["%s"] * len(programs)),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [run.pk, run.month, run.month, run.month, *programs, Relation.SELF, run.county_id]
        )


ARREARS = """
UPDATE {line} SET arrears = arrears + (
    SELECT {month_amount} - COALESCE((SELECT p.amount FROM {line} p
                                WHERE p.run_id = %s AND {p_is_line}), 0)
    FROM {entitlement} e
    WHERE {e_is_line}
      AND e.month_from <= %s AND (e.month_to IS NULL OR e.month_to >= %s)
)
WHERE run_id = %s {only} AND ({line_slot}) IN (
    SELECT {e_slot} FROM {entitlement} e
    WHERE e.created_at > %s AND e.month_from <= %s AND (e.month_to IS NULL OR e.month_to >= %s)
      AND {month_amount} > COALESCE((SELECT p.amount FROM {line} p
                               WHERE p.run_id = %s AND {p_is_e}), 0)
)
"""


def add_arrears(run: Run, programs: list[str]) -> None:
    """Each earlier run is asked only about the programs it paid (a county may pay a program in a
    run of its own, and may have moved it in or out since): a slot's earlier month is compared
    with the one run that paid it then, never with a run that had no line for it."""
    earliest = datetime.date(run.month.year - ARREARS_MONTHS // 12, run.month.month, 1)
    earlier = (
        Run.objects.filter(
            county_id=run.county_id,
            month__lt=run.month,
            month__gte=earliest,
            state__in=[RunState.APPROVED, RunState.EXPORTED, RunState.PAID, RunState.CLOSED],
        )
        .exclude(approved_at__isnull=True)
        .select_related("county")
    )
    with connection.cursor() as cursor:
        for old in earlier.order_by("month", "id"):
            covered = [code for code in run_programs(old) if code in programs]
            if not covered:
                continue
            # The usual case, one run a month paying everything, needs no condition.
            only = (
                ""
                if len(covered) == len(programs)
                else f"AND program_id IN ({', '.join(['%s'] * len(covered))})"
            )
            line = _t(Line)
            sql = ARREARS.format(
                line=line,
                entitlement=_t(Entitlement),
                month_amount=month_amount("e", old.month),
                p_is_line=same_slot("p", line),
                e_is_line=same_slot("e", line),
                p_is_e=same_slot("p", "e"),
                line_slot=slot(line),
                e_slot=slot("e"),
                only=only,
            )
            cursor.execute(
                sql,
                [
                    old.pk,
                    old.month,
                    old.month,
                    run.pk,
                    *(covered if only else []),
                    old.approved_at,
                    old.month,
                    old.month,
                    old.pk,
                ],
            )


def carry_adjustments(run: Run) -> None:
    adjustment, line = _t(Adjustment), _t(Line)
    waiting = f"SELECT {slot('w')} FROM {adjustment} w WHERE w.applied_line_id IS NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {line} SET adjustment = (SELECT SUM(a.amount) FROM {adjustment} a "
            f"WHERE {same_slot('a', line)} AND a.applied_line_id IS NULL) "
            f"WHERE run_id = %s AND ({slot(line)}) IN ({waiting})",
            [run.pk],
        )
        cursor.execute(
            f"UPDATE {adjustment} SET applied_line_id = (SELECT l.id FROM {line} l "
            f"WHERE l.run_id = %s AND {same_slot('l', adjustment)}) "
            f"WHERE applied_line_id IS NULL "
            f"AND ({slot(adjustment)}) IN (SELECT {slot('r')} FROM {line} r WHERE r.run_id = %s)",
            [run.pk, run.pk],
        )
        # A recovery larger than the month's money: pay nothing now and carry what is left to the
        # next run, so that nothing of it is lost.
        cursor.execute(
            f"INSERT INTO {adjustment} (household_id, program_id, member_id, kind, amount, note, "
            f"source_line_id, applied_line_id, created_at, created_by_id) "
            f"SELECT household_id, program_id, member_id, %s, amount + arrears + adjustment, %s, "
            f"id, NULL, %s, NULL "
            f"FROM {line} WHERE run_id = %s AND amount + arrears + adjustment < 0",
            [Adjustment.Kind.RECOVERY, "remainder", timezone.now(), run.pk],
        )
        cursor.execute(
            f"UPDATE {line} SET total = CASE WHEN amount + arrears + adjustment < 0 THEN 0 "
            f"ELSE amount + arrears + adjustment END WHERE run_id = %s AND (arrears <> 0 OR adjustment <> 0)",
            [run.pk],
        )


INSERT_GRANT_LINES = """
INSERT INTO {line} (run_id, month, household_id, entitlement_id, grant_id, program_id, member_id,
                    community_id, street_id, urban_rural, benefit_class, persons, amount, arrears,
                    adjustment, total, head_name, head_id_number, bank_name, bank_account, result,
                    result_reason)
SELECT %s, %s, h.id, NULL, g.id, g.program_id, g.member_id, g.community_id, c.parent_id,
       h.urban_rural, '', 1, g.amount, 0, 0, g.amount,
       COALESCE(m.name, ''), COALESCE(m.id_number, ''), h.bank_name, h.bank_account, 'pending', ''
FROM {grant} g
JOIN {household} h ON h.id = g.household_id
JOIN {area} c ON c.id = g.community_id
LEFT JOIN {member} m ON m.household_id = h.id AND m.relation = %s
WHERE g.county_id = %s AND g.state = %s AND g.form = %s AND g.decided_on < %s
  AND g.paid_line_id IS NULL AND g.paid_batch_id IS NULL AND g.program_id IN ({programs})
"""


def paid_in_run(run: Run) -> list[str]:
    """The one-off programs whose grants the county pays in its monthly run (`paid_in` term): in
    its shared run, never in a program's own."""
    if run.program_id is not None:
        return []
    return [
        code
        for code in codes.ONE_OFF
        if (found := program_in_force(run.county, run.month, code)) is not None
        and found.terms.get("paid_in", PAID_IN_RUN) == PAID_IN_RUN
    ]


def insert_grant_lines(run: Run, actor: User | None) -> None:
    from dibao.areas.models import Area

    programs = paid_in_run(run)
    if not programs:
        return
    sql = INSERT_GRANT_LINES.format(
        line=_t(Line),
        grant=_t(OneOffGrant),
        household=_t(Household),
        area=_t(Area),
        member=_t(Member),
        programs=", ".join(["%s"] * len(programs)),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                run.pk,
                run.month,
                Relation.SELF,
                run.county_id,
                GrantState.GRANTED,
                GrantForm.CASH,
                add_months(run.month, 1),
                *programs,
            ],
        )
    grants_link_lines(lines=Line.objects.filter(run=run, grant__isnull=False), actor=actor)


def draft(run: Run, actor: User | None = None) -> None:
    """Replace the run's lines by those its month calls for (in the caller's transaction)."""
    programs = run_programs(run)
    clear(run)
    insert_lines(run, programs)
    add_arrears(run, programs)
    insert_grant_lines(run, actor)
    carry_adjustments(run)
