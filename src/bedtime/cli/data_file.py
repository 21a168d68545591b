"""`bedtime backup`, `import` and `export`: the whole data file to and from other files."""

import argparse
from pathlib import Path

from ..core.errors import InvalidInput, plural
from ..export import write_csv
from ..store.backup import back_up, import_backup
from .context import Context


def backup(ctx: Context, args: argparse.Namespace) -> int:
    back_up(ctx.store.conn, _file_argument(args.file))
    print(f"Backed up to {args.file}")
    return 0


def restore(ctx: Context, args: argparse.Namespace) -> int:
    imported = import_backup(ctx.store.conn, _file_argument(args.file), ctx.data_file)
    print(f"Imported {args.file}; your earlier data is kept at {imported.kept}")
    if imported.report:
        print(f"Imported as it was or set right ({plural(len(imported.report), 'value')}):")
        for line in imported.report:
            print(f"  {line}")
    return 0


def _file_argument(text: str) -> Path:
    if not text.strip():
        raise InvalidInput("backup file", "must be a file name", text)
    return Path(text).expanduser()


def export(ctx: Context, args: argparse.Namespace) -> int:
    if not args.file.strip():
        raise InvalidInput("FILE", "must be a file name ending in .csv", args.file)
    count = write_csv(Path(args.file), ctx.store.intakes(), ctx.store.diary(), ctx.store.trials())
    print(f"Exported {plural(count, 'night')} to {args.file}")
    return 0
