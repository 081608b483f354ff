"""Factories of meetings, agenda items and documents."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import AgendaItem, Meeting, MeetingDocument
from tests.agreements.pdfs import minimal_pdf


class MeetingFactory(factory.django.DjangoModelFactory):
    """A draft meeting a month ahead (longer than any body's notice period)."""

    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Posiedzenie {n}")
    title_pl = factory.SelfAttribute("title")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + datetime.timedelta(hours=3))
    place = "Gdańsk, ul. Długa 1"
    status = Meeting.Status.DRAFT


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = AgendaItem.Kind.REPORT
    title = factory.Sequence(lambda n: f"Sprawozdanie {n}")
    title_pl = factory.SelfAttribute("title")
    title_en = factory.Sequence(lambda n: f"Report {n}")


class MeetingDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingDocument

    meeting = factory.SubFactory(MeetingFactory)
    title = "Sprawozdanie finansowe"
    file = factory.LazyFunction(lambda: ContentFile(minimal_pdf(), name="report.pdf"))


def committed(service, **kwargs):
    """Call a service and run what it left for after the commit (the tasks it queues)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return service(**kwargs)
