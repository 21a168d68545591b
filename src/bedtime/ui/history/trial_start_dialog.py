"""Starting a personal trial: what will happen in plain words, the plan, and a confirmation.

The shape (period length, pairs, wash-in) can be changed within the bounds that keep an
answer possible; the explanation and the plan follow each change. The order of the periods
is drawn from a seed made when the dialog opens and stored with the trial.
"""

import secrets

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...app.companion import Companion
from ...core.errors import InvalidInput
from ...core.trial_plan import (
    COUNTED_MIN,
    PAIRS_DEFAULT,
    PAIRS_MAX,
    PAIRS_MIN,
    PERIOD_DEFAULT,
    PERIOD_MAX,
    PERIOD_MIN,
    WASH_IN_DEFAULT,
    WASH_IN_MIN,
    Trial,
)
from ...core.trial_text import PLAN_KEY, explanation, plan_lines
from ...core.wording import _
from ..common.fitting import resize_within_screen
from ..common.icons import icon


class TrialStartDialog(QDialog):
    def __init__(self, companion: Companion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.companion = companion
        self.seed = secrets.randbits(32)
        self.trial: Trial | None = None
        self.setWindowTitle(_("Start a trial"))
        self.setWindowIcon(icon())
        em = self.fontMetrics().height()
        resize_within_screen(self, 40 * em, 40 * em)

        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setAccessibleName(_("What the trial is"))

        self.period = self._spin(
            _("Period length"), PERIOD_MIN, PERIOD_MAX, PERIOD_DEFAULT, _(" nights")
        )
        self.pairs = self._spin(
            _("Pairs of periods"), PAIRS_MIN, PAIRS_MAX, PAIRS_DEFAULT, _(" pairs")
        )
        self.wash_in = self._spin(
            _("Wash-in"), WASH_IN_MIN, PERIOD_DEFAULT - COUNTED_MIN, WASH_IN_DEFAULT, _(" nights")
        )
        self.period.setToolTip(_("Longer periods let an effect that builds over weeks show"))
        self.pairs.setToolTip(
            _("At least 6: fewer pairs can never show a difference beyond chance")
        )
        self.wash_in.setToolTip(_("Nights at the start of each period that are not counted"))
        form = QFormLayout()
        form.addRow(_("&Period length:"), self.period)
        form.addRow(_("P&airs of periods:"), self.pairs)
        form.addRow(_("&Wash-in:"), self.wash_in)

        self.plan = QPlainTextEdit()
        self.plan.setReadOnly(True)
        self.plan.setAccessibleName(_("The plan"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = self.buttons.addButton(
            _("Start the trial"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(QLabel(_(PLAN_KEY)))
        layout.addWidget(self.plan, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._redraft()

    def _spin(self, name: str, low: int, high: int, value: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setSuffix(suffix)
        spin.setAccessibleName(name)
        spin.valueChanged.connect(self._redraft)
        return spin

    def _redraft(self) -> None:
        # At least COUNTED_MIN nights of each period stay counted.
        self.wash_in.setMaximum(self.period.value() - COUNTED_MIN)
        try:
            self.trial = self.companion.draft_trial(
                self.seed,
                period_nights=self.period.value(),
                pairs=self.pairs.value(),
                wash_in_nights=self.wash_in.value(),
            )
        except InvalidInput as error:
            self.trial = None
            self.problem.setText(str(error))
            self.start_button.setEnabled(False)
            return
        self.problem.clear()
        self.start_button.setEnabled(True)
        self.explanation.setText(explanation(self.trial.plan))
        self.plan.setPlainText("\n".join(plan_lines(self.trial.plan)))
