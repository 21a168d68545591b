"""`bedtime backup`, `import` and `export`: the whole data file to and from other files."""

import argparse
from pathlib import Path

from ..core.errors import InvalidInput
from ..core.wording import _, plural
from ..export import write_csv
from ..store.backup import back_up, import_backup
from .context import Context


def backup(ctx: Context, args: argparse.Namespace) -> int:
    back_up(ctx.store.conn, _file_argument(args.file))
    print(_("Backed up to {file}").format(file=args.file))
    return 0


def restore(ctx: Context, args: argparse.Namespace) -> int:
    imported = import_backup(ctx.store.conn, _file_argument(args.file), ctx.data_file)
    print(
        _("Imported {file}; your earlier data is kept at {kept}").format(
            file=args.file, kept=imported.kept
        )
    )
    if imported.report:
        print(
            _("Imported as it was or set right ({values}):").format(
                values=plural(len(imported.report), "{n} value", "{n} values")
            )
        )
        for line in imported.report:
            print(f"  {line}")
    return 0


def _file_argument(text: str) -> Path:
    if not text.strip():
        raise InvalidInput("backup file", _("must be a file name"), text)
    return Path(text).expanduser()


def export(ctx: Context, args: argparse.Namespace) -> int:
    if not args.file.strip():
        raise InvalidInput("FILE", _("must be a file name ending in .csv"), args.file)
    count = write_csv(Path(args.file), ctx.store.intakes(), ctx.store.diary(), ctx.store.trials())
    print(
        _("Exported {nights} to {file}").format(
            nights=plural(count, "{n} night", "{n} nights"), file=args.file
        )
    )
    return 0
