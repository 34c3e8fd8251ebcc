"""The register's pages: households (list, detail, create, edit, status, audit trail), members,
incomes and assets, members' supporters and self-care assessments, and rigid spending. Reads go
through registry.selectors, writes through registry.services."""
