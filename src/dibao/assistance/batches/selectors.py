"""Reading disbursement batches: a batch is its county's, seen by the users whose area holds the
county (its officers and auditors); anyone else is told it does not exist (`core.scoping`)."""

from django.db.models import QuerySet

from dibao.accounts.models import User
from dibao.core.errors import NotFound
from dibao.core.scoping import Operator, within

from ..models import DisbursementBatch, OneOffGrant
from . import bankfile


def visible_batches(user: User | Operator) -> QuerySet[DisbursementBatch]:
    return within(DisbursementBatch.objects.all(), user, "county__code").select_related(
        "county", "program", "created_by", "approved_by"
    )


def batch_get(user: User | Operator, pk: int | str) -> DisbursementBatch:
    found = visible_batches(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def batch_grants(user: User | Operator, batch: DisbursementBatch) -> QuerySet[OneOffGrant]:
    """The batch's grants in the order of its bank file, with the head's name and ID number and the
    household's account (one query), within the user's area as every read of grants is."""
    return within(bankfile.paid_grants(batch), user, "community__code").select_related(
        "household", "community", "member"
    )


def without_account(batch: DisbursementBatch) -> int:
    """How many of the batch's grants go to a household with no bank account on file: the bank
    cannot pay them, so the page says so before the file is sent."""
    return batch.grants.filter(household__bank_account="").count()
