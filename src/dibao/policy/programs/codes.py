"""The stable codes of the programs (seeded by `policy` migration 0003). The API, the commands and
files name programs by these; the code of the policy engine names a program's test by them too."""

DIBAO = "dibao"
EXTREME_POVERTY = "extreme_poverty"
NEAR_POVERTY = "near_poverty"
RIGID_EXPENSE = "rigid_expense"
DISABILITY_LIVING = "disability_living"
DISABILITY_CARE = "disability_care"
ELDERLY_ALLOWANCE = "elderly_allowance"
TEMPORARY = "temporary"
MEDICAL = "medical"

RECURRING = (
    DIBAO,
    EXTREME_POVERTY,
    NEAR_POVERTY,
    RIGID_EXPENSE,
    DISABILITY_LIVING,
    DISABILITY_CARE,
    ELDERLY_ALLOWANCE,
)
ONE_OFF = (TEMPORARY, MEDICAL)
ALL = RECURRING + ONE_OFF
