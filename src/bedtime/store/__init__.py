"""The SQLite log: one file, migrations, and repositories that return core dataclasses."""
