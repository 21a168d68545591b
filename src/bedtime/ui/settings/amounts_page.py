"""Settings › Amounts: the nightly target and limit in mg, with where the figures come from."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.settings import MG_MAX
from ...core.wording import N_, _
from ..common.form_parts import Problem, field_block, hint
from .page import Saved, SettingsPage

TARGET_CONTEXT = N_(
    "Dutch reference intake is about 300 mg a day for women and 400 mg for men, food "
    "included. Sleep studies used 320–500 mg a day for 7–8 weeks; start low (about 150 mg) "
    "if your stomach protests."
)
LIMIT_CONTEXT = N_(
    "Upper limits for magnesium from supplements: 250 mg a day in the EU (EFSA), 350 mg in "
    "the US. More can upset the stomach, which disturbs sleep too. Bedtime asks before a dose "
    "would go over this."
)
HEALTH_NOTE = N_(
    "Not medical advice. If you are pregnant, or have kidney disease or a serious heart "
    "condition, ask a doctor before taking magnesium. It is not a sleeping pill: any effect "
    "builds over weeks."
)


def _mg_box(name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, int(MG_MAX))
    box.setSingleStep(25)
    box.setSuffix(_(" mg"))
    box.setAccessibleName(name)
    return box


class AmountsPage(SettingsPage):
    TITLE = N_("Amounts")
    note_read = Signal()  # the health note was acknowledged: it need not open by itself again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = _mg_box(_("Nightly target"))
        self.limit = _mg_box(_("Nightly limit"))
        self.problems = {"target_mg": Problem(self.target), "limit_mg": Problem(self.limit)}

        self.note = QFrame()
        self.note.setFrameShape(QFrame.Shape.StyledPanel)
        self.note.setAccessibleName(_("Health note"))
        note_text = QLabel(_(HEALTH_NOTE))
        note_text.setWordWrap(True)
        self.got_it = QPushButton(_("&Got it"))
        self.got_it.setAccessibleName(_("Got it: hide the health note"))
        row = QHBoxLayout(self.note)
        row.addWidget(note_text, 1)
        row.addWidget(self.got_it)
        self.show_note = QPushButton(_("Health &note"))
        self.show_note.setFlat(True)
        self.show_note.setAccessibleName(_("Show the health note"))

        form = QFormLayout()
        for text, box, key, context in (
            (_("Nightly &target"), self.target, "target_mg", TARGET_CONTEXT),
            (_("Nightly &limit"), self.limit, "limit_mg", LIMIT_CONTEXT),
        ):
            label = QLabel(text)
            label.setBuddy(box)
            form.addRow(label, field_block(box, self.problems[key], hint(_(context))))

        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addStretch(1)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.show_note)
        layout.addLayout(footer)

        self.target.valueChanged.connect(self.edited)
        self.limit.valueChanged.connect(self.edited)
        self.got_it.clicked.connect(self._got_it)
        self.show_note.clicked.connect(lambda: self._show_note(True))

    def load(self, saved: Saved) -> None:
        self.target.setValue(round(saved.settings.target_mg))
        self.limit.setValue(round(saved.settings.limit_mg))
        self._show_note(not saved.health_note_read)

    def pairs(self) -> dict[str, str]:
        return {"target_mg": str(self.target.value()), "limit_mg": str(self.limit.value())}

    def _got_it(self) -> None:
        self._show_note(False)
        self.note_read.emit()

    def _show_note(self, shown: bool) -> None:
        self.note.setVisible(shown)
        self.show_note.setVisible(not shown)
