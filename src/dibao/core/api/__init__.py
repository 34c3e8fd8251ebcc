"""API plumbing shared by every app: one error shape, who may call, strict input, shared fields.

Each app's endpoints live in its own `api` module; they shape input and output only and leave every
rule to the services, exactly as the pages do.
"""

from .handler import exception_handler

__all__ = ["exception_handler"]
