"""The register's pages: households (list, detail, create, edit, status, audit trail), members,
incomes and assets. Reads go through registry.selectors, writes through registry.services."""
