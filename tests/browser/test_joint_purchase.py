"""A member organises a joint purchase; two members join (one changes its quantity); the organiser
sees the total, exports the list as CSV and XLSX and closes the purchase; each participant is told
the outcome in their language."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from openpyxl import load_workbook
from playwright.sync_api import expect

from cooperation.models import Post, PurchaseCommitment
from cooperation.selectors import cluster_today
from tests.factories import UserFactory, active_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_PL = "Wspólny zakup licencji oprogramowania CAD"
TITLE_EN = "Joint purchase of CAD software licences"


def _member(email, name, *, first_name, last_name, language):
    user = UserFactory(email=email, verified_email=True)
    organisation = active_member(user=user, name=name)
    person = organisation.primary_representative
    person.first_name, person.last_name, person.language = first_name, last_name, language
    person.save()
    return user, organisation, person


def _log_out(page):
    page.context.clear_cookies()


def test_a_joint_purchase_from_opening_to_export_and_outcome(page, log_in):
    organiser_user, organiser, ewa = _member(
        "ewa.lis@hurtownia.example",
        "Hurtownia Morska Sp. z o.o.",
        first_name="Ewa",
        last_name="Lis",
        language="pl",
    )
    polish_user, polish_member, marek = _member(
        "marek.nowak@dok.example",
        "Dok Gdański S.A.",
        first_name="Marek",
        last_name="Nowak",
        language="pl",
    )
    english_user, english_member, jane = _member(
        "jane.doe@nordic.example",
        "Nordic Marine Ltd.",
        first_name="Jane",
        last_name="Doe",
        language="en",
    )
    deadline = cluster_today() + datetime.timedelta(days=14)

    # The organiser opens the purchase through the New post form.
    log_in(organiser_user.email)
    page.goto("/en/cooperation/")
    page.get_by_role("link", name="New post", exact=True).click()
    page.get_by_label("Kind").select_option(label="joint purchase")
    page.get_by_label("Title (Polish)", exact=True).fill(TITLE_PL)
    page.get_by_label("Description (Polish)", exact=True).fill(
        "Kupujemy razem roczne licencje; im więcej stanowisk, tym niższa cena."
    )
    page.get_by_label("Title (English)", exact=True).fill(TITLE_EN)
    page.get_by_label("Contact person").select_option(label="Ewa Lis")
    page.get_by_label("Valid until").fill(deadline.isoformat())
    page.get_by_label("Unit").fill("licence")
    page.get_by_label("Quantity sought").fill("50")
    page.get_by_role("button", name="Publish the post").click()
    page.wait_for_url("**/cooperation/my/*/edit/")
    expect(page.get_by_text("The post is on the board.")).to_be_visible()
    post = Post.objects.get(title_pl=TITLE_PL)
    assert post.kind == Post.Kind.JOINT_PURCHASE
    assert post.status == Post.Status.PUBLISHED
    assert post.valid_until == deadline
    assert (post.purchase_unit, post.purchase_target_quantity) == ("licence", Decimal("50"))
    _log_out(page)

    # Two members join from the post's page; the second changes its quantity.
    for user, quantity in ((polish_user, "12"), (english_user, "20")):
        log_in(user.email)
        page.goto("/en/cooperation/")
        page.get_by_role("link", name=TITLE_EN).click()
        page.wait_for_url(f"**/cooperation/{post.pk}/")
        box = page.get_by_role("region", name="Joint purchase")
        box.get_by_label("Quantity (licence)").fill(quantity)
        box.get_by_role("button", name="Join the joint purchase").click()
        expect(page.get_by_text("Your organisation has joined the joint purchase.")).to_be_visible()
        if user is english_user:
            box = page.get_by_role("region", name="Joint purchase")
            box.get_by_label("Quantity (licence)").fill("25.5")
            box.get_by_label("Note for the organiser").fill("Delivery to Gdynia, please.")
            box.get_by_role("button", name="Change the quantity").click()
            expect(page.get_by_text("Your organisation's quantity is changed.")).to_be_visible()
        _log_out(page)
    assert {
        commitment.organisation_id: commitment.quantity
        for commitment in PurchaseCommitment.objects.filter(post=post)
    } == {polish_member.pk: Decimal("12"), english_member.pk: Decimal("25.5")}

    # The organiser sees the total and the list, and exports it.
    log_in(organiser_user.email)
    page.goto("/en/cooperation/")
    page.get_by_role("link", name="My organisation's posts").click()
    row = page.get_by_role("row", name=re.compile(re.escape(TITLE_EN)))
    row.get_by_role("link", name="Commitments and outcome").click()
    page.wait_for_url(f"**/cooperation/my/purchases/{post.pk}/")
    expect(page.get_by_role("heading", name=TITLE_EN, level=1)).to_be_visible()
    expect(page.get_by_text("of 50 licence sought (75%)")).to_be_visible()
    commitments = page.get_by_role("table", name="Commitments in the order they came")
    expect(commitments.get_by_role("row", name=re.compile("Dok Gdański S.A."))).to_contain_text(
        "12 licence"
    )
    expect(commitments.get_by_role("row", name=re.compile("Nordic Marine Ltd."))).to_contain_text(
        "Delivery to Gdynia, please."
    )
    expect(commitments.get_by_role("row", name=re.compile("^Total"))).to_contain_text("37.5")

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV", exact=True).click()
    assert csv_download.value.suggested_filename.endswith(".csv")
    with open(csv_download.value.path(), encoding="utf-8-sig", newline="") as exported:
        rows = list(csv.DictReader(exported, delimiter=";"))
    assert {(row["Organisation"], row["Quantity"], row["Unit"]) for row in rows} == {
        ("Dok Gdański S.A.", "12", "licence"),
        ("Nordic Marine Ltd.", "25,5", "licence"),
    }

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    with open(xlsx_download.value.path(), "rb") as exported:
        sheet = load_workbook(io.BytesIO(exported.read())).active
    header, *values = list(sheet.iter_rows(values_only=True))
    organisation_column, quantity_column = header.index("Organisation"), header.index("Quantity")
    assert {(row[organisation_column], Decimal(str(row[quantity_column]))) for row in values} == {
        ("Dok Gdański S.A.", Decimal("12")),
        ("Nordic Marine Ltd.", Decimal("25.5")),
    }

    # The organiser closes it with the outcome.
    closing = page.get_by_role("region", name="Close the joint purchase")
    closing.get_by_label("Outcome", exact=True).fill(
        "Contract signed with CADsoft at 1,200 EUR a licence; keys arrive in January."
    )
    closing.get_by_role("button", name="Close and tell everyone who joined").click()
    expect(
        page.get_by_text("The joint purchase is closed; everyone who joined is told the outcome.")
    ).to_be_visible()
    expect(page.get_by_role("region", name="Close the joint purchase")).to_have_count(0)
    post.refresh_from_db()
    assert post.status == Post.Status.FULFILLED

    # Each participant is told once, in their language; the organiser is not a participant.
    (to_jane,) = [message for message in mail.outbox if message.to == [jane.email]]
    assert to_jane.subject == f"Joint purchase closed: {TITLE_EN}"
    assert "Quantity committed by Nordic Marine Ltd.: 25.5" in to_jane.body
    assert "Contract signed with CADsoft at 1,200 EUR a licence" in to_jane.body
    (to_marek,) = [message for message in mail.outbox if message.to == [marek.email]]
    assert TITLE_PL in to_marek.subject and TITLE_EN not in to_marek.subject
    assert "Contract signed with CADsoft at 1,200 EUR a licence" in to_marek.body
    assert not [message for message in mail.outbox if message.to == [ewa.email]]

    # The purchase has left the board.
    page.goto("/en/cooperation/")
    expect(page.get_by_role("link", name=TITLE_EN)).to_have_count(0)
