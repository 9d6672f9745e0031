"""The index's plot of OCR confidence per page: bar geometry computed here, drawn as inline SVG by
the template (no script, no external library)."""

from __future__ import annotations

from dataclasses import dataclass

HEIGHT = 160  # plot area in SVG units; the axis labels sit left of it
LEFT = 34
MAX_WIDTH = 960
LOW, FAIR = 60.0, 80.0  # below LOW a page is worth reading against its scan; below FAIR, worth a look


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str  # low | fair | good | none (no OCR confidence: a text layer or a text file)
    href: str
    label: str


@dataclass(frozen=True, slots=True)
class Plot:
    width: float
    height: int
    left: int
    bars: list[Bar]
    separators: list[float]  # x of the line between two documents
    grid: list[tuple[float, int]]  # (y, confidence) of the horizontal lines


def confidence_plot(documents: list[tuple[str, str, list[float | None]]]) -> Plot:
    """`documents`: (name, page link prefix, each page's mean confidence) in report order."""
    count = sum(len(confidences) for _, _, confidences in documents) or 1
    step = max(1.5, min(16.0, MAX_WIDTH / count))
    bars: list[Bar] = []
    separators: list[float] = []
    x = float(LEFT)
    for name, prefix, confidences in documents:
        if bars:
            separators.append(x)
        for number, confidence in enumerate(confidences, start=1):
            if confidence is None:
                height, css, shown = 4.0, "none", "no OCR confidence (text layer or text file)"
            else:
                value = max(0.0, min(100.0, confidence))
                height = max(1.0, HEIGHT * value / 100)
                css = "low" if value < LOW else "fair" if value < FAIR else "good"
                shown = f"mean OCR confidence {value:.1f}"
            bars.append(
                Bar(
                    x=round(x + step * 0.1, 2),
                    y=round(HEIGHT - height, 2),
                    width=round(step * 0.8, 2),
                    height=round(height, 2),
                    css=css,
                    href=f"{prefix}#p{number}",
                    label=f"{name} p. {number}: {shown}",
                )
            )
            x += step
    grid = [(HEIGHT - HEIGHT * value / 100, value) for value in (0, 50, 100)]
    grid += [(HEIGHT - HEIGHT * LOW / 100, int(LOW)), (HEIGHT - HEIGHT * FAIR / 100, int(FAIR))]
    return Plot(width=round(x + 4, 2), height=HEIGHT, left=LEFT, bars=bars, separators=separators, grid=sorted(grid))
