"""What every app shares: the audit trail, domain errors, area scoping, money and ID numbers."""
