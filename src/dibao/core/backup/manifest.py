"""What an archive says about itself, and the checks a restore makes of it before it writes."""

import dataclasses
import datetime
import json
from typing import Any

import django
from django.utils.translation import gettext_lazy as _

from dibao.core.errors import DomainError

# Bumped when the archive's layout changes; a restore refuses a format it does not know.
FORMAT = 1


def dibao_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dibao")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


@dataclasses.dataclass
class Manifest:
    vendor: str  # "postgresql" or "sqlite"
    database_file: str  # the archive member holding the database
    database_sha256: str
    migrations: list[tuple[str, str]]  # (app, name) applied when the backup was made
    tables: dict[str, int]  # every table's row count, from the same snapshot as the dump
    files: dict[str, dict[str, Any]]  # path under MEDIA_ROOT -> {"size", "sha256"}
    audit_head: dict[str, Any] | None  # the audit trail's last entry when the backup was made
    created_at: str = dataclasses.field(
        default_factory=lambda: datetime.datetime.now(datetime.UTC).isoformat()
    )
    dibao: str = dataclasses.field(default_factory=dibao_version)
    django: str = dataclasses.field(default_factory=lambda: django.get_version())
    format: int = FORMAT

    def to_json(self) -> str:
        data = dataclasses.asdict(self)
        data["migrations"] = [list(m) for m in self.migrations]
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: bytes | str) -> "Manifest":
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("not an object")
            if data.get("format") != FORMAT:
                raise DomainError(
                    _("The archive's format is %(theirs)s; this dibao restores format %(ours)s.")
                    % {"theirs": data.get("format"), "ours": FORMAT}
                )
            data["migrations"] = [(str(app), str(name)) for app, name in data["migrations"]]
            data["tables"] = {str(k): int(v) for k, v in data["tables"].items()}
            fields = {f.name for f in dataclasses.fields(cls)}
            unknown = set(data) - fields
            if unknown:
                raise ValueError(f"unknown keys {sorted(unknown)}")
            return cls(**data)
        except DomainError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise DomainError(
                _("The archive's manifest.json cannot be read: %(why)s.") % {"why": exc}
            ) from None

    @property
    def total_rows(self) -> int:
        return sum(self.tables.values())
