"""The security tests' part for the privacy app (see `parts/__init__.py`): a person's own copy,
and the coordinator's requests."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from privacy.models import DataRequest

from ..rules import LOGGED_IN, NOBODY, Rule, Variants, coordinator_action, coordinator_page

TABLE = {
    # Everyone with an account asks for their own copy and sees how it goes.
    "privacy:index": Rule(get=LOGGED_IN),
    "privacy:request": Rule(get=NOBODY, post=LOGGED_IN),
    # The employee's copy: theirs alone (the coordinator included, nobody else downloads it).
    "privacy:download": Rule(get=frozenset({"employee"})),
    "panel_privacy:index": coordinator_page(),
    "panel_privacy:detail[erasure]": coordinator_page(),
    "panel_privacy:detail[export]": coordinator_page(),
    "panel_privacy:download[office]": coordinator_page(),
    # A person's own copy never leaves through the panel.
    "panel_privacy:download[personal]": Rule(get=NOBODY),
    "panel_privacy:erase": coordinator_action(),
    "panel_privacy:cancel": coordinator_action(),
}
MARKER_READERS: dict = {}
WITHOUT_A_FORM: dict = {}
EXTRA_PAGES: tuple = ()


def _ready_export(**fields):
    request = DataRequest.objects.create(
        kind=DataRequest.Kind.EXPORT,
        status=DataRequest.Status.READY,
        expires_at=timezone.now() + datetime.timedelta(days=7),
        **fields,
    )
    request.archive.save("export-world.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return request


def build(world, *, outsider, employee, representative, council_member, coordinator):
    """The employee's ready copy, a copy the office prepared, and an erasure waiting."""
    world.objects["own_export"] = _ready_export(user=employee, requested_by=employee)
    world.objects["office_export"] = _ready_export(
        email="guest@example.com", requested_by=coordinator
    )
    world.objects["pending_erasure"] = DataRequest.objects.create(
        kind=DataRequest.Kind.ERASURE, email="guest@example.com", requested_by=coordinator
    )


def url_kwargs(objects):
    erasure = {"pk": objects["pending_erasure"].pk}
    return {
        "privacy:download": {"pk": objects["own_export"].pk},
        "panel_privacy:detail": Variants(
            erasure=erasure, export={"pk": objects["office_export"].pk}
        ),
        "panel_privacy:download": Variants(
            office={"pk": objects["office_export"].pk}, personal={"pk": objects["own_export"].pk}
        ),
        "panel_privacy:erase": erasure,
        "panel_privacy:cancel": erasure,
    }
