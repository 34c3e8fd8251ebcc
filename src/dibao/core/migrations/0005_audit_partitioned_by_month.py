"""The audit trail partitioned by the month of its entries' time (Asia/Shanghai), on PostgreSQL
(docs/architecture.md, "Tables partitioned by month"): its key becomes (id, at) and its unique `seq`
(seq, at) there — the chain's head, locked by every writer, still hands out each seq once, and
`audit-verify` finds a repeated one. No foreign key points at it; SQLite keeps a plain table."""

from django.db import migrations

from dibao.core.services import partitions


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_chain"),
    ]

    operations = [partitions.operation("core_auditentry", "at")]
