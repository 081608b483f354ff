"""The coordinator previews and confirms the year's billing run; the representative finds the
invoice under My organisation."""

import datetime

import pytest
from playwright.sync_api import expect

from fees.models import FeeDocument
from tests.factories import UserFactory
from tests.fees.factories import BillingProfileFactory, FeeScheduleFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_bills_the_year_and_the_representative_sees_the_invoice(page, log_in):
    UserFactory(email="biuro@klaster.example", is_coordinator=True, verified_email=True)
    user = UserFactory(email="jan.nowak@stocznia.example", verified_email=True)
    organisation = member(user=user, name="Stocznia Północna Sp. z o.o.")
    BillingProfileFactory()
    FeeScheduleFactory(year=datetime.date.today().year)

    log_in("biuro@klaster.example")
    page.goto("/en/panel/fees/")
    page.get_by_role("link", name="Prepare a billing run").click()
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("row", name="Stocznia Północna Sp. z o.o.")).to_contain_text("1230.00")
    page.get_by_role("button", name="Confirm and issue").click()
    expect(page.get_by_text("1 of 1 documents issued")).to_be_visible()

    document = FeeDocument.objects.get(organisation=organisation)
    page.get_by_role("navigation", name="Fees").get_by_role("link", name="Documents").click()
    page.get_by_role("link", name=document.number).click()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()

    page.context.clear_cookies()
    log_in(user.email)
    page.goto("/en/my-organisation/")
    page.get_by_role("link", name="Membership fees: invoices and debit notes").click()
    expect(page.get_by_role("link", name=f"PDF of {document.number}")).to_be_visible()
