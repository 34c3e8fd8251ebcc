"""Users, their one role and their one area; log-in with throttling."""
