"""Horizontal bar charts drawn as inline SVG by `policy/includes/chart.html`: a few numbers side
by side need no chart library (and no script)."""

from dataclasses import dataclass
from typing import Any

BAR_WIDTH = 320  # pixels of the longest bar in the chart
LABEL_WIDTH = 150  # pixels left of the bars for their labels
ROW_HEIGHT = 26


@dataclass(frozen=True)
class Bar:
    label: Any
    value: Any
    width: int
    y: int


@dataclass(frozen=True)
class Chart:
    title: Any
    bars: list[Bar]
    label_width: int = LABEL_WIDTH

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_WIDTH + 110  # room for the value after the longest bar

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT


def chart(title: Any, pairs: list[tuple[Any, Any]]) -> Chart:
    """The longest bar is `BAR_WIDTH` wide; the others in proportion (negative values by size)."""
    largest = max((abs(value) for _label, value in pairs), default=0) or 1
    return Chart(
        title,
        [
            Bar(label, value, round(abs(value) / largest * BAR_WIDTH), index * ROW_HEIGHT)
            for index, (label, value) in enumerate(pairs)
        ],
    )
