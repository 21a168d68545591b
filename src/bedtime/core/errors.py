"""The two ways a request can fail by the rules: bad input, or a refusal."""


class InvalidInput(ValueError):
    """A value the user gave (or a file holds) that is not allowed.

    The message always names the field and what is allowed, so it can be shown as is.
    """

    def __init__(self, field: str, allowed: str, got: object = None) -> None:
        self.field = field
        self.allowed = allowed
        self.got = got
        # Nothing typed needs no echo: "(got '')" tells the person nothing.
        if got is None or (isinstance(got, str) and not got.strip()):
            shown = ""
        else:
            shown = f" (got {got!r})" if isinstance(got, str) else f" (got {got})"
        super().__init__(f"{field}: {allowed}{shown}")


class Contradiction(InvalidInput):
    """Values each allowed on their own that cannot all be true at once (of one night).

    FIELDS are the ones involved, the first being where to put the cursor; the message names
    every one of them, as the caller spells them.
    """

    def __init__(self, fields: tuple[str, ...], message: str) -> None:
        ValueError.__init__(self, message)
        self.field = fields[0]
        self.fields = fields
        self.allowed = message
        self.got = None


class NotChanged(Exception):
    """A backup, export or import that changed nothing: stopped, or the data file could not
    be used. The message says why (and what to do), and that nothing was changed."""


class Refused(Exception):
    """A well-formed request that a rule turns down (over the daily limit, not enough stock)."""


class OverLimit(Refused):
    """The dose would take the night's total above the daily limit; may be confirmed."""

    def __init__(self, night_total_mg: float, dose_mg: float, limit_mg: float) -> None:
        self.night_total_mg = night_total_mg
        self.dose_mg = dose_mg
        self.limit_mg = limit_mg
        super().__init__(
            f"this dose ({fmt_number(dose_mg)} mg) would bring the night's total to "
            f"{fmt_number(night_total_mg + dose_mg)} mg, above your daily limit of "
            f"{fmt_number(limit_mg)} mg"
        )


class DoseAboveLimit(Refused):
    """One dose of a supplement is above the daily limit on its own; may be confirmed."""

    def __init__(
        self, name: str, units: float, mg_per_unit: float, dose_mg: float, limit_mg: float
    ) -> None:
        self.name = name
        self.dose_mg = dose_mg
        self.limit_mg = limit_mg
        super().__init__(
            f"one dose of {name} ({fmt_number(units)} × {fmt_number(mg_per_unit)} mg = "
            f"{fmt_number(self.dose_mg)} mg) is above your daily limit of "
            f"{fmt_number(limit_mg)} mg on its own"
        )


class NotEnoughStock(Refused):
    """The dose asks for more units than the supplement has left."""

    def __init__(self, name: str, wanted: float, stock: float) -> None:
        self.name = name
        self.wanted = wanted
        self.stock = stock
        super().__init__(
            f"only {plural(stock, 'unit')} of {name} left; this dose needs {fmt_number(wanted)}"
        )


def plural(count: float, word: str) -> str:
    """ "1 night", "2 nights", "0 nights"; "0.5 units" (only exactly one is singular)."""
    return f"{fmt_number(count)} {word}{'' if count == 1 else 's'}"


def fmt_number(value: float) -> str:
    """A quantity as a person writes it: 200, 0.5, 1.25 (no trailing zeros)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
