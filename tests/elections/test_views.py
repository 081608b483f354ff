"""The members' pages and the panel's, through the test client."""

import pytest
from django.urls import reverse
from django.utils import timezone

from elections import services
from elections.models import BallotMark, Candidate, Election, ElectionVoter
from members.models import CouncilSeat

from .factories import candidate, election, member_voter, opened

pytestmark = pytest.mark.django_db


def test_the_list_is_for_members_and_sends_visitors_to_log_in(client, assembly, coordinator):
    item = election(assembly, actor=coordinator)
    client.force_login(member_voter("m@example.com"))
    response = client.get(reverse("elections:list"))
    assert response.status_code == 200
    assert item.title in response.content.decode()
    client.logout()
    response = client.get(reverse("elections:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_nominates_from_the_page(client, assembly, coordinator):
    item = election(assembly, actor=coordinator)
    user = member_voter("m@example.com")
    client.force_login(user)
    page = client.get(item.get_absolute_url()).content.decode()
    assert reverse("elections:nominate", kwargs={"pk": item.pk}) in page
    nominee = member_voter("nominee@example.com").person
    response = client.post(
        reverse("elections:nominate", kwargs={"pk": item.pk}), {"person": nominee.pk}
    )
    assert response.status_code == 302
    assert Candidate.objects.get(election=item).person == nominee


def test_the_ballot_is_limited_to_the_seats_and_then_says_you_have_voted(
    client, assembly, coordinator
):
    item = election(assembly, actor=coordinator, seats=1)
    a = candidate(item, nominator=coordinator)
    b = candidate(item, nominator=coordinator)
    user = member_voter("m@example.com")
    item = opened(item, actor=coordinator)
    client.force_login(user)
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'type="checkbox"' in page

    url = reverse("elections:vote", kwargs={"pk": item.pk})
    response = client.post(url, {"candidates": [a.pk, b.pk]})
    assert response.status_code == 400
    assert not BallotMark.objects.exists()

    response = client.post(url, {"candidates": [a.pk]})
    assert response.status_code == 302
    page = client.get(item.get_absolute_url()).content.decode()
    assert "You have voted" in page
    assert 'type="checkbox"' not in page
    assert client.post(url, {"candidates": [b.pk]}).status_code == 400
    assert BallotMark.objects.filter(election=item).count() == 1


def test_the_consent_link_works_logged_out(client, assembly, coordinator):
    item = election(assembly, actor=coordinator)
    made = candidate(item, nominator=coordinator, consent=False)
    url = reverse("elections:consent", kwargs={"token": made.consent_token})
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "accept", "statement": "Chcę działać."})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.consented_at is not None and made.statement == "Chcę działać."
    bad = reverse("elections:consent", kwargs={"token": "nope"})
    assert client.get(bad).status_code == 404


def test_the_coordinator_runs_a_paper_election_to_its_council_seats(
    client, assembly, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    start = timezone.localdate().replace(year=timezone.localdate().year + 1, month=1, day=1)
    response = client.post(
        reverse("panel_elections:create"),
        {
            "body": assembly.pk,
            "title_pl": "Wybory Rady",
            "title_en": "Council election",
            "target": "council",
            "seats": 1,
            "term_start": start.isoformat(),
            "term_end": start.replace(year=start.year + 3).isoformat(),
            "method": "paper",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Election.objects.get()
    a = candidate(item, nominator=coordinator)
    b = candidate(item, nominator=coordinator)
    member_voter("m@example.com")
    response = client.post(reverse("panel_elections:voting_open", kwargs={"pk": item.pk}), {})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Election.Status.VOTING

    totals = reverse("panel_elections:paper_totals", kwargs={"pk": item.pk})
    assert client.get(totals).status_code == 200
    response = client.post(totals, {"ballots": 2, f"candidate_{a.pk}": 3, f"candidate_{b.pk}": 0})
    assert response.status_code == 200
    assert "more votes than there were ballots" in response.content.decode()
    response = client.post(totals, {"ballots": 2, f"candidate_{a.pk}": 2, f"candidate_{b.pk}": 0})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("panel_elections:close", kwargs={"pk": item.pk}))
    item.refresh_from_db()
    assert item.status == Election.Status.CLOSED
    assert CouncilSeat.objects.get(person=a.person).term_start == start
    pdf = client.get(reverse("panel_elections:results_pdf", kwargs={"pk": item.pk}))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert ElectionVoter.objects.filter(election=item).count() == item.eligible_count


def test_the_results_pdf_is_for_members_only(client, assembly, coordinator, outsider):
    item = election(assembly, actor=coordinator)
    candidate(item, nominator=coordinator)
    member_voter("m@example.com")
    item = services.election_close(election=opened(item, actor=coordinator), actor=coordinator)
    services.election_results_pdf_store(election_id=item.pk)
    url = reverse("elections:results_pdf", kwargs={"pk": item.pk})
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(member_voter("m2@example.com"))
    assert client.get(url).status_code == 200
