"""The two ways a request can fail by the rules: bad input, or a refusal."""

from .wording import _, fmt_number, plural


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
            shown = _(" (got {value})").format(value=repr(got) if isinstance(got, str) else got)
        # The field keeps its own name in every language: it is what `config set` takes.
        super().__init__(_("{field}: {allowed}").format(field=field, allowed=allowed) + shown)


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
            _(
                "this dose ({dose} mg) would bring the night's total to {total} mg, "
                "above your daily limit of {limit} mg"
            ).format(
                dose=fmt_number(dose_mg),
                total=fmt_number(night_total_mg + dose_mg),
                limit=fmt_number(limit_mg),
            )
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
            _(
                "one dose of {name} ({units} × {mg_per_unit} mg = {dose} mg) is above your "
                "daily limit of {limit} mg on its own"
            ).format(
                name=name,
                units=fmt_number(units),
                mg_per_unit=fmt_number(mg_per_unit),
                dose=fmt_number(self.dose_mg),
                limit=fmt_number(limit_mg),
            )
        )


class NotEnoughStock(Refused):
    """The dose asks for more units than the supplement has left."""

    def __init__(self, name: str, wanted: float, stock: float) -> None:
        self.name = name
        self.wanted = wanted
        self.stock = stock
        super().__init__(
            _("only {stock} of {name} left; this dose needs {wanted}").format(
                stock=plural(stock, "{n} unit", "{n} units"), name=name, wanted=fmt_number(wanted)
            )
        )
