"""Long work as background tasks (django-tasks), with its progress: see docs/architecture.md."""
