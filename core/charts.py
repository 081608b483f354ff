"""Charts drawn on the server as accessible SVG: no JavaScript chart library, no CDN.

Each function returns a `SafeString` holding one `<svg role="img">` with a `<title>` and a
`<desc>` that reads out every value, so a screen reader gets the figures the picture shows. Pages
still put a table of the same figures next to the chart (a text alternative that can be copied);
`chart_rows` gives the rows of that table for a bar chart.

Colours and fonts are presentation attributes, not a `<style>` element or `style=` attributes:
the Content-Security-Policy allows no inline style, and an SVG may be served alone or embedded in
a PDF (WeasyPrint draws presentation attributes). Coordinates are written as plain numbers with a
dot whatever the page's language ("480,0" is no SVG length); labels and values in `<desc>` and
`<text>` are in the reader's number format.

The API is stable (the reports app uses it):

- `bar_chart_svg(*, title, items, unit=None, orientation="horizontal", description=None,
  chart_id=None)`: one bar per `(label, value)`;
- `line_chart_svg(*, title, series, target=None, unit=None, description=None, chart_id=None)`:
  one line per `(label, [(date, value), ...])`, plus an optional dashed target path
  `[(date, value), ...]`.
"""

import datetime
import hashlib
import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

Number = Decimal | int | float

# Colours with at least 4.5:1 contrast on white (WCAG AA for the text drawn in them).
PALETTE = ("#0b5cad", "#17734b", "#8a5a00", "#7a2e8e", "#b3261e", "#3b4a5a")
TARGET_COLOUR = "#1b1f24"
GRID_COLOUR = "#d0d7de"
TEXT_COLOUR = "#1b1f24"
FONT = "DejaVu Sans, Segoe UI, sans-serif"
LABEL_MAX = 40


def _num(value: float) -> str:
    """Write a coordinate as SVG wants it: a dot, at most one decimal, no exponent."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _shown(value: Number) -> str:
    """Write a value in the reader's number format, without trailing zeros."""
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


def _with_unit(value: Number, unit: str | None) -> str:
    shown = _shown(value)
    if unit:
        # Translators: a value with its unit in a chart, e.g. "12 members" or "3,5 FTE".
        return _("%(value)s %(unit)s") % {"value": shown, "unit": unit}
    return shown


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def _chart_id(kind: str, title: str, payload: object, chart_id: str | None) -> str:
    if chart_id:
        return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in chart_id)
    digest = hashlib.sha1(f"{kind}|{title}|{payload!r}".encode(), usedforsecurity=False)
    return f"chart-{digest.hexdigest()[:10]}"


def _nice_ceiling(value: float) -> float:
    """Round a maximum up to 1, 2, 2.5 or 5 times a power of ten, for readable grid lines."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    span = high - low
    return [low + span * index / count for index in range(count + 1)]


def _tick_value(value: float) -> Number:
    return Decimal(str(round(value, 2)))


def _open(
    *, width: int, height: int, title: str, description: str, ident: str, kind: str
) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--{kind}" '
        f'viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}" '
        f'font-size="13" fill="{TEXT_COLOUR}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]


def chart_rows(items: Sequence[tuple[str, Number]], *, unit: str | None = None) -> list[dict]:
    """Return the rows of the table that stands next to a bar chart: label, value, share."""
    total = sum((Decimal(str(value)) for _label, value in items), Decimal(0))
    rows = []
    for label, value in items:
        share = (Decimal(str(value)) * 100 / total).quantize(Decimal("0.1")) if total else None
        rows.append(
            {
                "label": str(label),
                "value": value,
                "shown": _with_unit(value, unit),
                "share": share,
            }
        )
    return rows


def bar_chart_svg(
    *,
    title: str,
    items: Sequence[tuple[str, Number]],
    unit: str | None = None,
    orientation: str = "horizontal",
    description: str | None = None,
    chart_id: str | None = None,
) -> SafeString:
    """Draw one bar per `(label, value)`; horizontal bars suit long labels (answers, kinds)."""
    if orientation not in ("horizontal", "vertical"):
        raise ValueError("orientation must be 'horizontal' or 'vertical'")
    title = str(title)
    items = [(str(label), value) for label, value in items]
    values = [float(value) for _label, value in items]
    low = min([0.0, *values])
    high = _nice_ceiling(max([0.0, *values]))
    if low < 0:
        low = -_nice_ceiling(-low)
    if description is None:
        if items:
            description = "; ".join(f"{label}: {_with_unit(value, unit)}" for label, value in items)
        else:
            description = _("No data.")
    ident = _chart_id("bar", title, items, chart_id)
    if orientation == "horizontal":
        parts = _horizontal_bars(
            items=items,
            values=values,
            low=low,
            high=high,
            unit=unit,
            title=title,
            description=description,
            ident=ident,
        )
    else:
        parts = _vertical_bars(
            items=items,
            values=values,
            low=low,
            high=high,
            unit=unit,
            title=title,
            description=description,
            ident=ident,
        )
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped


def _horizontal_bars(*, items, values, low, high, unit, title, description, ident) -> list[str]:
    label_width, plot_width, right = 260, 360, 90
    bar, gap, top = 22, 10, 10
    width = label_width + plot_width + right
    height = top + max(len(items), 1) * (bar + gap) + 30
    span = (high - low) or 1.0
    parts = _open(
        width=width,
        height=height,
        title=title,
        description=description,
        ident=ident,
        kind="bar",
    )
    plot_bottom = top + max(len(items), 1) * (bar + gap)
    parts.append('<g aria-hidden="true">')
    for tick in _ticks(low, high):
        x = label_width + (tick - low) / span * plot_width
        parts.append(
            f'<line x1="{_num(x)}" y1="{top}" x2="{_num(x)}" y2="{plot_bottom}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{_num(x)}" y="{plot_bottom + 18}" text-anchor="middle" font-size="11">'
            f"{escape(_shown(_tick_value(tick)))}</text>"
        )
    zero = label_width + (0 - low) / span * plot_width
    for index, ((label, value), number) in enumerate(zip(items, values, strict=True)):
        y = top + index * (bar + gap)
        x0 = min(zero, label_width + (number - low) / span * plot_width)
        length = abs(number) / span * plot_width
        colour = PALETTE[0]
        parts.append(
            f'<text x="{label_width - 8}" y="{_num(y + bar * 0.7)}" text-anchor="end">'
            f"{escape(_short(label))}</text>"
            f'<rect x="{_num(x0)}" y="{y}" width="{_num(length)}" height="{bar}" '
            f'fill="{colour}"/>'
            f'<text x="{_num(x0 + length + 6)}" y="{_num(y + bar * 0.7)}">'
            f"{escape(_with_unit(value, unit))}</text>"
        )
    parts.append("</g></svg>")
    return parts


def _vertical_bars(*, items, values, low, high, unit, title, description, ident) -> list[str]:
    left, top, plot_height, bottom = 60, 20, 240, 70
    slot = 64
    plot_width = max(len(items), 1) * slot
    width = left + plot_width + 20
    height = top + plot_height + bottom
    span = (high - low) or 1.0
    parts = _open(
        width=width,
        height=height,
        title=title,
        description=description,
        ident=ident,
        kind="bar",
    )
    parts.append('<g aria-hidden="true">')
    for tick in _ticks(low, high):
        y = top + plot_height - (tick - low) / span * plot_height
        parts.append(
            f'<line x1="{left}" y1="{_num(y)}" x2="{left + plot_width}" y2="{_num(y)}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{_num(y + 4)}" text-anchor="end" font-size="11">'
            f"{escape(_shown(_tick_value(tick)))}</text>"
        )
    zero = top + plot_height - (0 - low) / span * plot_height
    for index, ((label, value), number) in enumerate(zip(items, values, strict=True)):
        x = left + index * slot + slot * 0.15
        bar_width = slot * 0.7
        y_value = top + plot_height - (number - low) / span * plot_height
        y0, length = min(zero, y_value), abs(zero - y_value)
        centre = x + bar_width / 2
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y0)}" width="{_num(bar_width)}" '
            f'height="{_num(length)}" fill="{PALETTE[0]}"/>'
            f'<text x="{_num(centre)}" y="{_num(y0 - 4)}" text-anchor="middle" font-size="11">'
            f"{escape(_with_unit(value, unit))}</text>"
            f'<text x="{_num(centre)}" y="{top + plot_height + 16}" text-anchor="end" '
            f'font-size="11" transform="rotate(-35 {_num(centre)} {top + plot_height + 16})">'
            f"{escape(_short(label))}</text>"
        )
    parts.append("</g></svg>")
    return parts


def line_chart_svg(
    *,
    title: str,
    series: Sequence[tuple[str, Sequence[tuple[datetime.date, Number]]]],
    target: Sequence[tuple[datetime.date, Number]] | None = None,
    unit: str | None = None,
    description: str | None = None,
    chart_id: str | None = None,
) -> SafeString:
    """Draw one line per series of dated values, and the target path as a dashed line."""
    title = str(title)
    series = [(str(label), sorted(points)) for label, points in series]
    target = sorted(target or [])
    all_points = [point for _label, points in series for point in points] + list(target)
    if description is None:
        description = _line_description(series=series, target=target, unit=unit)
    ident = _chart_id("line", title, (series, target), chart_id)
    left, top, plot_width, plot_height, bottom = 70, 20, 560, 240, 70
    width, height = left + plot_width + 40, top + plot_height + bottom
    parts = _open(
        width=width,
        height=height,
        title=title,
        description=description,
        ident=ident,
        kind="line",
    )
    parts.append('<g aria-hidden="true">')
    if not all_points:
        parts.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">'
            f"{escape(_('No data.'))}</text></g></svg>"
        )
        return mark_safe("".join(parts))  # noqa: S308 - escaped above
    dates = [point[0] for point in all_points]
    numbers = [float(point[1]) for point in all_points]
    first, last = min(dates), max(dates)
    days = (last - first).days or 1
    low = min([0.0, *numbers])
    high = _nice_ceiling(max([0.0, *numbers]))
    if low < 0:
        low = -_nice_ceiling(-low)
    span = (high - low) or 1.0

    def x_of(day: datetime.date) -> float:
        if first == last:
            return left + plot_width / 2
        return left + (day - first).days / days * plot_width

    def y_of(value: Number) -> float:
        return top + plot_height - (float(value) - low) / span * plot_height

    for tick in _ticks(low, high):
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{_num(y)}" x2="{left + plot_width}" y2="{_num(y)}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{_num(y + 4)}" text-anchor="end" font-size="11">'
            f"{escape(_shown(_tick_value(tick)))}</text>"
        )
    tick_dates = sorted({first, last} | ({first + (last - first) / 2} if days > 60 else set()))
    for day in tick_dates:
        parts.append(
            f'<text x="{_num(x_of(day))}" y="{top + plot_height + 18}" text-anchor="middle" '
            f'font-size="11">{escape(date_format(day, "SHORT_DATE_FORMAT"))}</text>'
        )
    if target:
        path = " ".join(f"{_num(x_of(day))},{_num(y_of(value))}" for day, value in target)
        parts.append(
            f'<polyline class="chart__target" points="{path}" fill="none" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    for index, (_label, points) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        path = " ".join(f"{_num(x_of(day))},{_num(y_of(value))}" for day, value in points)
        if len(points) > 1:
            parts.append(
                f'<polyline class="chart__series" points="{path}" fill="none" '
                f'stroke="{colour}" stroke-width="2.5"/>'
            )
        for day, value in points:
            parts.append(
                f'<circle cx="{_num(x_of(day))}" cy="{_num(y_of(value))}" r="3.5" fill="{colour}"/>'
            )
    legend_y = top + plot_height + 44
    legend = [
        (label, PALETTE[index % len(PALETTE)], False) for index, (label, _p) in enumerate(series)
    ]
    if target:
        legend.append((_("Target"), TARGET_COLOUR, True))
    x = left
    for label, colour, dashed in legend:
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        parts.append(
            f'<line x1="{x}" y1="{legend_y - 4}" x2="{x + 24}" y2="{legend_y - 4}" '
            f'stroke="{colour}" stroke-width="2.5"{dash}/>'
            f'<text x="{x + 30}" y="{legend_y}">{escape(_short(label))}</text>'
        )
        x += 40 + 8 * len(_short(label))
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped


def _line_description(*, series, target, unit) -> str:
    sentences = []
    for label, points in series:
        values = ", ".join(
            f"{date_format(day, 'SHORT_DATE_FORMAT')}: {_with_unit(value, unit)}"
            for day, value in points
        )
        sentences.append(f"{label}: {values or _('No data.')}")
    if target:
        values = ", ".join(
            f"{date_format(day, 'SHORT_DATE_FORMAT')}: {_with_unit(value, unit)}"
            for day, value in target
        )
        sentences.append(_("Target: %(values)s") % {"values": values})
    return ". ".join(sentences) + "." if sentences else _("No data.")
