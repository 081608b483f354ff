"""Where a plan item's actual value can come from: sources other apps register.

An operational plan's indicators often count what the portal already records (joint projects,
their partners, their co-financing). An app registers a source once, when it loads (its
AppConfig.ready), with a key, a translated label and a function computing the value for a plan
item. A plan item whose `indicator_source` names a key gets its actual value from that function
(`services.plan_items_indicator_refresh`); a blank source means the coordinator types the value.
resolutions stays below the apps that register: it never imports them.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .models import PlanItem


@dataclass(frozen=True)
class IndicatorSource:
    key: str
    label: "StrOrPromise"
    compute: "Callable[[PlanItem], Decimal]"


_SOURCES: dict[str, IndicatorSource] = {}


def indicator_source_register(
    *, key: str, label: "StrOrPromise", compute: "Callable[[PlanItem], Decimal]"
) -> None:
    """Offer `key` as a plan item's source of values; registering a key again replaces it."""
    if not key or len(key) > 40:
        raise ValueError(f"An indicator source's key must have 1 to 40 characters: {key!r}")
    _SOURCES[key] = IndicatorSource(key=key, label=label, compute=compute)


def indicator_source(key: str) -> IndicatorSource | None:
    """Return the registered source of `key`, or None (a blank or unknown key)."""
    return _SOURCES.get(key) if key else None


def indicator_sources() -> list[IndicatorSource]:
    """Every registered source, in the order they were registered."""
    return list(_SOURCES.values())


def indicator_source_label(key: str) -> "StrOrPromise":
    """Return the label of `key`'s source, or "" for a value typed by hand."""
    source = indicator_source(key)
    return source.label if source is not None else ""


# --- Charts of the indicators -------------------------------------------------------------------
# An app that keeps the indicators' history (reports) draws their charts: the plan's page and PDF
# ask the registered provider for a chart per item, without importing it.

_CHART_PROVIDERS: "list[Callable[[Sequence[PlanItem]], Mapping[int, str]]]" = []


def indicator_charts_register(
    provider: "Callable[[Sequence[PlanItem]], Mapping[int, str]]",
) -> None:
    """Let `provider` draw charts of plan items' indicators: {item pk: safe SVG markup}."""
    if provider not in _CHART_PROVIDERS:
        _CHART_PROVIDERS.append(provider)


def indicator_charts(items: "Sequence[PlanItem]") -> dict[int, str]:
    """The charts every registered provider draws for `items`, by item pk."""
    charts: dict[int, str] = {}
    for provider in _CHART_PROVIDERS:
        charts.update(provider(items))
    return charts
