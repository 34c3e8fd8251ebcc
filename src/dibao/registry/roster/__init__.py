"""Roster files: one row per member, read from and written to xlsx and CSV."""
