"""Taking over a county's households already receiving dibao (`dibao import-recipients`).

A county that adopts dibao already pays its households from an Excel roster. The file is the
register's roster (one row per member, the same headers, words, encodings and checks) with four
columns more on each head's row: 社区 (which community of the county), 保障类别, 月保障金 and
起始年月. Each household is registered as receiving, with an entitlement of the roster's amount
from the roster's month: a migrated household keeps what it was paid. The assessment under the
county's policy is stored beside it as its explanation, when the household can be assessed.

Or the file is the county's payment roster (发放名册, `payment_roster`), one row per household:
its head, the persons it is paid for and what it is paid, split as 保障金 and 分类施保金, from the
month the importer gives. Either way the households enter the ledger as brought in (期初结转), not as
new ones (`services.grants.entitlements_bulk_grant`).
"""
