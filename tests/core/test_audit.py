import pytest

from dibao.core import audit
from dibao.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction(areas):
    with pytest.raises(RuntimeError):
        audit.record(actor=None, action=audit.Action.UPDATE, obj=areas.county, area_code="210204")


def test_snapshot_is_json_safe_and_changes_keep_only_differences(areas):
    data = audit.snapshot(areas.haizhou)
    assert data["code"] == "210204001001" and data["parent_id"] == areas.xinghaiwan.pk
    before, after = audit.changes({"a": 1, "b": 2}, {"a": 1, "b": 3})
    assert (before, after) == ({"b": 2}, {"b": 3})


def test_area_creation_was_audited(areas):
    assert AuditEntry.objects.filter(object_type="areas.area", action="create").count() >= 14
