"""How a personal trial reads to a person: the explanation before it starts, the plan, where
tonight falls, and the answer. One wording for the command line and the windows.

The answer never says more than its numbers: a difference, its interval, the p-value, the
number of nights behind it, and always the caveats (not blinded; expectation moves ratings).
"""

from dataclasses import dataclass
from datetime import date

from .date_text import day
from .errors import plural
from .trial_analysis import Estimate, TrialResult
from .trial_plan import Arm, Trial, TrialPlan, periods

NOT_BLINDED = (
    "The trial is not blinded: you know which nights are on, and expecting a difference "
    "can move ratings by itself."
)
NOT_ADVICE = "This is not medical advice."


def _span(nights: int) -> str:
    """ "1 week", "2 weeks", "10 nights"."""
    return plural(nights // 7, "week") if nights % 7 == 0 else plural(nights, "night")


def _length(nights: int) -> str:
    """ "1-week", "10-night": a period's length before its noun."""
    return f"{nights // 7}-week" if nights % 7 == 0 else f"{nights}-night"


def explanation(plan: TrialPlan) -> str:
    """What will happen, how long, what it can and cannot show: read before starting."""
    year = plan.start.year
    return "\n\n".join(
        [
            "A trial to see whether magnesium makes a difference to how you rate your sleep.",
            f"For {_span(plan.nights)}, from the night of {day(plan.start)} to the night of "
            f"{day(plan.last, this_year=year)}, your nights come in {plan.pairs} pairs of "
            f"{_length(plan.period_nights)} periods. "
            f"In each pair one period is on (magnesium as usual) and one is off (no "
            f"magnesium, no reminder), in an order drawn at random. Rate every morning as "
            f"usual. The first {plural(plan.wash_in_nights, 'night')} of each period are not "
            f"counted, so the change can settle in.",
            "At the end you see how your ratings on and off differed, how sure that is, and "
            "how many nights it rests on. It cannot tell you why: you will know which nights "
            "are on, and expecting a difference can move ratings by itself. Magnesium's "
            "effect may build over weeks, which short periods can miss.",
            "You can take a dose on an off night if you need to: it is counted as a "
            "deviation. Pausing, missed mornings and travel do not end the trial; they are "
            "counted. " + NOT_ADVICE,
        ]
    )


def plan_lines(plan: TrialPlan) -> list[str]:
    """ "Period 1 · Wed 2 Dec – Tue 8 Dec · on", one line a period."""
    return [
        f"Period {k} · {day(first)} – {day(last)} · {arm.value}"
        for k, (first, last, arm) in enumerate(periods(plan), start=1)
    ]


def tonight_line(trial: Trial, night: date) -> str | None:
    """ "Off night (trial, week 5 of 16)", or None outside the trial's nights."""
    where = trial.place(night)
    if where is None:
        return None
    what = "On night" if where.arm is Arm.ON else "Off night"
    extra = ", not counted" if where.wash_in else ""
    return f"{what} (trial, week {where.week} of {trial.plan.weeks}{extra})"


def p_text(p: float) -> str:
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.2f}" if p >= 0.1 else f"p = {p:.2g}"


def _signed(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text.replace("-", "−")


def _interval(e: Estimate, unit: str = "") -> str:
    if e.low is None or e.high is None:
        return ""
    return f" (95 % interval {_signed(e.low)}{unit} to {_signed(e.high)}{unit})"


def _chance(e: Estimate) -> str:
    assert e.p is not None
    if e.p < 0.05:
        return f"a difference this large would be unlikely by chance alone ({p_text(e.p)})"
    return f"this could well be chance ({p_text(e.p)})"


def rating_sentence(e: Estimate) -> str:
    """The one plain sentence about the ratings: no more than the numbers say."""
    if e.difference is None:
        return (
            "Not enough rated nights to compare: that needs rated nights in both periods of a pair."
        )
    size = abs(round(e.difference, 1))
    if size == 0:
        how = "about the same on magnesium as off it"
    else:
        how = f"{size:.1f} {'higher' if e.difference > 0 else 'lower'} on average on magnesium"
    return f"Your nights were rated {how}{_interval(e)}; {_chance(e)}."


def latency_sentence(e: Estimate) -> str:
    if e.difference is None:
        return "Not enough nights with a time to fall asleep to compare."
    size = abs(round(e.difference))
    if size == 0:
        how = "about as quickly on magnesium as off it"
    else:
        minutes = plural(size, "minute")
        how = f"{minutes} {'sooner' if e.difference < 0 else 'later'} on average on magnesium"
    return f"You fell asleep {how}{_interval(e, ' min')}; {_chance(e)}."


def counts_line(result: TrialResult) -> str:
    return (
        f"{plural(result.counted, 'rated night')} counted, "
        f"{result.wash_in} in a wash-in (not counted), {result.missing} without a rating, "
        f"{plural(result.deviating, 'deviation')}, {result.paused} paused, "
        f"{result.away} away (another time zone)"
    )


def _estimate_line(label: str, e: Estimate) -> str:
    if e.difference is None:
        return f"{label}: no complete pair yet"
    means = ""
    if e.on_mean is not None and e.off_mean is not None:
        means = (
            f"; on {e.on_mean:.1f} over {plural(e.on_nights, 'night')}, "
            f"off {e.off_mean:.1f} over {plural(e.off_nights, 'night')}"
        )
    how = "exact" if e.exact else "resampled"
    p = "" if e.p is None else f", {p_text(e.p)} ({how})"
    return (
        f"{label}: {_signed(e.difference)}{_interval(e)}{p}, "
        f"{plural(e.pairs, 'complete pair')}{means}"
    )


def heading(result: TrialResult) -> str:
    trial = result.trial
    if trial.last < trial.plan.start:
        return f"Your trial was stopped before its first night ({day(trial.plan.start)})"
    if not result.finished:
        where = trial.place(result.through)
        week = f", week {where.week} of {trial.plan.weeks}" if where is not None else ""
        return (
            f"Interim view, not the answer yet (through the night of {day(result.through)}{week})"
        )
    span = f"{day(trial.plan.start)} – {day(trial.last, this_year=trial.plan.start.year)}"
    if trial.stopped_early:
        return f"Result of your trial, {span} (stopped early)"
    return f"Result of your trial, {span}"


@dataclass(frozen=True)
class Answer:
    """The answer in parts a window can set apart; `lines` for a terminal."""

    heading: str
    sentences: list[str]  # the plain words: no more than the figures say
    figures: list[str]  # the numbers behind them
    caveats: list[str]

    @property
    def lines(self) -> list[str]:
        return [self.heading, *self.sentences, *self.figures, *self.caveats]


def answer(result: TrialResult) -> Answer:
    """The whole answer, or the interim view, clearly labelled; the caveats always."""
    sentences = [rating_sentence(result.rating)]
    if result.latency is not None:
        sentences.append(latency_sentence(result.latency))
    if result.rating.difference is not None and not result.rating.can_be_significant:
        sentences.append(
            f"With {plural(result.rating.pairs, 'complete pair')}, no difference could reach "
            "p < 0.05: that needs at least 6."
        )
    figures = [
        _estimate_line("Rating, on − off, by plan (main)", result.rating),
        _estimate_line("Rating, on − off, without deviations", result.per_protocol),
    ]
    if result.latency is not None:
        figures.append(_estimate_line("Minutes to fall asleep, on − off", result.latency))
    figures.append(counts_line(result))
    slow = (
        f"Magnesium's effect may build over weeks: {_length(result.trial.plan.period_nights)} "
        "periods can miss a slow effect or show it smaller than it is."
    )
    return Answer(heading(result), sentences, figures, [NOT_BLINDED, slow, NOT_ADVICE])
