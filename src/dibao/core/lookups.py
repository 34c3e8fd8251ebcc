"""`field__prefix=value`: a "starts with" that both databases answer from an ordinary index.

Django's `startswith` is a LIKE that SQLite cannot serve from an index (its LIKE is case-folding)
and PostgreSQL only with a pattern-ops index. Search keys here are already normalised (lower-case
pinyin, digits, upper-case X), so an exact-case prefix is what is wanted:
- SQLite: a range `col >= 'zs' AND col < 'zs\U0010ffff'` over the binary collation;
- PostgreSQL: `col LIKE 'zs%'` against an index with varchar_pattern_ops (see the models' Meta).
"""

from typing import Any

from django.db.models import CharField, Lookup


@CharField.register_lookup
class Prefix(Lookup):
    lookup_name = "prefix"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        value = str(self.rhs)
        if connection.vendor == "postgresql":
            escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            return f"{lhs} LIKE %s", [*lhs_params, escaped + "%"]
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, value, *lhs_params, value + "\U0010ffff"]
