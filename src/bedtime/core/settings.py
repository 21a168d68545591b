"""The user's schedule and amounts, with the keys `bedtime config set` accepts."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import time

from .errors import InvalidInput
from .values import format_hhmm, parse_amount, parse_hhmm, parse_int

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()

OFFSET_MIN, OFFSET_MAX = 30, 120
# The night changes at the day boundary; beyond early morning it would cut an evening in two.
BOUNDARY_LATEST = time(6, 0)
MG_MAX = 2000.0


@dataclass(frozen=True)
class Settings:
    bedtimes: tuple[time, ...] = (time(23, 0),) * 7  # Monday … Sunday: the evening's weekday
    offset_minutes: int = 60
    wake: time = time(7, 30)
    day_boundary: time = time(4, 0)
    target_mg: float = 300.0
    limit_mg: float = 350.0

    def bedtime_for_weekday(self, weekday: int) -> time:
        return self.bedtimes[weekday]


def _set_all_bedtimes(s: Settings, text: str) -> Settings:
    return replace(s, bedtimes=(parse_hhmm("bedtime", text),) * 7)


def _set_one_bedtime(day: int) -> Callable[[Settings, str], Settings]:
    def setter(s: Settings, text: str) -> Settings:
        times = list(s.bedtimes)
        times[day] = parse_hhmm(f"bedtime.{WEEKDAYS[day]}", text)
        return replace(s, bedtimes=tuple(times))

    return setter


def _set_offset(s: Settings, text: str) -> Settings:
    minutes = parse_int("offset", text, OFFSET_MIN, OFFSET_MAX, " of minutes")
    return replace(s, offset_minutes=minutes)


def _set_wake(s: Settings, text: str) -> Settings:
    return replace(s, wake=parse_hhmm("wake", text))


def _set_boundary(s: Settings, text: str) -> Settings:
    value = parse_hhmm("day_boundary", text)
    if value > BOUNDARY_LATEST:
        raise InvalidInput(
            "day_boundary", f"must be a time from 00:00 to {format_hhmm(BOUNDARY_LATEST)}", text
        )
    return replace(s, day_boundary=value)


def _set_target(s: Settings, text: str) -> Settings:
    value = parse_amount("target_mg", text, positive=True, high=MG_MAX)
    if value > s.limit_mg:
        raise InvalidInput(
            "target_mg",
            f"must not be above limit_mg ({s.limit_mg:g} mg); raise the limit first",
            text,
        )
    return replace(s, target_mg=value)


def _set_limit(s: Settings, text: str) -> Settings:
    value = parse_amount("limit_mg", text, positive=True, high=MG_MAX)
    if value < s.target_mg:
        raise InvalidInput(
            "limit_mg",
            f"must not be below target_mg ({s.target_mg:g} mg); lower the target first",
            text,
        )
    return replace(s, limit_mg=value)


SETTERS: dict[str, Callable[[Settings, str], Settings]] = {
    "bedtime": _set_all_bedtimes,
    **{f"bedtime.{name}": _set_one_bedtime(day) for day, name in enumerate(WEEKDAYS)},
    "offset": _set_offset,
    "wake": _set_wake,
    "day_boundary": _set_boundary,
    "target_mg": _set_target,
    "limit_mg": _set_limit,
}

# What is stored: one row per key, bedtime kept per weekday ("bedtime" only sets all seven).
STORED_KEYS = tuple(key for key in SETTERS if key != "bedtime")


def apply(settings: Settings, key: str, text: str) -> Settings:
    """The settings with KEY set to TEXT, or InvalidInput naming the key and what is allowed."""
    setter = SETTERS.get(key)
    if setter is None:
        raise InvalidInput("key", "must be one of " + ", ".join(SETTERS), key)
    return setter(settings, text)


def to_pairs(settings: Settings) -> dict[str, str]:
    pairs = {
        f"bedtime.{name}": format_hhmm(t)
        for name, t in zip(WEEKDAYS, settings.bedtimes, strict=True)
    }
    pairs["offset"] = str(settings.offset_minutes)
    pairs["wake"] = format_hhmm(settings.wake)
    pairs["day_boundary"] = format_hhmm(settings.day_boundary)
    pairs["target_mg"] = f"{settings.target_mg:g}"
    pairs["limit_mg"] = f"{settings.limit_mg:g}"
    return pairs


def from_pairs(pairs: Mapping[str, str]) -> tuple[Settings, list[str]]:
    """Settings from stored pairs; a bad or unknown stored value is reported and its default kept.

    Stored values can be hand-edited; one bad value must not take the others (or the app) down.
    Target and limit are applied together so their order in the store does not matter.
    """
    settings = Settings()
    problems: list[str] = []
    amounts = {key: pairs[key] for key in ("target_mg", "limit_mg") if key in pairs}
    for key, text in pairs.items():
        if key in amounts:
            continue
        if key not in STORED_KEYS:
            problems.append(f"stored setting {key!r} is unknown and was ignored")
            continue
        try:
            settings = apply(settings, key, text)
        except InvalidInput as error:
            problems.append(f"stored {error}; using the default")
    try:
        target = parse_amount(
            "target_mg", amounts.get("target_mg", "300"), positive=True, high=MG_MAX
        )
        limit = parse_amount("limit_mg", amounts.get("limit_mg", "350"), positive=True, high=MG_MAX)
        if limit < target:
            raise InvalidInput(
                "limit_mg", f"must not be below target_mg ({target:g} mg)", amounts.get("limit_mg")
            )
        settings = replace(settings, target_mg=target, limit_mg=limit)
    except InvalidInput as error:
        problems.append(f"stored {error}; using the defaults for target_mg and limit_mg")
    return settings, problems
