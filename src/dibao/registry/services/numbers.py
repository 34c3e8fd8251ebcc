"""Household numbers: the county's code followed by an eight-digit sequence (`21020400000042`)."""

from django.db import transaction

from dibao.areas.models import Area

from ..models import Household, NumberSequence


def take_household_numbers(county: Area, count: int) -> list[str]:
    """Reserve `count` numbers no household of the county holds yet. Call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Household numbers are taken inside the transaction that uses them.")
    sequence, _ = NumberSequence.objects.select_for_update().get_or_create(county=county)
    numbers: list[str] = []
    last = sequence.last
    while len(numbers) < count:
        batch = [f"{county.code}{n:08d}" for n in range(last + 1, last + 1 + count - len(numbers))]
        last += len(batch)
        # Imported rosters may bring their own numbers; never hand one of those out again.
        taken = set(
            Household.objects.filter(county=county, number__in=batch).values_list("number", flat=True)
        )
        numbers.extend(n for n in batch if n not in taken)
    sequence.last = last
    sequence.save(update_fields=["last"])
    return numbers
