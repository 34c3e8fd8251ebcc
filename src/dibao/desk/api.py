"""`GET worklist/`: what waits for the caller today — the landing page's list, the first 50 of
each kind, with the counts of each kind in all (as `dibao worklist --json`)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.policy.api.common import StaffAPIView

from .worklist import worklist


class KindCount(serializers.Serializer):
    kind = serializers.CharField(help_text="The kind of work: application, notice, review_due, payroll_run …")
    label = serializers.CharField(help_text="Its name, in the caller's language.")  # type: ignore[assignment]  # a field, not Field.label
    count = serializers.IntegerField(help_text="How many wait in all (the items list the first 50).")
    note = serializers.CharField(
        help_text="How current the count is, where it is kept (found cases); or empty."
    )


class WorkItemOutput(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField(help_text="What to do, in the caller's language.")
    program = serializers.CharField(help_text="The program's code; empty for work of no one program.")
    household = serializers.CharField(help_text="The household's number; empty for a payroll run.")
    head_name = serializers.CharField(help_text="The household head's name.")
    community = serializers.CharField(help_text="The community's name (the county's for a run).")
    due = serializers.DateField(allow_null=True, help_text="The day it must be done by, if there is one.")
    overdue = serializers.BooleanField()
    url = serializers.CharField(help_text="The page where it is done (a path on this site).")


class WorklistOutput(serializers.Serializer):
    date = serializers.DateField(help_text="Today, in the county's time zone.")
    total = serializers.IntegerField(help_text="Everything waiting, all kinds together.")
    counts = KindCount(many=True, help_text="Each kind with something waiting, in the desk's order.")
    items = WorkItemOutput(many=True)


class WorklistView(StaffAPIView):
    """What waits for the caller today: applications at their step, notices ending, help given first
    with paperwork owed, reviews due and waiting for approval, payroll runs, found cases. Limited to
    the caller's area; a role that cannot act on a kind gets none of it (an auditor: nothing)."""

    @extend_schema(responses=WorklistOutput, summary="What waits for me today")
    def get(self, request: Request) -> Response:
        return Response(worklist(staff(request), timezone.localdate()).as_json())
