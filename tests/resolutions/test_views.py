"""The public and member pages, for each persona."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from resolutions import selectors, services
from resolutions.models import Ballot, EligibleVoter, Resolution, ResolutionAttachment
from tests.agreements.pdfs import minimal_pdf

from .conftest import PERSONAS, council_person, draft, opened

# Uploads are checked by content: a complete PDF.
PDF = minimal_pdf()


def _closed(body, actor, voters, **fields):
    resolution = opened(body, actor=actor, **fields)
    for user in voters:
        services.ballot_cast(resolution=resolution, user=user, choice="for")
    return services.vote_close(resolution=resolution, actor=actor)


# --- Register -----------------------------------------------------------------------------------


@pytest.fixture
def register_rows(assembly, council_body, coordinator, representative, council_member):
    return {
        "council": _closed(council_body, coordinator, [council_member], title_en="Council only"),
        "assembly": _closed(assembly, coordinator, [representative], title_en="Assembly only"),
        "public": _closed(
            council_body, coordinator, [council_member], title_en="Public one", is_public=True
        ),
        "draft": draft(assembly, title_en="Still a draft"),
    }


@pytest.mark.parametrize(
    ("name", "sees"),
    [
        ("anonymous", {"public"}),
        ("outsider", {"public"}),
        ("employee", {"public", "assembly"}),
        ("representative", {"public", "assembly"}),
        ("council_member", {"public", "council", "assembly"}),  # works for a member too
        ("coordinator", {"public", "council", "assembly"}),
    ],
)
def test_the_register_shows_each_persona_what_they_may_see(
    client_for, persona, register_rows, name, sees
):
    response = client_for(persona(name)).get("/en/resolutions/")
    assert response.status_code == 200
    shown = {key for key, item in register_rows.items() if item in response.context["resolutions"]}
    assert shown == sees


def test_drafts_are_listed_apart_for_managers_only(
    client_for, register_rows, coordinator, outsider
):
    assert list(client_for(coordinator).get("/en/resolutions/").context["drafts"]) == [
        register_rows["draft"]
    ]
    assert client_for(outsider).get("/en/resolutions/").context["drafts"] is None


def test_the_register_filters_by_body_year_outcome_and_search(
    client_for, register_rows, coordinator
):
    client = client_for(coordinator)
    year = timezone.localdate().year
    by_body = client.get("/en/resolutions/", {"body": "member-assembly"}).context["resolutions"]
    assert list(by_body) == [register_rows["assembly"]]
    by_year = client.get("/en/resolutions/", {"year": year}).context["resolutions"]
    assert len(by_year) == 3
    Resolution.objects.filter(pk=register_rows["council"].pk).update(year=year - 1)
    by_year = client.get("/en/resolutions/", {"year": year - 1}).context["resolutions"]
    assert list(by_year) == [register_rows["council"]]
    by_outcome = client.get("/en/resolutions/", {"outcome": "rejected"}).context["resolutions"]
    assert list(by_outcome) == []
    searched = client.get("/en/resolutions/", {"q": "Public"}).context["resolutions"]
    assert list(searched) == [register_rows["public"]]
    number = register_rows["assembly"].number_display
    by_number = client.get("/en/resolutions/", {"q": number}).context["resolutions"]
    assert register_rows["assembly"] in by_number


def test_the_register_runs_the_same_queries_for_10_and_200_rows(
    client_for, council_body, coordinator, query_count
):
    def make(count):
        year = timezone.localdate().year
        start = Resolution.objects.count()
        Resolution.objects.bulk_create(
            Resolution(
                body=council_body,
                title_pl=f"Uchwała {n}",
                content_pl="Treść",
                is_public=True,
                status=Resolution.Status.CLOSED,
                outcome=Resolution.Outcome.ADOPTED,
                number=start + n + 1,
                year=year,
                closed_at=timezone.now(),
            )
            for n in range(count)
        )

    client = client_for(None)
    make(10)
    ten = query_count(lambda: client.get("/en/resolutions/"))
    make(190)
    two_hundred = query_count(lambda: client.get("/en/resolutions/"))
    assert ten == two_hundred


# --- Detail ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("employee", 404),
        ("representative", 404),
        ("council_member", 200),
        ("coordinator", 200),
    ],
)
def test_a_council_resolution_is_shown_to_the_council_only(
    client_for, persona, register_rows, name, status
):
    response = client_for(persona(name)).get(register_rows["council"].get_absolute_url())
    assert response.status_code == status


@pytest.mark.parametrize("name", PERSONAS)
def test_a_draft_is_shown_to_managers_only(client_for, persona, register_rows, name):
    response = client_for(persona(name)).get(register_rows["draft"].get_absolute_url())
    assert response.status_code == (200 if name == "coordinator" else 404)


def test_the_chair_sees_drafts_and_a_form_to_open_them(client_for, council_body, chair):
    resolution = draft(council_body)
    response = client_for(chair).get(f"/en/resolutions/{resolution.pk}/")
    assert response.status_code == 200
    assert reverse("resolutions:open_vote", args=[resolution.pk]).encode() in response.content


def test_an_eligible_voter_sees_the_ballot_and_their_current_vote(client_for, council_body, chair):
    resolution = opened(council_body, actor=chair)
    client = client_for(chair)
    assert b'name="choice"' in client.get(f"/en/resolutions/{resolution.pk}/").content
    services.ballot_cast(resolution=resolution, user=chair, choice="against")
    response = client.get(f"/en/resolutions/{resolution.pk}/")
    assert response.context["current_ballot"].choice == "against"
    assert b"Your current vote: against" in response.content


def test_a_secret_vote_page_says_the_ballot_is_final_and_hides_it_once_cast(
    client_for, council_body, chair, council_member
):
    resolution = opened(council_body, actor=chair, is_secret=True)
    client = client_for(council_member)
    page = client.get(f"/en/resolutions/{resolution.pk}/").content.decode()
    assert 'name="choice"' in page
    assert "a ballot is final once cast" in page

    response = client.post(
        f"/en/resolutions/{resolution.pk}/vote/", {"choice": "against"}, follow=True
    )

    page = response.content.decode()
    assert "Your vote is recorded. The vote is secret" in page
    assert "This vote was cast on" in page
    assert "the ballot cannot be shown or changed" in page
    assert 'name="choice"' not in page
    assert response.context["current_ballot"] is None
    again = client.post(f"/en/resolutions/{resolution.pk}/vote/", {"choice": "for"})
    assert again.status_code == 400
    assert "A secret ballot is final" in again.content.decode()


# --- Drafting -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("employee", 403),
        ("representative", 403),
        ("council_member", 403),
        ("coordinator", 200),
    ],
)
def test_only_managers_draft_resolutions(client_for, persona, bodies, name, status):
    response = client_for(persona(name)).get("/en/resolutions/new/")
    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"]


def _draft_post(body, **changes):
    return {
        "body": body.pk,
        "title_pl": "Uchwała w sprawie budżetu",
        "content_pl": "Przyjmuje się budżet na rok.",
        "legal_basis": "§ 5 Statutu",
        "attachment": SimpleUploadedFile("budzet.pdf", PDF, content_type="application/pdf"),
        **changes,
    }


def test_the_chair_drafts_a_resolution_with_an_attachment(client_for, council_body, chair):
    response = client_for(chair).post("/en/resolutions/new/", _draft_post(council_body))
    resolution = Resolution.objects.get()
    assert response.status_code == 302
    assert (resolution.status, resolution.title_pl, resolution.created_by) == (
        "draft",
        "Uchwała w sprawie budżetu",
        chair,
    )
    assert (resolution.quorum_percent, resolution.majority) == (50, "simple")
    attachment = ResolutionAttachment.objects.get()
    download = client_for(chair).get(f"/en/resolutions/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == PDF


def test_a_draft_without_a_polish_title_is_refused(client_for, council_body, coordinator):
    response = client_for(coordinator).post(
        "/en/resolutions/new/", _draft_post(council_body, title_pl="", title_en="Budget")
    )
    assert response.status_code == 200
    assert "title_pl" in response.context["form"].errors
    assert not Resolution.objects.exists()


def test_a_weaker_rule_than_the_bodys_is_refused_on_the_form(client_for, council_body, coordinator):
    response = client_for(coordinator).post(
        "/en/resolutions/new/", _draft_post(council_body, quorum_percent=20)
    )
    assert response.status_code == 200
    assert "never a weaker one" in str(response.context["form"].errors)
    assert not Resolution.objects.exists()


def test_the_coordinator_edits_and_deletes_a_draft(client_for, council_body, coordinator):
    resolution = draft(council_body)
    client = client_for(coordinator)
    response = client.post(
        f"/en/resolutions/{resolution.pk}/edit/",
        _draft_post(council_body, title_pl="Nowy tytuł", majority="absolute"),
    )
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert (resolution.title_pl, resolution.majority) == ("Nowy tytuł", "absolute")
    assert client.get(f"/en/resolutions/{resolution.pk}/delete/").status_code == 405
    assert client.post(f"/en/resolutions/{resolution.pk}/delete/").status_code == 302
    assert not Resolution.objects.exists()


def test_an_opened_resolution_cannot_be_edited(client_for, council_body, chair):
    resolution = opened(council_body, actor=chair)
    assert client_for(chair).get(f"/en/resolutions/{resolution.pk}/edit/").status_code == 404


# --- Opening, voting, closing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("employee", 403),
        ("representative", 403),
        ("council_member", 403),
        ("coordinator", 200),
    ],
)
def test_only_managers_open_a_vote(client_for, persona, council_body, name, status):
    resolution = draft(council_body)
    assert (
        client_for(persona(name)).get(f"/en/resolutions/{resolution.pk}/open/").status_code
        == status
    )


def test_the_chair_opens_a_vote(client_for, council_body, chair):
    resolution = draft(council_body)
    closes = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(chair).post(
        f"/en/resolutions/{resolution.pk}/open/", {"voting_closes_at": closes}
    )
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert (resolution.status, resolution.number) == ("open", 1)


def test_opening_with_a_close_in_the_past_shows_the_error(client_for, council_body, chair):
    resolution = draft(council_body)
    response = client_for(chair).post(
        f"/en/resolutions/{resolution.pk}/open/", {"voting_closes_at": "2020-01-01T10:00"}
    )
    assert response.status_code == 200
    assert "Voting must close later than now." in str(response.context["form"].errors)


@pytest.mark.parametrize("name", PERSONAS)
def test_voting_is_a_post_for_eligible_voters_only(client_for, persona, council_body, chair, name):
    resolution = opened(council_body, actor=chair)
    client = client_for(persona(name))
    url = f"/en/resolutions/{resolution.pk}/vote/"
    assert client.get(url).status_code in {302, 405}
    response = client.post(url, {"choice": "for"})
    if name == "anonymous":
        assert response.status_code == 302
    elif name == "council_member":
        assert response.status_code == 302
        assert Ballot.objects.get().voter.person.user == persona(name)
    elif name == "coordinator":
        assert response.status_code == 400
        assert b"You are not entitled to vote on this resolution." in response.content
    else:
        assert response.status_code == 404
    if name != "council_member":
        assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("employee", 403),
        ("representative", 403),
        ("council_member", 403),
        ("coordinator", 302),
    ],
)
def test_only_managers_close_a_vote_early(client_for, persona, council_body, chair, name, status):
    resolution = opened(council_body, actor=chair)
    response = client_for(persona(name)).post(f"/en/resolutions/{resolution.pk}/close/")
    assert response.status_code == status
    resolution.refresh_from_db()
    assert resolution.is_closed is (name == "coordinator")


def test_closing_from_the_page_twice_keeps_the_first_result(client_for, council_body, chair):
    resolution = opened(council_body, actor=chair)
    client = client_for(chair)
    client.post(f"/en/resolutions/{resolution.pk}/close/")
    client.post(f"/en/resolutions/{resolution.pk}/close/")
    assert AuditEntry.objects.filter(action="resolution.vote_closed").count() == 1


# --- Proxies --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("employee", 404),
        ("representative", 200),
        ("council_member", 404),
        ("coordinator", 404),
    ],
)
def test_only_the_representative_holding_the_vote_appoints_a_proxy(
    client_for, persona, assembly, coordinator, name, status
):
    resolution = opened(assembly, actor=coordinator)
    response = client_for(persona(name)).get(f"/en/resolutions/{resolution.pk}/proxy/")
    assert response.status_code == status


def test_the_representative_uploads_a_proxy_and_the_colleague_votes(
    client_for, assembly, coordinator, representative, employee
):
    resolution = opened(assembly, actor=coordinator)
    response = client_for(representative).post(
        f"/en/resolutions/{resolution.pk}/proxy/",
        {
            "proxy": employee.person.pk,
            "document": SimpleUploadedFile("proxy.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    voter = EligibleVoter.objects.get(resolution=resolution)
    assert voter.proxy == employee.person
    assert (
        client_for(employee)
        .post(f"/en/resolutions/{resolution.pk}/vote/", {"choice": "abstain"})
        .status_code
        == 302
    )
    assert Ballot.objects.get().cast_by == employee.person
    page = client_for(coordinator).get(f"/en/resolutions/{resolution.pk}/")
    assert f"/en/panel/resolutions/proxies/{voter.pk}/document/".encode() in page.content
    document = client_for(coordinator).get(f"/en/panel/resolutions/proxies/{voter.pk}/document/")
    assert b"".join(document.streaming_content) == PDF
    assert (
        client_for(representative)
        .get(f"/en/panel/resolutions/proxies/{voter.pk}/document/")
        .status_code
        == 403
    )


def test_a_proxy_without_a_pdf_is_refused_on_the_form(
    client_for, assembly, coordinator, representative, employee
):
    resolution = opened(assembly, actor=coordinator)
    response = client_for(representative).post(
        f"/en/resolutions/{resolution.pk}/proxy/",
        {
            "proxy": employee.person.pk,
            "document": SimpleUploadedFile(
                "proxy.pdf", b"not a pdf", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 200
    assert "This file is not a PDF, whatever its name says." in str(response.context["form"].errors)
    assert not EligibleVoter.objects.filter(proxy__isnull=False).exists()


# --- PDF --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("employee", 404),
        ("representative", 404),
        ("council_member", 200),
        ("coordinator", 200),
    ],
)
def test_the_resolution_pdf_is_downloaded_by_those_who_see_it(
    client_for,
    persona,
    council_body,
    coordinator,
    council_member,
    name,
    status,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        resolution = _closed(council_body, coordinator, [council_member])
    response = client_for(persona(name)).get(f"/en/resolutions/{resolution.pk}/pdf/")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        page = client_for(persona(name)).get(f"/en/resolutions/{resolution.pk}/")
        resolution.refresh_from_db()
        assert resolution.pdf_sha256.encode() in page.content


def test_a_rejected_resolution_has_no_pdf(client_for, council_body, coordinator, council_member):
    resolution = opened(council_body, actor=coordinator)
    services.ballot_cast(resolution=resolution, user=council_member, choice="against")
    services.vote_close(resolution=resolution, actor=coordinator)
    assert client_for(coordinator).get(f"/en/resolutions/{resolution.pk}/pdf/").status_code == 404


def test_a_secret_vote_page_lists_who_took_part_and_no_choices(client_for, council_body, chair):
    member = council_person("secret@example.com")
    resolution = opened(council_body, actor=chair, is_secret=True)
    services.ballot_cast(resolution=resolution, user=member, choice="against")
    services.vote_close(resolution=resolution, actor=chair)
    response = client_for(chair).get(f"/en/resolutions/{resolution.pk}/")
    assert response.context["named_votes"] == []
    assert member.person.full_name.encode() in response.content


def test_selectors_for_the_home_page_and_dashboards(council_body, coordinator, council_member):
    running = opened(council_body, actor=coordinator)
    public = _closed(council_body, coordinator, [council_member], is_public=True)
    _closed(council_body, coordinator, [council_member])
    assert list(selectors.open_votes_for(user=council_member)) == [running]
    services.ballot_cast(resolution=running, user=council_member, choice="for")
    assert list(selectors.open_votes_for(user=coordinator)) == []
    assert list(selectors.latest_public_resolutions()) == [public]
