"""Settings › Reminders: nudges, snooze, how reminders appear, and the morning question."""

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from ...core.settings import (
    NUDGE_INTERVAL_MAX,
    NUDGE_INTERVAL_MIN,
    NUDGES_MAX,
    SNOOZE_MAX,
    SNOOZE_MIN,
)
from ...core.wording import N_, _
from ..common.form_parts import field_block, form_page, hint
from .page import Saved, SettingsPage


def _minutes(name: str, low: int, high: int, step: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setSuffix(_(" min"))
    box.setAccessibleName(name)
    return box


class RemindersPage(SettingsPage):
    TITLE = N_("Reminders")

    def __init__(self, notifications_have_buttons: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.interval = _minutes(_("Nudge interval"), NUDGE_INTERVAL_MIN, NUDGE_INTERVAL_MAX, 5)
        self.count = QSpinBox()
        self.count.setRange(0, NUDGES_MAX)
        self.count.setSpecialValueText(_("never"))
        self.count.setSuffix(_(" times"))
        self.count.setAccessibleName(_("Nudges at most"))
        self.snooze = _minutes(_("Snooze length"), SNOOZE_MIN, SNOOZE_MAX, 5)
        self.desktop = QRadioButton(_("&Desktop notification, with Taken / Snooze / Skip buttons"))
        self.popup = QRadioButton(_("Bedtime's own &popup window"))
        self.style_choice = QButtonGroup(self)
        for button in (self.desktop, self.popup):
            button.setAccessibleName(button.text().replace("&", ""))
            self.style_choice.addButton(button)
        self.morning = QCheckBox(_("Ask each &morning how I slept"))
        self.morning.setAccessibleName(_("Ask each morning how I slept"))

        style_parts: list[QWidget] = [self.desktop, self.popup]
        if not notifications_have_buttons:
            style_parts.append(
                hint(
                    _(
                        "This desktop's notifications have no buttons, so Bedtime uses its popup "
                        "either way."
                    )
                )
            )
        form_page(
            self,
            [
                (_("&Nudge every"), self.interval, field_block(self.interval)),
                (
                    _("N&udge at most"),
                    self.count,
                    field_block(
                        self.count,
                        hint(
                            _(
                                "A reminder left unanswered comes back this often, "
                                "until bedtime at the latest."
                            )
                        ),
                    ),
                ),
                (_("&Snooze for"), self.snooze, field_block(self.snooze)),
                (_("Show reminders as"), self.desktop, field_block(*style_parts)),
                (
                    _("Morning question"),
                    self.morning,
                    field_block(
                        self.morning,
                        hint(
                            _(
                                "A one-click rating at your wake time; over weeks it "
                                "shows whether magnesium helps you."
                            )
                        ),
                    ),
                ),
            ],
        )

        for box in (self.interval, self.count, self.snooze):
            box.valueChanged.connect(self.edited)
        self.style_choice.buttonToggled.connect(lambda *_: self.edited.emit())
        self.morning.toggled.connect(self.edited)
        self.count.valueChanged.connect(lambda n: self.interval.setEnabled(n > 0))

    def load(self, saved: Saved) -> None:
        settings = saved.settings
        self.interval.setValue(settings.nudge_interval_minutes)
        self.count.setValue(settings.nudges)
        self.interval.setEnabled(settings.nudges > 0)
        self.snooze.setValue(settings.snooze_minutes)
        (self.popup if settings.notify_style == "popup" else self.desktop).setChecked(True)
        self.morning.setChecked(settings.morning_question)

    def pairs(self) -> dict[str, str]:
        return {
            "nudge_interval": str(self.interval.value()),
            "nudges": str(self.count.value()),
            "snooze": str(self.snooze.value()),
            "notify_style": "popup" if self.popup.isChecked() else "desktop",
            "morning_question": "on" if self.morning.isChecked() else "off",
        }
