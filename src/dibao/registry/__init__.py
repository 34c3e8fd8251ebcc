"""The register of households and their members, incomes and assets; roster import and export."""
