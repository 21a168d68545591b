"""The words and numbers a person reads, in the language Bedtime speaks.

Every message goes through the catalog installed here by `use` (bedtime.language chooses and
loads it; until then, and for English, the text is the English it is written in). Numbers
are written and read with the language's own decimal sign, which the catalog also gives, so
a new language is a catalog file and nothing else. Nothing here reads the environment or a
file: the core stays pure, and a test can install any catalog it likes.
"""

import gettext
from collections.abc import Iterator, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K")

_catalog: gettext.NullTranslations = gettext.NullTranslations()


def use(catalog: gettext.NullTranslations) -> None:
    """Speak CATALOG's language from now on (a NullTranslations for English)."""
    global _catalog
    _catalog = catalog


def _(message: str) -> str:
    return _catalog.gettext(message)


def N_(message: str) -> str:
    """Marks MESSAGE for the catalog where it is defined (a table of labels, read before any
    language is chosen); it is translated where it is shown."""
    return message


class Translated(Mapping[K, str]):
    """A table of labels marked with N_, each translated when looked up, so the table can
    be a module constant and still speak the language chosen later."""

    def __init__(self, labels: Mapping[K, str]) -> None:
        self._labels = dict(labels)

    def __getitem__(self, key: K) -> str:
        return _(self._labels[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


def ngettext(singular: str, several: str, count: int) -> str:
    return _catalog.ngettext(singular, several, count)


def pgettext(context: str, message: str) -> str:
    """MESSAGE in the sense CONTEXT gives it ("May" the month, not the verb)."""
    return _catalog.pgettext(context, message)


def either(choices: Sequence[str]) -> str:
    """ "on or off", "system, en or nl": the last two joined by the language's "or"."""
    if len(choices) < 2:
        return "".join(choices)
    return _("{choices} or {last}").format(choices=", ".join(choices[:-1]), last=choices[-1])


def decimal_sign() -> str:
    """ "." in English, "," in Dutch."""
    return pgettext("decimal sign", ".")


def group_sign() -> str:
    """What groups thousands: "," in English ("1,000"), "." in Dutch ("1.000")."""
    return pgettext("thousands separator", ",")


def plain_number(value: float) -> str:
    """A quantity for other programs (CSV): 200, 0.5, 1.25, with a decimal point in every
    language."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def fmt_number(value: float) -> str:
    """A quantity as a person writes it: 200, 0.5, 1.25 (no trailing zeros), with the
    language's decimal sign. Never grouped in thousands: "1.000" would read as one in
    English and a thousand in Dutch, and the shown number must read back as itself."""
    return plain_number(value).replace(".", decimal_sign())


def plural(count: float, singular: str, several: str) -> str:
    """COUNT with the word that goes with it, each of SINGULAR and SEVERAL holding "{n}":
    plural(2, "{n} night", "{n} nights") is "2 nights", "2 nachten" in Dutch.

    Plural forms are defined on whole numbers; a fraction reads as several in the languages
    Bedtime speaks ("0.5 tablets", "0,5 tabletten"), so it takes the form of 2."""
    form = int(count) if float(count).is_integer() else 2
    return _catalog.ngettext(singular, several, form).format(n=fmt_number(count))
