"""Every household under the policy now and under a new standard: the pairs "what if" compares.

A province's million households are two million calculations of Python Decimal arithmetic, so two
things keep it within a minute on a small server:
- a household whose standard the change leaves as it was (the other urban/rural line, or an area
  whose own standard stands in front of the changed one) is calculated once: the second pass would
  repeat the first with the same facts, rules and amount;
- for the others, what the standard does not touch (income counted, classes, most asset rules) is
  worked out once (`calculation.count`) and only the rest twice (`calculation.settle`);
- the households are shared out among processes forked from this one, which inherit the loaded
  facts rather than receive them, and send back only each household's few compared values.
`compare_plain` is the two whole passes, one after the other, that these must agree with exactly.
"""

import datetime
import gc
import multiprocessing
import os
import threading
from decimal import Decimal
from typing import NamedTuple

from .assessment import Outcome, assess_facts
from .engine.calculation import Counted, NotAssessable, count, settle
from .engine.context import PolicyContext
from .engine.facts import HouseholdFacts

# Below this many households a pool costs more to start than it saves.
PARALLEL_FROM = 20_000
# Households per piece of work handed to a process: large enough that sending it back is cheap
# beside calculating it, small enough that both processes finish at about the same time.
CHUNK = 10_000


class Pair(NamedTuple):
    """What "what if" keeps of one household's two outcomes (a tuple: cheap to send back)."""

    persons: int
    now: Decimal | None  # None: not eligible
    new: Decimal | None
    assessable: bool  # False when either calculation could not be made
    problem: str  # why the household cannot be assessed under the policy now


def pair_of(before: Outcome, after: Outcome) -> Pair:
    persons = after.assessment.covered if after.assessment else len(before.facts.members)
    return Pair(
        persons=persons,
        now=before.amount,
        new=after.amount,
        assessable=before.assessment is not None and after.assessment is not None,
        problem=before.problem.render() if before.problem else "",
    )


def compare_plain(
    facts: list[HouseholdFacts],
    month: datetime.date,
    now: dict[int, PolicyContext],
    new: dict[int, PolicyContext],
) -> list[Pair]:
    """Every household calculated twice, in this process."""
    before = assess_facts(facts, month, now, explain=False)
    after = assess_facts(facts, month, new, explain=False)
    return [pair_of(b, a) for b, a in zip(before, after, strict=True)]


def _outcome(counted: Counted, context: PolicyContext) -> Outcome:
    try:
        return Outcome(counted.facts, settle(counted, context))
    except NotAssessable as exc:
        return Outcome(counted.facts, None, exc.line)


def _same_rules(one: PolicyContext, other: PolicyContext) -> bool:
    """Both contexts read the same rules row (or both the national defaults): the change is to a
    standard only, so this holds for every community; checked rather than assumed."""
    return one.rules.pk == other.rules.pk


def _standard_key(context: PolicyContext, kind: str) -> tuple[str, ...]:
    used = context.standards.get(kind)
    # The amount as written as well as its value: 400 and 400.00 calculate alike, but the
    # calculation would have to be read to know it, and a second pass is cheaper than a doubt.
    return () if used is None else (str(used.amount),)


def unchanged_lines(now: dict[int, PolicyContext], new: dict[int, PolicyContext]) -> set[tuple[int, str]]:
    """(community id, urban/rural) whose standard the change leaves as it was. The rules are the
    same rows in both (only a standard is overridden), and the calculation reads of the standard
    only its amount, so a household on such a line has the same outcome in both passes."""
    return {
        (community, kind)
        for community in now
        for kind in ("urban", "rural")
        if _standard_key(now[community], kind) == _standard_key(new[community], kind)
    }


# What a forked process reads: set in the parent just before the fork, inherited, never sent.
_shared: tuple[list[HouseholdFacts], datetime.date, dict, dict, set] | None = None


def _compare_slice(bounds: tuple[int, int]) -> list[Pair]:
    assert _shared is not None
    facts, month, now, new, unchanged = _shared
    pairs = []
    for item in facts[bounds[0] : bounds[1]]:
        context_now = now[item.community_id]
        counted = count(item, context_now.rules, month, explain=False)
        before = _outcome(counted, context_now)
        if (item.community_id, item.urban_rural) in unchanged:
            after = before
        else:
            context_new = new[item.community_id]
            if not _same_rules(context_now, context_new):
                counted = count(item, context_new.rules, month, explain=False)
            after = _outcome(counted, context_new)
        pairs.append(pair_of(before, after))
    return pairs


def processes_available() -> int:
    """The cores this process may run on, when it can fork safely; 1 otherwise."""
    # A process with other threads (a threaded web server) is not forked: a child would inherit
    # whatever lock another thread held at that moment, held for ever.
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def compare(
    facts: list[HouseholdFacts],
    month: datetime.date,
    now: dict[int, PolicyContext],
    new: dict[int, PolicyContext],
    *,
    processes: int | None = None,
) -> list[Pair]:
    """The same pairs as `compare_plain`, in the same order: unchanged lines calculated once, and
    a large area shared out among `processes` forked processes (default: one per core)."""
    global _shared
    processes = processes_available() if processes is None else processes
    pieces = [(start, min(start + CHUNK, len(facts))) for start in range(0, len(facts), CHUNK)]
    _shared = (facts, month, now, new, unchanged_lines(now, new))
    try:
        if processes < 2 or len(facts) < PARALLEL_FROM or processes_available() < 2:
            return [pair for piece in pieces for pair in _compare_slice(piece)]
        # Without the collector moving them, the inherited facts' pages stay shared with this
        # process instead of being copied into each child as it walks them.
        gc.freeze()
        try:
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                return [pair for part in pool.imap(_compare_slice, pieces) for pair in part]
        finally:
            gc.unfreeze()
    finally:
        _shared = None
