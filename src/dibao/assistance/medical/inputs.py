"""What the medical services take: every key optional, values as typed or sent, for the service
to judge (as each app's `inputs.py`)."""

from typing import TypedDict


class ClaimData(TypedDict, total=False):
    id_number: str
    hospital: str
    admitted_on: object
    discharged_on: object
    kind: str
    total_cost: object
    insurance_paid: object
    serious_insurance_paid: object
    in_policy_cost: object
    illness: bool
    note: str


class DecisionData(TypedDict, total=False):
    approve: bool
    amount: object  # the amount decided; the amount by the rules when not given
    note: str
