"""How many units a new pack added: asked the same way from Settings and from Take now."""

from PySide6.QtWidgets import QInputDialog, QWidget

from ...core.dosing import Supplement
from ...core.errors import InvalidInput
from ...core.supplement_input import parse_restock_units, restocked
from ...core.wording import _
from ..common.form_parts import allowed_sentence


def ask_units_added(parent: QWidget | None, supplement: Supplement) -> float | None:
    """The units added to SUPPLEMENT's stock, or None if the person cancels.

    A mistake is explained above the question, which is asked again with what was typed and
    still names the supplement: each prompt must make sense on its own.
    """
    name = supplement.name
    question = _("Units added to {name} (a new pack):").format(name=name)
    title = _("Restock {name}").format(name=name)
    text, ok = QInputDialog.getText(parent, title, question)
    while ok:
        try:
            units = parse_restock_units(text)
            restocked(supplement, units)
            return units
        except InvalidInput as error:
            text, ok = QInputDialog.getText(
                parent,
                title,
                f"{allowed_sentence(error.allowed)}\n{question}",
                text=text,
            )
    return None
