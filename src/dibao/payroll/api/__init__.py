"""The payroll REST API: runs, their lines and their steps (registered in config/api_urls.py)."""

from .runs import PayrollRunViewSet

__all__ = ["PayrollRunViewSet"]
