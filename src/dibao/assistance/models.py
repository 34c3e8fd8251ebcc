"""The records of one-off assistance (see the package's docstring)."""
