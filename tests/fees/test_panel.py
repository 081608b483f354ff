"""The coordinator's fees pages: overview, profile, schedules, the run's preview and progress,
documents, downloads and corrections."""

import datetime
from decimal import Decimal

import pytest

from core.models import AuditEntry
from fees.models import BillingProfile, BillingRun, FeeDocument, FeeSchedule
from members.models import Organisation

from .factories import (
    BillingProfileFactory,
    FeeScheduleFactory,
    billing_run_done,
    debit_note_schedule,
    document_xml,
    member,
    render_files,
)

pytestmark = pytest.mark.django_db
PANEL = "/en/panel/fees/"
YEAR = datetime.date.today().year


@pytest.fixture
def issued(coordinator):
    BillingProfileFactory()
    FeeScheduleFactory(year=YEAR)
    debit_note_schedule(year=YEAR)
    company = member(name="Alfa Sp. z o.o.")
    university = member(name="Politechnika Beta", kind=Organisation.Kind.UNIVERSITY)
    billing_run_done(coordinator=coordinator, year=YEAR)
    return {
        "invoice": render_files(FeeDocument.objects.get(organisation=company)),
        "note": render_files(FeeDocument.objects.get(organisation=university)),
    }


def test_the_index_answers_the_coordinator_and_refuses_others(
    client_for, coordinator, representative
):
    assert client_for(coordinator).get("/pl/panel/fees/").status_code == 200
    assert client_for(representative).get("/pl/panel/fees/").status_code == 403
    assert client_for(None).get("/pl/panel/fees/").status_code == 302


def test_the_overview_totals_the_year(client_for, coordinator, issued):
    FeeDocument.objects.filter(pk=issued["note"].pk).update(paid_total=Decimal("200.00"))
    response = client_for(coordinator).get(PANEL, {"year": YEAR})
    overview = response.context["overview"]
    assert overview["issued"] == Decimal("1730.00")
    assert overview["paid"] == Decimal("200.00")
    assert overview["outstanding"] == Decimal("1530.00")


def test_the_coordinator_fills_in_the_billing_profile(client_for, coordinator):
    response = client_for(coordinator).post(
        f"{PANEL}profile/",
        {
            "name": "Klaster sp. z o.o.",
            "street": "ul. Długa 1",
            "postal_code": "80-001",
            "city": "Gdańsk",
            "country": "pl",
            "nip": "584-273-91-22",
            "bank_account": "61 1090 1014 0000 0712 1981 2874",
            "invoice_prefix": "FV",
            "debit_note_prefix": "NO",
            "correction_prefix": "FK",
            "debit_note_correction_prefix": "NK",
        },
    )
    assert response.status_code == 302
    profile = BillingProfile.objects.get()
    assert (profile.nip, profile.bank_account, profile.country) == (
        "5842739122",
        "PL61109010140000071219812874",
        "PL",
    )


def test_a_profile_with_one_series_twice_is_refused(client_for, coordinator):
    response = client_for(coordinator).post(
        f"{PANEL}profile/",
        {
            "name": "Klaster",
            "street": "ul. Długa 1",
            "postal_code": "80-001",
            "city": "Gdańsk",
            "country": "PL",
            "nip": "5842739122",
            "bank_account": "PL61109010140000071219812874",
            "invoice_prefix": "FV",
            "debit_note_prefix": "FV",
            "correction_prefix": "FK",
            "debit_note_correction_prefix": "NK",
        },
    )
    assert response.status_code == 200
    assert not BillingProfile.objects.exists()


def _schedule_data(**values):
    return {
        "year": YEAR,
        "category": "medium",
        "name_pl": "Składka",
        "amount": "2000.00",
        "currency": "PLN",
        "document_kind": "invoice",
        "vat": "23.00",
        "due_days": "21",
        "pro_rata": "quarterly",
        **values,
    }


def test_the_coordinator_adds_and_changes_a_schedule(client_for, coordinator):
    client = client_for(coordinator)
    assert client.post(f"{PANEL}schedules/new/", _schedule_data()).status_code == 302
    schedule = FeeSchedule.objects.get()
    assert (schedule.vat_rate, schedule.due_days) == (Decimal("23.00"), 21)

    response = client.post(
        f"{PANEL}schedules/{schedule.pk}/",
        _schedule_data(document_kind="debit_note", vat="23.00"),
    )
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.document_kind, schedule.vat_rate) == ("debit_note", None)
    change = AuditEntry.objects.get(action="fees.schedule_changed")
    assert change.changes["document_kind"] == ["invoice", "debit_note"]
    assert client.get(f"{PANEL}schedules/").status_code == 200


def test_an_exempt_invoice_needs_its_legal_basis(client_for, coordinator):
    response = client_for(coordinator).post(f"{PANEL}schedules/new/", _schedule_data(vat="zw"))
    assert response.status_code == 200
    assert "vat_exemption_basis" in response.context["form"].errors
    assert not FeeSchedule.objects.exists()


def test_a_second_schedule_for_a_category_and_year_is_refused(client_for, coordinator):
    FeeScheduleFactory(year=YEAR, category="medium")
    response = client_for(coordinator).post(f"{PANEL}schedules/new/", _schedule_data())
    assert response.status_code == 200
    assert FeeSchedule.objects.count() == 1


def test_the_run_is_previewed_confirmed_and_shows_its_progress(
    client_for, coordinator, django_capture_on_commit_callbacks
):
    BillingProfileFactory()
    FeeScheduleFactory(year=YEAR)
    member(name="Gamma Sp. z o.o.")
    member(name="Bez Stawki S.A.", kind=Organisation.Kind.LARGE)
    client = client_for(coordinator)

    response = client.post(
        f"{PANEL}runs/new/", {"year": YEAR, "issue_date": datetime.date.today().isoformat()}
    )
    run = BillingRun.objects.get()
    assert response.url == f"{PANEL}runs/{run.pk}/"
    preview = client.get(response.url)
    assert [item.organisation.name for item in preview.context["page_obj"]] == ["Gamma Sp. z o.o."]
    assert [o.name for o in preview.context["unscheduled"]] == ["Bez Stawki S.A."]
    assert preview.context["refresh"] is None

    BillingRun.objects.filter(pk=run.pk).update(status=BillingRun.Status.RUNNING)
    running = client.get(response.url)
    assert running.context["refresh"] == 3
    assert b'http-equiv="refresh"' in running.content
    BillingRun.objects.filter(pk=run.pk).update(status=BillingRun.Status.PREVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{PANEL}runs/{run.pk}/confirm/")
    run.refresh_from_db()
    assert run.status == BillingRun.Status.DONE
    done = client.get(f"{PANEL}runs/{run.pk}/")
    assert (done.context["issued"], done.context["percent"]) == (1, 100)


def test_a_preview_can_be_discarded(client_for, coordinator):
    BillingProfileFactory()
    FeeScheduleFactory(year=YEAR)
    member()
    client = client_for(coordinator)
    client.post(f"{PANEL}runs/new/", {"year": YEAR, "issue_date": datetime.date.today()})
    run = BillingRun.objects.get()
    client.post(f"{PANEL}runs/{run.pk}/discard/")
    assert not BillingRun.objects.exists()


def test_the_document_list_filters_and_searches(client_for, coordinator, issued):
    client = client_for(coordinator)
    everything = client.get(f"{PANEL}documents/")
    assert everything.context["page_obj"].paginator.count == 2
    notes = client.get(f"{PANEL}documents/", {"kind": "debit_note"})
    assert list(notes.context["page_obj"]) == [issued["note"]]
    by_number = client.get(f"{PANEL}documents/", {"q": issued["invoice"].number})
    assert list(by_number.context["page_obj"]) == [issued["invoice"]]
    by_member = client.get(f"{PANEL}documents/", {"q": "politechnika", "year": YEAR})
    assert list(by_member.context["page_obj"]) == [issued["note"]]
    unpaid = client.get(f"{PANEL}documents/", {"status": "paid"})
    assert unpaid.context["page_obj"].paginator.count == 0


def test_the_document_page_and_its_downloads(client_for, coordinator, issued):
    client = client_for(coordinator)
    invoice = issued["invoice"]
    page = client.get(f"{PANEL}documents/{invoice.pk}/")
    assert page.status_code == 200
    assert "Fee document issued" in page.content.decode()
    pdf = client.get(f"{PANEL}documents/{invoice.pk}/pdf/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    xml = client.get(f"{PANEL}documents/{invoice.pk}/xml/")
    assert xml["Content-Type"] == "application/xml"
    document_xml(invoice)
    assert client.get(f"{PANEL}documents/{issued['note'].pk}/xml/").status_code == 404


def test_the_coordinator_corrects_a_document(client_for, coordinator, issued):
    client = client_for(coordinator)
    note = issued["note"]
    form = client.get(f"{PANEL}documents/{note.pk}/correct/")
    assert form.status_code == 200
    response = client.post(
        f"{PANEL}documents/{note.pk}/correct/",
        {"reason": "Zmiana uchwały", "issue_date": datetime.date.today(), "line_1": "0.00"},
    )
    correction = FeeDocument.objects.get(corrects=note)
    assert response.url == f"{PANEL}documents/{correction.pk}/"
    assert correction.number == f"NK/{datetime.date.today().year}/0001"
    assert correction.gross_total == Decimal("-500.00")
    note.refresh_from_db()
    assert note.status == FeeDocument.Status.CANCELLED
    assert note.gross_total == Decimal("500.00")  # the original is never edited
    # A correction is not corrected itself.
    again = client.get(f"{PANEL}documents/{correction.pk}/correct/")
    assert again.status_code == 302


def test_a_correction_that_changes_nothing_is_refused(client_for, coordinator, issued):
    invoice = issued["invoice"]
    response = client_for(coordinator).post(
        f"{PANEL}documents/{invoice.pk}/correct/",
        {"reason": "Nic", "issue_date": datetime.date.today(), "line_1": "1000.00"},
    )
    assert response.status_code == 200
    assert not FeeDocument.objects.filter(corrects=invoice).exists()
