"""How a personal trial reads to a person: the explanation before it starts, the plan, where
tonight falls, and the answer. One wording for the command line and the windows.

The answer never says more than its numbers: a difference, its interval, the p-value, the
number of nights behind it, and always the caveats (not blinded; expectation moves ratings).
"""

from dataclasses import dataclass
from datetime import date

from .date_text import day
from .trial_analysis import Estimate, TrialResult
from .trial_plan import Arm, Trial, TrialPlan, periods
from .wording import N_, _, decimal_sign, ngettext, pgettext, plural

NOT_BLINDED = N_(
    "The trial is not blinded: you know which nights are on, and expecting a difference "
    "can move ratings by itself."
)
NOT_ADVICE = N_("This is not medical advice.")
PLAN_KEY = N_("The plan (on: magnesium as usual; off: none, no reminder):")


def _span(nights: int) -> str:
    """ "1 week", "2 weeks", "10 nights"."""
    if nights % 7 == 0:
        return plural(nights // 7, "{n} week", "{n} weeks")
    return plural(nights, "{n} night", "{n} nights")


def _periods(nights: int) -> str:
    """ "1-week periods", "10-night periods" ("periodes van 1 week")."""
    if nights % 7 == 0:
        return plural(nights // 7, "{n}-week periods", "{n}-week periods")
    return plural(nights, "{n}-night periods", "{n}-night periods")


def arm_word(arm: Arm) -> str:
    """ "on" or "off" ("met", "zonder"), as the plan and the chart name a period."""
    return pgettext("trial period", "on") if arm is Arm.ON else pgettext("trial period", "off")


def _decimal(value: float, places: int) -> str:
    """VALUE to PLACES decimals, written with the language's decimal sign."""
    return f"{value:.{places}f}".replace(".", decimal_sign())


def explanation(plan: TrialPlan) -> str:
    """What will happen, how long, what it can and cannot show: read before starting."""
    year = plan.start.year
    return "\n\n".join(
        [
            _("A trial to see whether magnesium makes a difference to how you rate your sleep."),
            _(
                "For {span}, from the night of {first} to the night of {last}, your nights "
                "come in {pairs} pairs of {periods}. In each pair one period is on (magnesium "
                "as usual) and one is off (no magnesium, no reminder), in an order drawn at "
                "random. Rate every morning as usual. The first {wash_in} of each period are "
                "not counted, so the change can settle in."
            ).format(
                span=_span(plan.nights),
                first=day(plan.start),
                last=day(plan.last, this_year=year),
                pairs=plan.pairs,
                periods=_periods(plan.period_nights),
                wash_in=plural(plan.wash_in_nights, "{n} night", "{n} nights"),
            ),
            _(
                "At the end you see how your ratings on and off differed, how sure that is, "
                "and how many nights it rests on. It cannot tell you why: you will know which "
                "nights are on, and expecting a difference can move ratings by itself. "
                "Magnesium's effect may build over weeks, which short periods can miss."
            ),
            _(
                "You can take a dose on an off night if you need to: it is counted as a "
                "deviation. Pausing, missed mornings and travel do not end the trial; they are "
                "counted."
            ),
            _(NOT_ADVICE),
        ]
    )


def plan_lines(plan: TrialPlan) -> list[str]:
    """ "Period 1 · Wed 2 Dec – Tue 8 Dec · on", one line a period."""
    return [
        _("Period {number} · {first} – {last} · {arm}").format(
            number=k, first=day(first), last=day(last), arm=arm_word(arm)
        )
        for k, (first, last, arm) in enumerate(periods(plan), start=1)
    ]


def tonight_line(trial: Trial, night: date) -> str | None:
    """ "Off night (trial, week 5 of 16)", or None outside the trial's nights."""
    where = trial.place(night)
    if where is None:
        return None
    if where.arm is Arm.ON:
        line = _("On night (trial, week {week} of {weeks}{not_counted})")
    else:
        line = _("Off night (trial, week {week} of {weeks}{not_counted})")
    return line.format(
        week=where.week,
        weeks=trial.plan.weeks,
        not_counted=_(", not counted") if where.wash_in else "",
    )


def p_text(p: float) -> str:
    """ "p = 0.21", "p = 0.034", "p < 0.001" (in Dutch "p = 0,21")."""
    if p < 0.001:
        return f"p < {_decimal(0.001, 3)}"
    return f"p = {_decimal(p, 2) if p >= 0.1 else f'{p:.2g}'.replace('.', decimal_sign())}"


def _signed(value: float) -> str:
    """ "1.2", "−0.4" with a true minus sign; never "−0.0"."""
    text = _decimal(value, 1)
    if text.lstrip("-") == _decimal(0.0, 1):
        return text.lstrip("-")
    return text.replace("-", "−")


def _interval(e: Estimate, unit: str = "") -> str:
    if e.low is None or e.high is None:
        return ""
    return _(" (95 % interval {low} to {high})").format(
        low=_signed(e.low) + unit, high=_signed(e.high) + unit
    )


def _chance(e: Estimate) -> str:
    assert e.p is not None
    if e.p < 0.05:
        return _("a difference this large would be unlikely by chance alone ({p})").format(
            p=p_text(e.p)
        )
    return _("this could well be chance ({p})").format(p=p_text(e.p))


def rating_sentence(e: Estimate) -> str:
    """The one plain sentence about the ratings: no more than the numbers say."""
    if e.difference is None:
        return _(
            "Not enough rated nights to compare: that needs rated nights in both periods of a pair."
        )
    size = abs(round(e.difference, 1))
    if size == 0:
        line = _(
            "Your nights were rated about the same on magnesium as off it{interval}; {chance}."
        )
    elif e.difference > 0:
        line = _(
            "Your nights were rated {size} higher on average on magnesium{interval}; {chance}."
        )
    else:
        line = _("Your nights were rated {size} lower on average on magnesium{interval}; {chance}.")
    return line.format(size=_decimal(size, 1), interval=_interval(e), chance=_chance(e))


def latency_sentence(e: Estimate) -> str:
    if e.difference is None:
        return _("Not enough nights with a time to fall asleep to compare.")
    size = abs(round(e.difference))
    if size == 0:
        line = _("You fell asleep about as quickly on magnesium as off it{interval}; {chance}.")
    elif e.difference < 0:
        line = ngettext(
            "You fell asleep {n} minute sooner on average on magnesium{interval}; {chance}.",
            "You fell asleep {n} minutes sooner on average on magnesium{interval}; {chance}.",
            size,
        )
    else:
        line = ngettext(
            "You fell asleep {n} minute later on average on magnesium{interval}; {chance}.",
            "You fell asleep {n} minutes later on average on magnesium{interval}; {chance}.",
            size,
        )
    return line.format(n=size, interval=_interval(e, _(" min")), chance=_chance(e))


def counts_line(result: TrialResult) -> str:
    return _(
        "{counted} counted, {wash_in} in a wash-in (not counted), {missing} without a rating, "
        "{deviations}, {paused} paused, {away} away (another time zone)"
    ).format(
        counted=plural(result.counted, "{n} rated night", "{n} rated nights"),
        wash_in=result.wash_in,
        missing=result.missing,
        deviations=plural(result.deviating, "{n} deviation", "{n} deviations"),
        paused=result.paused,
        away=result.away,
    )


def _estimate_line(label: str, e: Estimate) -> str:
    if e.difference is None:
        return _("{label}: no complete pair yet").format(label=label)
    means = ""
    if e.on_mean is not None and e.off_mean is not None:
        means = _("; on {on_mean} over {on_nights}, off {off_mean} over {off_nights}").format(
            on_mean=_decimal(e.on_mean, 1),
            on_nights=plural(e.on_nights, "{n} night", "{n} nights"),
            off_mean=_decimal(e.off_mean, 1),
            off_nights=plural(e.off_nights, "{n} night", "{n} nights"),
        )
    p = ""
    if e.p is not None:
        how = _("exact") if e.exact else _("resampled")
        p = _(", {p} ({how})").format(p=p_text(e.p), how=how)
    return _("{label}: {difference}{interval}{p}, {pairs}{means}").format(
        label=label,
        difference=_signed(e.difference),
        interval=_interval(e),
        p=p,
        pairs=plural(e.pairs, "{n} complete pair", "{n} complete pairs"),
        means=means,
    )


def heading(result: TrialResult) -> str:
    trial = result.trial
    if trial.last < trial.plan.start:
        return _("Your trial was stopped before its first night ({day})").format(
            day=day(trial.plan.start)
        )
    if not result.finished:
        where = trial.place(result.through)
        if where is None:
            return _("Interim view, not the answer yet (through the night of {day})").format(
                day=day(result.through)
            )
        return _(
            "Interim view, not the answer yet (through the night of {day}, week {week} of {weeks})"
        ).format(day=day(result.through), week=where.week, weeks=trial.plan.weeks)
    span = f"{day(trial.plan.start)} – {day(trial.last, this_year=trial.plan.start.year)}"
    if trial.stopped_early:
        return _("Result of your trial, {span} (stopped early)").format(span=span)
    return _("Result of your trial, {span}").format(span=span)


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
            _("With {pairs}, no difference could reach {p}: that needs at least 6.").format(
                pairs=plural(result.rating.pairs, "{n} complete pair", "{n} complete pairs"),
                p=f"p < {_decimal(0.05, 2)}",
            )
        )
    figures = [
        _estimate_line(_("Rating, on − off, by plan (main)"), result.rating),
        _estimate_line(_("Rating, on − off, without deviations"), result.per_protocol),
    ]
    if result.latency is not None:
        figures.append(_estimate_line(_("Minutes to fall asleep, on − off"), result.latency))
    figures.append(counts_line(result))
    slow = _(
        "Magnesium's effect may build over weeks: {periods} can miss a slow effect or show it "
        "smaller than it is."
    ).format(periods=_periods(result.trial.plan.period_nights))
    return Answer(heading(result), sentences, figures, [_(NOT_BLINDED), slow, _(NOT_ADVICE)])
