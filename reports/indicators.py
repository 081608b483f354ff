"""The operational plan's indicators the portal's own records feed (resolutions/indicators.py),
and the charts of their history on the plan's page and PDF."""

import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cooperation.models import Contact
from events.models import Event, Registration
from members.models import Organisation
from news.models import Subscriber
from resolutions.indicators import indicator_charts_register, indicator_source_register
from resolutions.models import PlanItem

from .charts import plan_item_charts
from .selectors import cluster_today, day_start, member_on


def _item_window(item: PlanItem) -> Q:
    """Moments from the item's start to the end of its last day (or today, if sooner)."""
    end = min(item.ends_on, cluster_today())
    return Q(starts_at__gte=day_start(item.starts_on)) & Q(
        starts_at__lt=day_start(end + datetime.timedelta(days=1))
    )


def members(item: PlanItem) -> Decimal:
    """Members of the cluster today."""
    return Decimal(Organisation.objects.filter(member_on(cluster_today())).count())


def events_held(item: PlanItem) -> Decimal:
    """Published events that started during the item's period."""
    return Decimal(Event.objects.filter(_item_window(item), status=Event.Status.PUBLISHED).count())


def event_participants(item: PlanItem) -> Decimal:
    """People registered (with a seat, attended or not) at those events."""
    held = Event.objects.filter(_item_window(item), status=Event.Status.PUBLISHED)
    Status = Registration.Status
    return Decimal(
        Registration.objects.filter(
            event__in=held.values("pk"),
            status__in=[Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW],
        ).count()
    )


def newsletter_subscribers(item: PlanItem) -> Decimal:
    """Confirmed newsletter subscribers today."""
    return Decimal(Subscriber.objects.filter(state=Subscriber.State.CONFIRMED).count())


def board_contacts(item: PlanItem) -> Decimal:
    """Contacts made on the cooperation board during the item's period."""
    end = min(item.ends_on, cluster_today())
    return Decimal(
        Contact.objects.filter(
            created_at__gte=day_start(item.starts_on),
            created_at__lt=day_start(end + datetime.timedelta(days=1)),
        ).count()
    )


def register() -> None:
    indicator_source_register(
        key="reports.members", label=_("members of the cluster"), compute=members
    )
    indicator_source_register(
        key="reports.events_held",
        label=_("events held in the item's period"),
        compute=events_held,
    )
    indicator_source_register(
        key="reports.event_participants",
        label=_("participants of events in the item's period"),
        compute=event_participants,
    )
    indicator_source_register(
        key="reports.newsletter_subscribers",
        label=_("confirmed newsletter subscribers"),
        compute=newsletter_subscribers,
    )
    indicator_source_register(
        key="reports.board_contacts",
        label=_("contacts on the cooperation board in the item's period"),
        compute=board_contacts,
    )
    indicator_charts_register(plan_item_charts)
