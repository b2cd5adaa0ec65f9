"""Horizontal bar charts drawn on the server as SVG (no script): the geometry here, the
drawing in `reports/includes/bar_chart.html`, whose `role="img"`, `<title>` and `<desc>`
name it for screen readers; the figures themselves are in the table beside it."""

from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH = 260
BAR_AREA = 340
VALUE_WIDTH = 70
ROW_HEIGHT = 26
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 4

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(values: list[tuple[str, int]]) -> BarChart | None:
    """Bars whose lengths are proportional to the values (the longest fills the area);
    a label longer than its room is cut with an ellipsis (the table has it whole)."""
    if not values:
        return None
    top = max(value for _label, value in values) or 1
    bars = [
        Bar(
            label=label if len(label) <= 38 else label[:37] + "…",
            value=value,
            y=i * ROW_HEIGHT + 4,
            width=round(BAR_AREA * value / top),
        )
        for i, (label, value) in enumerate(values)
    ]
    return BarChart(
        bars, width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, height=len(bars) * ROW_HEIGHT + 8
    )
