"""Members, meetings in session and proxy PDFs for the attendance, proxy and vote tests."""

import datetime
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from members.models import Person
from resolutions import services as resolution_services
from tests.agreements.pdfs import minimal_pdf
from tests.factories import PersonFactory, UserFactory, active_member

from .factories import AgendaItemFactory, MeetingFactory

_numbers = itertools.count(100)


def member(email):
    """A user who is the primary representative of a new active member."""
    user = UserFactory(email=email)
    active_member(user=user)
    return user


def colleague(user, email):
    """Another person with an account at the user's organisation."""
    other = UserFactory(email=email)
    PersonFactory(
        organisation=user.person.organisation,
        user=other,
        email=email,
        role=Person.Role.EMPLOYEE,
    )
    return other


def meeting_of(body, *, status=Meeting.Status.IN_SESSION, **fields):
    """A numbered meeting of `body` (in session unless told), started an hour ago."""
    now = timezone.now()
    fields = {
        "starts_at": now - datetime.timedelta(hours=1),
        "ends_at": now + datetime.timedelta(hours=2),
        **fields,
    }
    return MeetingFactory(body=body, status=status, number=next(_numbers), year=now.year, **fields)


def proxy_pdf():
    return SimpleUploadedFile("pelnomocnictwo.pdf", minimal_pdf(), content_type="application/pdf")


def draft_resolution(body, *, is_secret=False, title="Uchwała w sprawie budżetu"):
    return resolution_services.resolution_draft_save(
        actor=None,
        data={
            "body": body,
            "title_pl": title,
            "title_en": "Resolution on the budget",
            "content_pl": "Przyjmuje się budżet.",
            "content_en": "The budget is adopted.",
            "is_public": False,
            "is_secret": is_secret,
            "quorum_percent": body.quorum_percent,
            "majority": body.majority,
            "majority_base": body.majority_base,
        },
    )


def resolutions_item(meeting, *resolutions):
    item = AgendaItemFactory(
        meeting=meeting, kind=AgendaItem.Kind.RESOLUTIONS, order=meeting.agenda_items.count() + 1
    )
    item.resolutions.set(resolutions)
    return item
