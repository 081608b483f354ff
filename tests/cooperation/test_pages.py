"""The board's pages: who reads which post, search and filters, posting and closing by page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from cooperation import services
from cooperation.models import Post
from tests.agreements.pdfs import minimal_pdf
from tests.factories import CompetenceFactory, SectorFactory

from .factories import PostFactory, colleague_of

pytestmark = pytest.mark.django_db
Status = Post.Status
BOARD = "/en/cooperation/"


def _titles(response):
    return {post.title for post in response.context["page_obj"]}


@pytest.fixture
def board_posts(represented_organisation):
    return {
        "public": PostFactory(title_en="Public offer"),
        "members": PostFactory(title_en="Members offer", visibility=Post.Visibility.MEMBERS),
        "pending": PostFactory(
            title_en="Pending offer",
            status=Status.PENDING,
            published_at=None,
            organisation=represented_organisation,
        ),
        "hidden": PostFactory(title_en="Hidden offer", status=Status.HIDDEN),
        "expired": PostFactory(
            title_en="Expired offer",
            status=Status.EXPIRED,
            valid_until=timezone.localdate() - timedelta(days=1),
        ),
        # Past its date but not yet taken off by the nightly job: not shown either.
        "late": PostFactory(
            title_en="Late offer", valid_until=timezone.localdate() - timedelta(days=1)
        ),
    }


# --- Who reads what -----------------------------------------------------------------------------


def test_the_public_sees_public_posts_only(client_for, board_posts, outsider):
    for user in (None, outsider):
        response = client_for(user).get(BOARD)
        assert response.status_code == 200
        assert _titles(response) == {"Public offer"}
        assert b"Members offer" not in response.content


@pytest.mark.parametrize("persona", ["employee", "council_member", "coordinator"])
def test_members_and_the_coordinator_see_members_only_posts(
    client_for, board_posts, persona, request
):
    response = client_for(request.getfixturevalue(persona)).get(BOARD)
    assert _titles(response) == {"Public offer", "Members offer"}


def test_a_members_only_post_does_not_exist_for_outsiders(client_for, board_posts, outsider):
    url = board_posts["members"].get_absolute_url()
    assert client_for(None).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(board_posts["public"].organisation.primary_representative.user).get(
        board_posts["public"].get_absolute_url()
    ).status_code in (200,)


def test_a_pending_post_is_seen_by_its_organisation_and_the_coordinator_only(
    client_for, board_posts, employee, council_member, coordinator
):
    url = board_posts["pending"].get_absolute_url()
    assert client_for(employee).get(url).status_code == 200
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(council_member).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404


def test_a_hidden_post_is_gone_for_members(client_for, board_posts, council_member):
    assert (
        client_for(council_member).get(board_posts["hidden"].get_absolute_url()).status_code == 404
    )


def test_the_page_shows_the_contact_by_name_and_position_never_an_address(
    client_for, council_member
):
    post = PostFactory()
    contact = post.contact_person
    contact.position = "Dyrektor handlowy"
    contact.email = "secret.address@firma.example"
    contact.save()
    for user in (None, council_member):
        content = client_for(user).get(post.get_absolute_url()).content.decode()
        assert contact.full_name in content
        assert "Dyrektor handlowy" in content
        assert "secret.address" not in content
        assert "mailto:" not in content


def test_a_title_shown_in_polish_is_marked(client_for):
    post = PostFactory(title_pl="Spawanie", title_en="", description_en="")
    response = client_for(None).get(post.get_absolute_url())
    content = response.content.decode()
    assert 'lang="pl"' in content
    assert "in Polish" in content or "shown in Polish" in content


# --- Search and filters -------------------------------------------------------------------------


def test_search_reads_the_readers_language_and_polish(client_for):
    PostFactory(title_pl="Spawanie konstrukcji", title_en="Welding of structures")
    PostFactory(title_pl="Magazyn chłodniczy", title_en="Cold store")
    client = client_for(None)
    assert _titles(client.get(BOARD, {"q": "welding"})) == {"Welding of structures"}
    assert _titles(client.get(BOARD, {"q": "chłodniczy"})) == {"Cold store"}
    assert _titles(client.get(BOARD, {"q": "nothing-like-this"})) == set()


def test_filters_by_kind_competence_sector_and_language(client_for):
    iot = CompetenceFactory(slug="iot", name="IoT")
    metal = SectorFactory(slug="metal", name="Metal")
    PostFactory(title_en="IoT offer", competences=[iot], languages=["de", "pl"])
    PostFactory(title_en="Metal request", kind=Post.Kind.REQUEST, sectors=[metal])
    client = client_for(None)
    assert _titles(client.get(BOARD, {"kind": "request"})) == {"Metal request"}
    assert _titles(client.get(BOARD, {"competence": "iot"})) == {"IoT offer"}
    assert _titles(client.get(BOARD, {"sector": "metal"})) == {"Metal request"}
    assert _titles(client.get(BOARD, {"language": "de"})) == {"IoT offer"}


def test_bad_filter_values_are_ignored(client_for):
    PostFactory(title_en="Any offer")
    response = client_for(None).get(
        BOARD, {"kind": "nonsense", "competence": "x" * 300, "language": "zz", "page": "-1"}
    )
    assert response.status_code == 200
    assert _titles(response) == {"Any offer"}


def test_the_board_is_paginated(client_for):
    for number in range(25):
        PostFactory(title_en=f"Offer {number:02}")
    client = client_for(None)
    first, second = client.get(BOARD), client.get(BOARD, {"page": 2})
    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 5


def test_the_boards_queries_do_not_grow_with_its_posts(client_for, employee, query_count):
    competence, sector = CompetenceFactory(), SectorFactory()

    def make(count):
        for _number in range(count):
            PostFactory(competences=[competence], sectors=[sector])

    client = client_for(employee)
    make(3)
    few = query_count(lambda: client.get(BOARD))
    make(30)
    many = query_count(lambda: client.get(BOARD))
    assert many == few


# --- Posting and closing ------------------------------------------------------------------------


def _form(contact, **fields):
    return {
        "kind": "offer",
        "title_pl": "Cięcie laserowe",
        "title_en": "Laser cutting",
        "description_pl": "Blachy do 25 mm.",
        "contact_person": contact.pk,
        "valid_until": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "visibility": "members",
        "languages": ["pl", "de"],
        **fields,
    }


def test_an_employee_posts_from_the_page(client_for, employee, represented_organisation):
    colleague = colleague_of(represented_organisation)
    client = client_for(employee)
    assert client.get("/en/cooperation/new/").status_code == 200
    response = client.post("/en/cooperation/new/", _form(colleague))
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:edit", kwargs={"pk": post.pk})
    assert (post.status, post.contact_person, post.languages) == (
        Status.PUBLISHED,
        colleague,
        ["de", "pl"],
    )


def test_the_form_offers_only_the_organisations_people_as_contacts(
    client_for, employee, other_organisation
):
    client = client_for(employee)
    response = client.post("/en/cooperation/new/", _form(other_organisation.primary_representative))
    assert response.status_code == 200
    assert "contact_person" in response.context["form"].errors
    assert not Post.objects.exists()


def test_the_form_asks_for_a_funding_call(client_for, employee):
    client = client_for(employee)
    response = client.post("/en/cooperation/new/", _form(employee.person, kind="call_for_partners"))
    assert "funding_call" in response.context["form"].errors


def test_my_posts_lists_the_organisations_posts_only(
    client_for, employee, represented_organisation
):
    PostFactory(organisation=represented_organisation, title_en="Nasza oferta")
    PostFactory(title_en="Cudza oferta")
    response = client_for(employee).get("/en/cooperation/my/")
    content = response.content.decode()
    assert "Nasza oferta" in content
    assert "Cudza oferta" not in content


def test_another_organisations_post_cannot_be_edited_or_closed(client_for, employee):
    post = PostFactory()
    client = client_for(employee)
    assert client.get(f"/en/cooperation/my/{post.pk}/edit/").status_code == 404
    assert client.post(f"/en/cooperation/my/{post.pk}/withdraw/").status_code == 404
    assert client.post(f"/en/cooperation/my/{post.pk}/fulfil/").status_code == 404
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED


def test_edit_withdraw_and_fulfil_from_the_pages(client_for, employee, represented_organisation):
    client = client_for(employee)
    post = PostFactory(organisation=represented_organisation, contact_person=employee.person)
    response = client.post(
        f"/en/cooperation/my/{post.pk}/edit/", _form(employee.person, title_pl="Zmieniony")
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title_pl == "Zmieniony"

    client.post(f"/en/cooperation/my/{post.pk}/fulfil/", {"outcome": "Znaleźliśmy."})
    post.refresh_from_db()
    assert (post.status, post.outcome) == (Status.FULFILLED, "Znaleźliśmy.")

    other = PostFactory(organisation=represented_organisation)
    client.post(f"/en/cooperation/my/{other.pk}/withdraw/")
    other.refresh_from_db()
    assert other.status == Status.WITHDRAWN


# --- Attachments --------------------------------------------------------------------------------


def _attach(post, user):
    return services.post_attachment_add(
        post=post, actor=user, upload=SimpleUploadedFile("oferta.pdf", minimal_pdf())
    )


def test_an_attachment_is_served_to_those_who_see_its_post(
    client_for, representative, represented_organisation, outsider, council_member
):
    public = PostFactory(organisation=represented_organisation)
    members = PostFactory(organisation=represented_organisation, visibility=Post.Visibility.MEMBERS)
    pending = PostFactory(
        organisation=represented_organisation, status=Status.PENDING, published_at=None
    )
    files = {
        name: _attach(post, representative)
        for name, post in {"public": public, "members": members, "pending": pending}.items()
    }

    def status(user, name):
        return client_for(user).get(f"/en/cooperation/attachments/{files[name].pk}/").status_code

    assert status(None, "public") == 200
    assert status(None, "members") == 404
    assert status(outsider, "members") == 404
    assert status(council_member, "members") == 200
    assert status(council_member, "pending") == 404
    assert status(representative, "pending") == 200


def test_attachments_are_uploaded_and_removed_from_the_edit_page(
    client_for, employee, represented_organisation
):
    post = PostFactory(organisation=represented_organisation)
    client = client_for(employee)
    client.post(
        f"/en/cooperation/my/{post.pk}/attachments/",
        {"title": "Karta", "file": SimpleUploadedFile("karta.pdf", minimal_pdf())},
    )
    attachment = post.attachments.get()
    assert attachment.title == "Karta"
    client.post(f"/en/cooperation/my/attachments/{attachment.pk}/remove/")
    assert not post.attachments.exists()


@pytest.mark.parametrize("language", ["pl", "en", "de", "fr", "ru"])
def test_the_board_answers_in_every_language(client_for, language):
    PostFactory()
    with translation.override(language):
        url = reverse("cooperation:list")
    assert client_for(None).get(url).status_code == 200
