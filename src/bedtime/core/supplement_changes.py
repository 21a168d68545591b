"""Changes to the supplement list made in the settings window, kept until Save.

The window shows the list as it would be after the changes; Save hands them to the store,
which applies them in one transaction with the settings. A restock is kept as units added,
not as a new total, so a dose logged from the tray while the window is open still counts.
"""

from dataclasses import dataclass, replace

from .dosing import Supplement
from .errors import InvalidInput
from .values import name_key, quantity
from .wording import _


@dataclass(frozen=True)
class Add:
    supplement: Supplement  # id: a negative stand-in until the store gives the real one


@dataclass(frozen=True)
class Edit:
    supplement: Supplement  # the new values, under the id of the one edited


@dataclass(frozen=True)
class Restock:
    id: int
    units: float


@dataclass(frozen=True)
class Remove:
    id: int


Change = Add | Edit | Restock | Remove


def next_stand_in(changes: list[Change]) -> int:
    """An id for a supplement added in the window: below zero, unique among the changes."""
    return -1 - sum(isinstance(change, Add) for change in changes)


def check_name(supplements: list[Supplement], candidate: Supplement) -> None:
    """Refuse a name another active supplement already has (any case)."""
    for other in supplements:
        if other.id != candidate.id and name_key(other.name) == name_key(candidate.name):
            raise InvalidInput(
                "name",
                _("must differ from the supplements you have ({name})").format(name=other.name),
                candidate.name,
            )


def apply_changes(supplements: list[Supplement], changes: list[Change]) -> list[Supplement]:
    """The list as it will be after CHANGES, in the order they were made."""
    current = {s.id: s for s in supplements}
    for change in changes:
        if isinstance(change, Add | Edit):
            current[change.supplement.id] = change.supplement
        elif isinstance(change, Restock):
            s = current[change.id]
            current[s.id] = replace(s, stock_units=quantity((s.stock_units or 0.0) + change.units))
        else:
            del current[change.id]
    return sorted(current.values(), key=lambda s: name_key(s.name))
