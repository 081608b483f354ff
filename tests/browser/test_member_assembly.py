"""A whole Member Assembly in Chromium (issue 16): the coordinator plans it with an agenda and
convenes it, everyone entitled gets the notice in their language with an .ics; a representative
gives a colleague a proxy with a signed PDF; the chair opens the meeting and checks people in at
the door while the quorum shows; the named vote on the draft resolution adopts and numbers it;
the Council is elected on paper (nominations with consent through the e-mailed link, the quorum
recorded, the totals entered, the count gives council seats for the term); the meeting closes,
the secretary drafts and edits the minutes, and the next meeting approves them: a PDF with its
SHA-256, listed in the register of meetings."""

import datetime
import hashlib
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from core.models import OutboundEmail
from elections.models import Candidate, Election
from meetings.models import Attendance, Meeting, MeetingProxy, Minutes, QuorumRecord
from members.models import CouncilSeat, Person
from resolutions import services as resolution_services
from resolutions.models import GoverningBody, Resolution
from tests.agreements.pdfs import minimal_pdf
from tests.factories import PersonFactory, UserFactory, active_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESOLUTION_TITLE = "Uchwała w sprawie planu działań klastra na 2027 rok"
RESOLUTION_EN = "Resolution on the cluster's action plan for 2027"
MEETING_PL = "Zwyczajne Zgromadzenie Uczestników"
MEETING_EN = "Ordinary Member Assembly"
NEXT_PL = "Zgromadzenie Uczestników: zatwierdzenie protokołu"
ELECTION_EN = "Election of the Cluster Council"
SECRETARY_NOTE = "Przewodnicząca podziękowała uczestnikom za liczny udział."


def _account(email, first_name, last_name, language, **extra):
    return UserFactory(
        email=email,
        first_name=first_name,
        last_name=last_name,
        language=language,
        verified_email=True,
        **extra,
    )


def _representative(email, first_name, last_name, organisation_name, language):
    """The primary representative (the Assembly's vote) of a new active member."""
    user = _account(email, first_name, last_name, language)
    organisation = active_member(user=user, name=organisation_name)
    Person.objects.filter(pk=organisation.primary_representative_id).update(
        first_name=first_name, last_name=last_name, language=language
    )
    return Person.objects.select_related("organisation").get(
        pk=organisation.primary_representative_id
    )


def _employee(organisation, email, first_name, last_name, language="pl"):
    user = _account(email, first_name, last_name, language)
    return PersonFactory(
        organisation=organisation,
        user=user,
        email=email,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )


def _log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def _local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _pdf_upload(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": minimal_pdf()}


def _plan_meeting(page, *, title_pl, title_en, starts_at, chair, secretary):
    page.goto("/en/panel/meetings/")
    page.get_by_role("link", name="Plan a meeting").click()
    page.get_by_label("Governing body").select_option(label="Member Assembly")
    page.get_by_label("Title (Polish)").fill(title_pl)
    page.get_by_label("Title (English)").fill(title_en)
    page.get_by_label("Starts", exact=True).fill(_local_input(starts_at))
    page.get_by_label("Ends", exact=True).fill(
        _local_input(starts_at + datetime.timedelta(hours=3))
    )
    page.get_by_label("Place").fill("Gdańsk, ul. Długa 1, sala konferencyjna")
    page.get_by_label("Chair of the meeting").select_option(label=chair.full_name)
    page.get_by_label("Secretary").select_option(label=secretary.full_name)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/panel/meetings/*/")
    return Meeting.objects.get(title_pl=title_pl)


def _add_item(page, *, kind, title_pl, title_en="", **choose):
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Kind").select_option(label=kind)
    page.get_by_label("Title (Polish)").fill(title_pl)
    if title_en:
        page.get_by_label("Title (English)").fill(title_en)
    if "resolution" in choose:
        page.get_by_label(choose["resolution"]).check()
    if "election" in choose:
        page.get_by_label("Election", exact=True).select_option(label=choose["election"])
    if "minutes_of" in choose:
        page.get_by_label("Minutes of").select_option(label=choose["minutes_of"])
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/panel/meetings/*/")
    expect(page.get_by_text("The agenda is saved.")).to_be_visible()


def _convene(page):
    page.get_by_role("button", name="Convene the meeting").click()
    expect(page.get_by_text("is convened; the notice is on its way.")).to_be_visible()


def _open_meeting_page(page, meeting):
    page.goto("/en/meetings/")
    page.get_by_role(
        "link", name=re.compile(re.escape(meeting.title_en or meeting.title_pl))
    ).click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")


def _mail_to(address, *, subject_contains=""):
    return [m for m in mail.outbox if address in m.to and subject_contains in m.subject]


def _consent_link(address):
    (message,) = [m for m in mail.outbox if address in m.to and "/elections/consent/" in m.body]
    return re.search(r"https?://\S+/elections/consent/\S+/", message.body).group(0)


def test_a_whole_member_assembly_from_the_notice_to_approved_minutes(
    page, log_in, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    call_command("seed_governance", stdout=io.StringIO())
    assembly = GoverningBody.objects.get(slug="member-assembly")
    coordinator = _account("biuro@klaster.example", "Biuro", "Klastra", "en", is_coordinator=True)
    anna = _representative("anna@morze.example", "Anna", "Nowak", "Morze Sp. z o.o.", "pl")
    ben = _representative("ben@harbour.example", "Ben", "Walker", "Harbour Tech Ltd", "en")
    clara = _representative("clara@werft.example", "Clara", "Schmidt", "Werft GmbH", "de")
    bartek = _employee(ben.organisation, "bartek@harbour.example", "Bartek", "Wiśniewski")
    sylwia = _employee(anna.organisation, "sylwia@morze.example", "Sylwia", "Kowalska")
    resolution = resolution_services.resolution_draft_save(
        actor=None,
        data={
            "body": assembly,
            "title_pl": RESOLUTION_TITLE,
            "title_en": RESOLUTION_EN,
            "content_pl": "§ 1. Przyjmuje się plan działań klastra na 2027 rok.",
            "content_en": "§ 1. The cluster's action plan for 2027 is adopted.",
            "is_public": False,
            "is_secret": False,
            "quorum_percent": assembly.quorum_percent,
            "majority": assembly.majority,
            "majority_base": assembly.majority_base,
        },
    )
    starts_at = (timezone.localtime() + datetime.timedelta(days=30)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    term_start = datetime.date(timezone.localdate().year + 1, 1, 1)
    term_end = datetime.date(term_start.year + 3, 12, 31)

    # 1. The coordinator sets up the election, plans the Assembly with its agenda, convenes it.
    log_in(coordinator.email)
    page.goto("/en/panel/elections/")
    page.get_by_role("link", name="New election").click()
    page.get_by_label("Electing body").select_option(label="Member Assembly")
    page.get_by_label("Title (Polish)").fill("Wybory Rady Klastra")
    page.get_by_label("Title (English)").fill(ELECTION_EN)
    page.get_by_label("What is elected").select_option("council")
    page.get_by_label("Seats").fill("2")
    page.get_by_label("Term from").fill(term_start.isoformat())
    page.get_by_label("Term to").fill(term_end.isoformat())
    page.get_by_label("How it is voted").select_option("paper")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/panel/elections/*/")
    election = Election.objects.get()
    assert election.status == Election.Status.NOMINATING

    meeting = _plan_meeting(
        page,
        title_pl=MEETING_PL,
        title_en=MEETING_EN,
        starts_at=starts_at,
        chair=anna,
        secretary=sylwia,
    )
    _add_item(
        page,
        kind="draft resolutions",
        title_pl="Plan działań na 2027 rok",
        title_en="Action plan for 2027",
        resolution=RESOLUTION_EN,
    )
    _add_item(
        page,
        kind="election",
        title_pl="Wybór Rady Klastra",
        title_en="Election of the Council",
        election=ELECTION_EN,
    )
    _add_item(
        page, kind="any other business", title_pl="Sprawy różne", title_en="Any other business"
    )
    page.get_by_role("link", name="Add a document").click()
    page.get_by_label("Title").fill("Projekt planu działań")
    page.get_by_label("Agenda item").select_option(label="1. Action plan for 2027")
    page.get_by_label("File").set_input_files(_pdf_upload("plan-dzialan.pdf"))
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(f"**/panel/meetings/{meeting.pk}/")
    agenda = page.get_by_role("region", name="Agenda")
    expect(agenda.get_by_role("row", name=re.compile("Action plan for 2027"))).to_be_visible()
    expect(agenda.get_by_role("link", name="Projekt planu działań")).to_be_visible()

    mail.outbox.clear()
    _convene(page)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    expect(page.get_by_text(f"Meeting no. {meeting.number_display} is convened")).to_be_visible()
    # Each entitled representative, the chair and the secretary: once, in their language, with
    # the agenda and the calendar file.
    for person in (anna, ben, clara, sylwia):
        (notice,) = _mail_to(person.email)
        with translation.override(person.language):
            subject = gettext("Notice of a meeting: %(body)s, %(title)s") % {
                "body": GoverningBody.objects.get(pk=assembly.pk).name,
                "title": Meeting.objects.get(pk=meeting.pk).title,
            }
        assert notice.subject == subject
        outbound = OutboundEmail.objects.get(template="meetings_notice", to=person.email)
        assert outbound.language == person.language
        (ics,) = [a for a in notice.attachments if a[0].endswith(".ics")]
        assert ics[2] == "text/calendar"
        assert "BEGIN:VCALENDAR" in (ics[1] if isinstance(ics[1], str) else ics[1].decode())
    assert "Action plan for 2027" in _mail_to(ben.email)[0].body
    assert "Plan działań na 2027 rok" in _mail_to(anna.email)[0].body
    assert not _mail_to(bartek.email)
    _log_out(page)

    # 2. Ben cannot come: he gives his colleague Bartek the proxy with the signed PDF, and
    #    nominates candidates for the Council (himself among them).
    log_in(ben.user.email)
    _open_meeting_page(page, meeting)
    page.get_by_role("link", name="Give a proxy for this meeting").click()
    page.get_by_label("Proxy holder").select_option(label=f"{bartek.full_name} (Harbour Tech Ltd)")
    page.get_by_label("Signed proxy document (PDF)").set_input_files(
        _pdf_upload("pelnomocnictwo.pdf")
    )
    page.get_by_role("button", name="Give the proxy").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    expect(
        page.get_by_text("Bartek Wiśniewski holds the vote of Harbour Tech Ltd at this meeting.")
    ).to_be_visible()
    proxy = MeetingProxy.objects.get()
    assert (proxy.holder, proxy.organisation, proxy.used_at) == (bartek, ben.organisation, None)

    page.goto("/en/elections/")
    page.get_by_role("link", name=ELECTION_EN).click()
    for candidate in (clara, anna, ben):
        page.get_by_label("Candidate", exact=True).select_option(
            label=f"{candidate.full_name} ({candidate.organisation.name})"
        )
        page.get_by_role("button", name="Nominate").click()
        page.wait_for_url(f"**/elections/{election.pk}/")
    expect(page.get_by_text("You are a candidate.")).to_be_visible()
    _log_out(page)

    # Clara and Anna consent through the link each was e-mailed, in their own language.
    for candidate in (clara, anna):
        link = _consent_link(candidate.email)
        language = re.search(r"//[^/]+/([a-z]{2})/", link).group(1)
        assert language == candidate.language
        page.goto(link)
        with translation.override(language):
            consent, send = gettext("I consent to stand"), gettext("Send the answer")
        page.get_by_label(consent).check()
        page.get_by_role("button", name=send).click()
        with translation.override(language):
            thanks = gettext("Thank you: you stand in the election.")
        expect(page.get_by_text(thanks)).to_be_visible()
    assert Candidate.objects.filter(election=election, consented_at__isnull=False).count() == 3

    # 3. The chair opens the meeting and checks people in at the door; the quorum shows.
    log_in(anna.user.email)
    _open_meeting_page(page, meeting)
    page.get_by_role("button", name="Open the meeting").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    expect(page.get_by_text("The meeting is open.")).to_be_visible()
    page.get_by_role("region", name="Attendance").get_by_role(
        "link", name="Attendance register"
    ).click()
    page.get_by_role("button", name=f"Check in {anna.full_name}").click()
    expect(page.get_by_text(f"{anna.full_name} is checked in.")).to_be_visible()
    bartek_row = page.locator(f"#person-{bartek.pk}")
    expect(bartek_row.get_by_text("Proxy of Harbour Tech Ltd")).to_be_visible()
    page.get_by_role("button", name=f"Check in {bartek.full_name}").click()
    expect(page.get_by_text(f"{bartek.full_name} is checked in.")).to_be_visible()
    page.get_by_label(f"How {clara.full_name} is present").select_option("online")
    page.get_by_role("button", name=f"Check in {clara.full_name}").click()
    expect(page.get_by_text(f"{clara.full_name} is checked in.")).to_be_visible()
    expect(
        page.get_by_text("Quorum: 2 present and 1 by proxy, of 3 entitled votes; 2 required.")
    ).to_be_visible()
    expect(page.get_by_text("The quorum is reached.")).to_be_visible()
    modes = dict(Attendance.objects.filter(meeting=meeting).values_list("person", "mode"))
    assert modes == {anna.pk: "in_person", bartek.pk: "in_person", clara.pk: "online"}
    proxy.refresh_from_db()
    assert proxy.used_at is not None

    # 4. The named vote on the draft resolution: Bartek votes for Harbour Tech by proxy.
    page.get_by_role("link", name="Votes at the meeting").first.click()
    page.get_by_role(
        "link", name=re.compile(rf"^Record the named vote\s*:\s*{re.escape(RESOLUTION_EN)}$")
    ).click()
    page.get_by_label(f"{anna.full_name} (Morze Sp. z o.o.)").select_option("for")
    page.get_by_label(f"Harbour Tech Ltd (by proxy: {bartek.full_name})").select_option("for")
    page.get_by_label(f"{clara.full_name} (Werft GmbH)").select_option("abstain")
    page.get_by_role("button", name="Record the vote").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/votes/")
    resolution.refresh_from_db()
    assert resolution.status != Resolution.Status.DRAFT
    assert resolution.outcome == Resolution.Outcome.ADOPTED
    assert (resolution.votes_for, resolution.votes_against, resolution.votes_abstain) == (2, 0, 1)
    assert resolution.number is not None
    expect(page.get_by_role("link", name=resolution.number_display)).to_be_visible()
    record = QuorumRecord.objects.get(resolution=resolution)
    assert (record.eligible, record.present, record.by_proxy, record.required) == (3, 2, 1, 2)
    _log_out(page)

    # 5. The Council is elected on paper at the meeting: voting opens, the quorum is recorded,
    #    the clerk enters the totals, the count gives the elected their seats for the term.
    log_in(coordinator.email)
    page.goto(f"/en/panel/elections/{election.pk}/")
    page.get_by_role("button", name="Open voting").click()
    page.wait_for_url(f"**/panel/elections/{election.pk}/")
    expect(page.get_by_text("Voting is open.")).to_be_visible()
    page.goto(f"/en/meetings/{meeting.pk}/votes/")
    page.get_by_role("button", name="Record the quorum at this election").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/votes/")
    assert QuorumRecord.objects.filter(election=election).count() == 1
    page.get_by_role("link", name="Enter the paper ballot's totals").click()
    page.get_by_label("Ballots cast").fill("3")
    page.get_by_label(f"Votes for {clara.full_name}").fill("3")
    page.get_by_label(f"Votes for {ben.full_name}").fill("2")
    page.get_by_label(f"Votes for {anna.full_name}").fill("1")
    page.get_by_role("button", name="Save the totals").click()
    page.wait_for_url(f"**/panel/elections/{election.pk}/")
    page.get_by_role("button", name="Close and count").click()
    page.wait_for_url(f"**/panel/elections/{election.pk}/")
    expect(page.get_by_text("The election is counted and closed.")).to_be_visible()
    election.refresh_from_db()
    assert election.status == Election.Status.CLOSED
    seats = CouncilSeat.objects.filter(term_start=term_start, term_end=term_end)
    assert set(seats.values_list("person", flat=True)) == {clara.pk, ben.pk}
    assert election.results_pdf_sha256
    expect(page.get_by_text(election.results_pdf_sha256)).to_be_visible()

    # 6. The meeting closes; the coordinator plans the next one to approve its minutes.
    _open_meeting_page(page, meeting)
    page.get_by_role("button", name="Close the meeting").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    next_meeting = _plan_meeting(
        page,
        title_pl=NEXT_PL,
        title_en="Member Assembly: approval of the minutes",
        starts_at=starts_at + datetime.timedelta(days=30),
        chair=anna,
        secretary=sylwia,
    )
    _add_item(
        page,
        kind="approval of the minutes",
        title_pl="Zatwierdzenie protokołu",
        title_en="Approval of the minutes",
        minutes_of=MEETING_EN,
    )
    _convene(page)
    next_meeting.refresh_from_db()
    assert next_meeting.status == Meeting.Status.CONVENED
    _log_out(page)

    # The secretary drafts the minutes from the meeting's record and adds a note.
    log_in(sylwia.user.email)
    page.goto(f"/en/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Draft the minutes from the meeting").click()
    expect(page.get_by_text("The minutes are drafted from the meeting's record.")).to_be_visible()
    minutes = Minutes.objects.get(meeting=meeting)
    assert RESOLUTION_TITLE in minutes.text
    assert clara.full_name in minutes.text
    page.get_by_role("link", name="Edit the minutes").click()
    text = page.get_by_label("Minutes (in Polish)")
    text.fill(f"{text.input_value()}\n{SECRETARY_NOTE}\n")
    page.get_by_role("button", name="Save the minutes").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    minutes.refresh_from_db()
    assert SECRETARY_NOTE in minutes.text
    assert minutes.status == Minutes.Status.DRAFT
    _log_out(page)

    # The chair opens the next meeting and records the approval of the minutes under its item.
    log_in(anna.user.email)
    page.goto(f"/en/meetings/{next_meeting.pk}/")
    page.get_by_role("button", name="Open the meeting").click()
    page.wait_for_url(f"**/meetings/{next_meeting.pk}/")
    page.get_by_role("button", name="Record the approval of the minutes").click()
    expect(page.get_by_text("The minutes are approved; they are published")).to_be_visible()
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_at_meeting == next_meeting
    assert minutes.pdf_sha256
    assert minutes.published_at is not None

    page.goto(f"/en/meetings/{meeting.pk}/")
    minutes_section = page.get_by_role("region", name="Minutes")
    expect(minutes_section.get_by_text(minutes.pdf_sha256)).to_be_visible()
    expect(minutes_section.get_by_text(SECRETARY_NOTE)).to_be_visible()

    page.goto("/en/meetings/register/")
    row = page.get_by_role("row", name=re.compile(re.escape(MEETING_EN)))
    expect(row.get_by_role("cell", name=meeting.number_display, exact=True)).to_be_visible()
    with page.expect_download() as download_info:
        row.get_by_role("link", name=re.compile("Minutes \\(PDF\\)")).click()
    with open(download_info.value.path(), "rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == minutes.pdf_sha256
