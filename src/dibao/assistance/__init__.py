"""One-off assistance: 临时救助 (`temporary`) with help first, 医疗救助 (`medical`) with one-stop
settlement, and holiday relief — decided on time, paid once, counted in 人次 and 万元.

Sits above cases (a one-off grant is decided through the same applications, notices and audit)
and below payroll (which pays a grant once, in the monthly run or in a batch of its own)."""
