"""`bedtime config show|set`: the settings kept in the data file, and start at login, which
the desktop session keeps (its login entry is the truth)."""

import argparse
from pathlib import Path

from .. import language
from ..core.dosing import doses_above
from ..core.settings import to_pairs
from ..core.values import parse_switch
from ..core.wording import _
from ..services.autostart import for_data_dir as start_at_login
from .context import Context
from .outcome import warn
from .output import switch
from .parser import LOGIN_KEY


def show_settings(ctx: Context, args: argparse.Namespace) -> int:
    for key, value in to_pairs(ctx.settings).items():
        print(f"{key} = {value}")
    print(f"{LOGIN_KEY} = {switch(start_at_login(ctx.data_file.parent).enabled())}")
    return 0


def set_setting(ctx: Context, args: argparse.Namespace) -> int:
    if args.key.strip().lower() == "language":
        language.check(args.value)
    updated = ctx.store.set_setting(args.key, args.value)
    chosen = args.key.strip().lower()
    for key, value in to_pairs(updated).items():
        if key == chosen or (chosen == "bedtime" and key.startswith("bedtime.")):
            print(f"{key} = {value}")
    # A lower limit is the user's own choice, so it stands; but say which doses it now
    # refuses, rather than let tonight's reminder be the first to find out.
    for above in doses_above(ctx.store.supplements(), updated.limit_mg):
        warn(_("{problem}; taking it will need --force").format(problem=above))
    return 0


def set_start_at_login(args: argparse.Namespace, data_dir: Path) -> int:
    """`config set start_at_login`: the login entry only; the data file is not opened."""
    on = parse_switch(LOGIN_KEY, args.value)
    login = start_at_login(data_dir)
    login.set(on)
    print(f"{LOGIN_KEY} = {switch(login.enabled())}")
    return 0
