"""Backups that restore: one archive holding a consistent copy of the database, the uploaded
files, and a manifest that says what the archive must restore to.

The archive is a plain tar (the PostgreSQL dump is already compressed; the files are mostly
scans and photos that do not compress):

    manifest.json         what was backed up: versions, migrations, every table's row count,
                          every file's size and SHA-256, the head of the audit trail
    database.dump         `pg_dump --format=custom`, or
    database.sqlite3      a copy made with SQLite's online backup API
    media/…               the uploaded files, as they are under MEDIA_ROOT

`archive.backup` writes one; `archive.restore` checks one and restores it into an empty database
and an empty media folder, refusing anything else, then counts every table again against the
manifest. The commands `dibao backup` and `dibao restore` are thin shells around the two.
"""
