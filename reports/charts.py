"""The reports' charts, drawn on the server by core/charts.py as accessible SVG."""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.charts import bar_chart_svg, line_chart_svg
from resolutions.models import PlanItem

from .models import IndicatorTarget, IndicatorValue


def growth_chart(points: Sequence[tuple[datetime.date, int]]) -> SafeString:
    return line_chart_svg(
        title=_("Members over the period"),
        series=[(_("Members"), list(points))],
        chart_id="members-growth",
    )


def bar_chart(*, title: str, rows: Sequence[Mapping[str, Any]], key: str, ident: str) -> SafeString:
    return bar_chart_svg(
        title=title,
        items=[(str(row["label"]), row[key]) for row in rows],
        chart_id=ident,
    )


def indicator_chart(
    *,
    item: PlanItem,
    values: Sequence[IndicatorValue],
    path: Sequence[tuple[datetime.date, Decimal]],
) -> SafeString:
    """The indicator's dated values as a line, with the target path dashed."""
    return line_chart_svg(
        title=item.indicator or item.title,
        series=[(_("Value"), [(value.measured_on, value.value) for value in values])],
        target=list(path),
        chart_id=f"indicator-{item.pk}",
    )


def plan_item_charts(items: Sequence[PlanItem]) -> dict[int, str]:
    """Charts for the plan's page and PDF (resolutions.indicators.indicator_charts_register):
    one per item with an indicator that has a history or a target, in two queries."""
    from .selectors import indicator_history, target_path

    with_indicator = [item for item in items if item.indicator]
    if not with_indicator:
        return {}
    ids = [item.pk for item in with_indicator]
    history = indicator_history(item_ids=ids)
    paths = {
        path.plan_item_id: path for path in IndicatorTarget.objects.filter(plan_item_id__in=ids)
    }
    charts: dict[int, str] = {}
    for item in with_indicator:
        path = target_path(item, paths.get(item.pk))
        if not history[item.pk] and not path:
            continue
        charts[item.pk] = indicator_chart(item=item, values=history[item.pk], path=path)
    return charts
