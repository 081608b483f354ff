"""The coordinator's board pages: moderation, the rules, the figures and their exports."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cooperation.models import BoardSettings, Contact, Post

from .factories import PostFactory

pytestmark = pytest.mark.django_db
Status = Post.Status
PANEL = "/en/panel/cooperation/"


def test_pending_posts_come_first(client_for, coordinator):
    PostFactory(title_en="Old published")
    pending = PostFactory(title_en="Waiting", status=Status.PENDING, published_at=None)
    PostFactory(title_en="New published")
    response = client_for(coordinator).get(PANEL)
    assert response.status_code == 200
    assert list(response.context["page_obj"])[0] == pending
    filtered = client_for(coordinator).get(PANEL, {"status": "pending"})
    assert list(filtered.context["page_obj"]) == [pending]


def test_the_coordinator_approves_hides_and_shows_again(client_for, coordinator):
    post = PostFactory(status=Status.PENDING, published_at=None)
    client = client_for(coordinator)
    assert client.get(f"{PANEL}{post.pk}/").status_code == 200

    client.post(f"{PANEL}{post.pk}/approve/")
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED

    response = client.post(f"{PANEL}{post.pk}/hide/", {"reason": ""})
    assert response.status_code == 200  # the form asks for a reason
    client.post(f"{PANEL}{post.pk}/hide/", {"reason": "Poza zakresem klastra"})
    post.refresh_from_db()
    assert (post.status, post.hidden_reason) == (Status.HIDDEN, "Poza zakresem klastra")

    client.post(f"{PANEL}{post.pk}/unhide/")
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    # The history on the post's panel page names every step.
    content = client.get(f"{PANEL}{post.pk}/").content.decode()
    assert "Post approved" in content and "Post hidden by the coordinator" in content


def test_the_coordinator_sets_the_rules(client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(
        f"{PANEL}settings/", {"require_approval": "on", "max_contacts_per_day": "7"}
    )
    assert response.status_code == 302
    board = BoardSettings.objects.get()
    assert (board.require_approval, board.max_contacts_per_day) == (True, 7)


@pytest.mark.parametrize("persona", ["employee", "representative", "council_member"])
def test_members_have_no_panel(client_for, persona, request):
    post = PostFactory(status=Status.PENDING, published_at=None)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(PANEL).status_code == 403
    assert client.post(f"{PANEL}{post.pk}/approve/").status_code == 403
    post.refresh_from_db()
    assert post.status == Status.PENDING


def _figures_world(represented_organisation, other_organisation):
    PostFactory(organisation=represented_organisation, kind=Post.Kind.OFFER)
    PostFactory(organisation=represented_organisation, kind=Post.Kind.REQUEST)
    answered = PostFactory(organisation=other_organisation, kind=Post.Kind.OFFER)
    Contact.objects.create(
        post=answered,
        organisation=represented_organisation,
        person=represented_organisation.primary_representative,
    )
    old = PostFactory(organisation=other_organisation)
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=800))


def test_figures_per_member_in_a_period(
    client_for, coordinator, represented_organisation, other_organisation
):
    _figures_world(represented_organisation, other_organisation)
    response = client_for(coordinator).get(f"{PANEL}figures/")
    keys = [key for key, _label in response.context["columns"]]
    rows = {row[0]: dict(zip(keys, row, strict=True)) for row in response.context["table"]}
    mine, theirs = rows[represented_organisation.name], rows[other_organisation.name]
    assert (mine["posts"], mine["kind_offer"], mine["kind_request"]) == (2, 1, 1)
    assert (mine["contacts_made"], mine["contacts_received"]) == (1, 0)
    # The post of two years ago is outside this year.
    assert (theirs["posts"], theirs["contacts_received"]) == (1, 1)


def test_figures_export_as_csv_and_xlsx(
    client_for, coordinator, represented_organisation, other_organisation
):
    _figures_world(represented_organisation, other_organisation)
    client = client_for(coordinator)
    today = timezone.localdate().isoformat()
    csv = client.get(f"{PANEL}figures.csv", {"start": "2000-01-01", "end": today})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Organisation;Posts;")
    assert represented_organisation.name in text

    xlsx = client.get(f"{PANEL}figures.xlsx", {"start": "2000-01-01", "end": today})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert represented_organisation.name in names
    other_row = next(
        row
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[0] == other_organisation.name
    )
    assert other_row[1] == 2  # with the old post, inside this long period


def test_a_bad_period_falls_back_to_this_year(client_for, coordinator):
    response = client_for(coordinator).get(
        f"{PANEL}figures/", {"start": "not-a-date", "end": "9999-99-99"}
    )
    assert response.status_code == 200
    assert response.context["start"] == timezone.localdate().replace(month=1, day=1)
