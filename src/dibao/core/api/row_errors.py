"""A refused file's errors row by row, as every import's API answers them
(`core.sheets.row_errors.RowError`)."""

from rest_framework import serializers


class RowErrorOutput(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row's number in the spreadsheet (1 is the first row).")
    column = serializers.CharField(help_text="The column's header as the file has it; empty for the file.")
    value = serializers.CharField(help_text="The cell as read.")
    reason = serializers.CharField()
