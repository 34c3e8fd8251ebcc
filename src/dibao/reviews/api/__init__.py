"""The dynamic-management REST API: the change report (to be registered in config/api_urls.py)."""

from .report import ChangeReportView

__all__ = ["ChangeReportView"]
