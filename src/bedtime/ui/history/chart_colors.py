"""The History chart's colours: taken from the palette, so the chart reads in light and dark
themes alike, and checked for contrast against its background (WCAG ratios: 3:1 for marks,
4.5:1 for text)."""

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette


def _luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _accent(hue: float, saturation: float, background: QColor, minimum: float) -> QColor:
    """A hue at the lightness nearest the middle that still stands out from BACKGROUND."""
    darker = _luminance(background) > 0.2
    lightness = 0.5
    color = QColor.fromHslF(hue / 360, saturation, lightness)
    while contrast_ratio(color, background) < minimum and 0.05 < lightness < 0.95:
        lightness += -0.02 if darker else 0.02
        color = QColor.fromHslF(hue / 360, saturation, lightness)
    return color


def _blend(a: QColor, b: QColor, share_of_a: float) -> QColor:
    s = share_of_a
    return QColor(
        round(a.red() * s + b.red() * (1 - s)),
        round(a.green() * s + b.green() * (1 - s)),
        round(a.blue() * s + b.blue() * (1 - s)),
    )


@dataclass(frozen=True)
class ChartColors:
    background: QColor
    text: QColor
    muted: QColor  # tick labels and markers
    axis: QColor
    grid: QColor
    hover: QColor
    current: QColor
    focus: QColor
    mg: QColor  # bars and the dose dots: magnesium is blue throughout
    over_limit: QColor  # bars above the limit and the limit line
    target: QColor
    rating: QColor
    bedtime: QColor
    target_text: QColor  # the target and limit values on the axis: text needs 4.5:1
    limit_text: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> "ChartColors":
        """Colours for PALETTE; the marks keep at least 3:1 against its base colour."""
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        current = QColor(palette.color(QPalette.ColorRole.Highlight))
        current.setAlphaF(0.2)
        return cls(
            background=base,
            text=text,
            muted=_blend(text, base, 0.68),
            axis=_blend(text, base, 0.4),
            grid=_blend(text, base, 0.1),
            hover=_blend(text, base, 0.06),
            current=current,
            focus=palette.color(QPalette.ColorRole.Highlight),
            mg=_accent(212, 0.6, base, 3.0),
            over_limit=_accent(16, 0.8, base, 3.0),
            target=_accent(150, 0.5, base, 3.0),
            rating=_accent(318, 0.6, base, 3.5),
            bedtime=_blend(text, base, 0.55),
            target_text=_accent(150, 0.5, base, 4.5),
            limit_text=_accent(16, 0.8, base, 4.5),
        )
