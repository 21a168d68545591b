"""`bedtime trial start|status|stop`: a personal on/off trial from the command line.

The same plan, record and answer as the trial's window (core/trial_plan.py,
core/trial_analysis.py, core/trial_text.py); docs/trial.md has the design.
"""

import argparse
import secrets

from ..core.date_text import day
from ..core.nights import latest_bedtime_passed, night_of
from ..core.trial_analysis import analyse
from ..core.trial_plan import (
    PAIRS_MAX,
    PAIRS_MIN,
    PERIOD_MAX,
    PERIOD_MIN,
    NoTrialRunning,
    TrialRunning,
    check_start,
    new_trial,
    running,
)
from ..core.trial_text import PLAN_KEY, answer, explanation, plan_lines, tonight_line
from ..core.values import parse_int
from ..core.wording import _
from .context import Context
from .outcome import Refusal

SEED_MAX = 2**32 - 1


def start(ctx: Context, args: argparse.Namespace) -> int:
    """Without --yes: what the trial is and its plan, and how to start exactly that plan."""
    seed = secrets.randbits(32) if args.seed is None else parse_int("seed", args.seed, 0, SEED_MAX)
    shape = {
        "period_nights": parse_int("period", args.period, PERIOD_MIN, PERIOD_MAX),
        "pairs": parse_int("pairs", args.pairs, PAIRS_MIN, PAIRS_MAX),
        # Its upper bound depends on the period: the plan names it.
        "wash_in_nights": parse_int("wash-in", args.wash_in, 0, PERIOD_MAX),
    }
    trial = new_trial(ctx.now, ctx.zone, ctx.settings, seed, **shape)
    tonight = night_of(ctx.now, ctx.zone, ctx.settings)
    try:
        check_start(ctx.store.latest_trial(), tonight)
    except TrialRunning as refusal:
        raise Refusal(str(refusal)) from refusal
    print(explanation(trial.plan))
    print()
    print(_(PLAN_KEY))
    for line in plan_lines(trial.plan):
        print(f"  {line}")
    print()
    if not args.yes:
        again = (
            f"bedtime trial start --yes --seed {seed} --period {shape['period_nights']} "
            f"--pairs {shape['pairs']} --wash-in {shape['wash_in_nights']}"
        )
        print(_("Nothing started yet. To start this plan: {command}").format(command=again))
        return 0
    try:
        ctx.store.start_trial(trial, tonight)
    except TrialRunning as refusal:
        raise Refusal(str(refusal)) from refusal
    print(
        _(
            "Trial started: its first night is {day}. 'bedtime trial status' shows where it stands."
        ).format(day=day(trial.plan.start))
    )
    return 0


def status(ctx: Context, args: argparse.Namespace) -> int:
    trial = ctx.store.latest_trial()
    if trial is None:
        print(_("No trial yet: 'bedtime trial start' explains one and shows its plan."))
        return 0
    # The answer counts the nights whose bedtime has passed; "tonight" is the current night.
    through = latest_bedtime_passed(ctx.now, ctx.settings, ctx.zone)
    line = tonight_line(trial, night_of(ctx.now, ctx.zone, ctx.settings))
    if line is not None:
        print(_("Tonight: {night}").format(night=line))
    result = analyse(trial, ctx.store.trial_observations(trial, through), through)
    words = answer(result)
    print(words.heading)
    for sentence in words.sentences:
        print(sentence)
    print()
    for figure in words.figures:
        print(f"  {figure}")
    print()
    for caveat in words.caveats:
        print(caveat)
    return 0


def stop(ctx: Context, args: argparse.Namespace) -> int:
    tonight = night_of(ctx.now, ctx.zone, ctx.settings)
    trial = ctx.store.latest_trial()
    if not running(trial, tonight):
        raise Refusal(str(NoTrialRunning()))
    if not args.yes:
        print(
            _(
                "This ends the trial: tonight and the nights after it are no longer part of "
                "it, and the answer rests on the nights so far. To stop it: {command}"
            ).format(command="bedtime trial stop --yes")
        )
        return 0
    stopped = ctx.store.stop_trial(tonight)
    print(_("Trial stopped after the night of {day}.").format(day=day(stopped.last)))
    return status(ctx, args)
