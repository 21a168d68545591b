"""The trial's words: they say no more than the numbers, and always the caveats."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bedtime.core.trial_analysis import Estimate, Observation, analyse
from bedtime.core.trial_plan import Arm, Trial, TrialPlan, place
from bedtime.core.trial_text import (
    NOT_BLINDED,
    answer,
    explanation,
    latency_sentence,
    p_text,
    plan_lines,
    rating_sentence,
    tonight_line,
)

START = date(2026, 12, 2)
PLAN = TrialPlan(START, 7, 8, 3, 7)
TRIAL = Trial(PLAN, datetime(2026, 12, 2, tzinfo=UTC), "Europe/Amsterdam")
E = Estimate(8, 0.4, -0.3, 1.1, 0.31, True, 3.8, 3.4, 32, 32)


def test_the_sentence_from_the_issue() -> None:
    assert rating_sentence(E) == (
        "Your nights were rated 0.4 higher on average on magnesium (95 % interval −0.3 to "
        "1.1); this could well be chance (p = 0.31)."
    )


def test_below_five_percent_it_says_unlikely_by_chance_never_that_it_works() -> None:
    found = replace(E, difference=0.9, low=0.4, high=1.4, p=0.0078)
    sentence = rating_sentence(found)
    assert sentence.endswith(
        "a difference this large would be unlikely by chance alone (p = 0.0078)."
    )
    assert "works" not in sentence and "proves" not in sentence
    lower = replace(E, difference=-0.6, low=-1.0, high=-0.04, p=0.02)
    assert "0.6 lower on average on magnesium (95 % interval −1.0 to 0.0)" in rating_sentence(lower)
    assert "about the same" in rating_sentence(replace(E, difference=0.04))
    assert rating_sentence(replace(E, pairs=0, difference=None, low=None, high=None, p=None))
    assert latency_sentence(replace(E, difference=-7.4, low=-11.4, high=-3.5, p=0.008)) == (
        "You fell asleep 7 minutes sooner on average on magnesium (95 % interval −11.4 min to "
        "−3.5 min); a difference this large would be unlikely by chance alone (p = 0.008)."
    )


def test_p_values_read_plainly() -> None:
    assert [p_text(p) for p in (0.31, 0.1, 0.07, 0.031, 0.0005)] == [
        "p = 0.31", "p = 0.10", "p = 0.07", "p = 0.031", "p < 0.001"
    ]  # fmt: skip


def test_interim_view_is_labelled_and_says_when_no_answer_is_possible_yet() -> None:
    observations = []
    for k in range(28):
        night = START + timedelta(days=k)
        where = place(PLAN, night)
        assert where is not None
        observations.append(Observation(night, 4 if where.arm is Arm.ON else 3, None, True))
    words = answer(analyse(TRIAL, observations, START + timedelta(days=27)))
    assert words.heading.startswith("Interim view, not the answer yet")
    assert "week 4 of 16" in words.heading
    assert any("no difference could reach p < 0.05" in s for s in words.sentences)
    assert NOT_BLINDED in words.caveats and words.lines[0] == words.heading
    assert "1-week periods can miss a slow effect" in words.caveats[1]
    final = answer(analyse(TRIAL, observations, PLAN.last))
    assert final.heading == "Result of your trial, Wed 2 Dec – Tue 23 Mar 2027"


def test_explanation_plan_and_tonight() -> None:
    text = explanation(PLAN)
    assert "16 weeks" in text and "8 pairs of 1-week periods" in text
    assert "expecting a difference can move ratings" in text and "not medical advice" in text
    lines = plan_lines(PLAN)
    assert (
        len(lines) == 16 and lines[0] == f"Period 1 · Wed 2 Dec – Tue 8 Dec · {PLAN.arms[0].value}"
    )
    assert tonight_line(TRIAL, START - timedelta(days=1)) is None
    assert tonight_line(TRIAL, START + timedelta(days=31)) == (
        f"{PLAN.arms[4].value.capitalize()} night (trial, week 5 of 16)"
    )


def test_a_trial_stopped_before_its_first_night_says_so() -> None:
    stopped = Trial(PLAN, TRIAL.started, TRIAL.zone, stopped=START - timedelta(days=1))
    words = answer(analyse(stopped, [], START + timedelta(days=3)))
    assert words.heading == "Your trial was stopped before its first night (Wed 2 Dec)"
    assert words.sentences[0].startswith("Not enough rated nights to compare")
