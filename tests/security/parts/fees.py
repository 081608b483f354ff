"""The security tests' part for the fees app (see `parts/__init__.py`).

The billing part: the coordinator's profile, a schedule, a finished run whose invoices went to the
representative's organisation and another member (that member's document carries a marker only
the coordinator may see), a preview of next year's run and a failed run of last year. The
payments part adds its objects, URLs and rules in its own block below.

Fee documents are the organisation's finances: its representatives read them in "My
organisation"; its other employees do not, and nobody else's documents exist for them (404).
"""

import datetime

from django.core.files.base import ContentFile

from ..rules import COORDINATOR, NOBODY, REPRESENTATIVE, Rule, Variants, marker_for

# --- Billing ------------------------------------------------------------------------------------
_BILLING_PAGES = [
    "index",
    "profile",
    "schedule_list",
    "schedule_create",
    "schedule_edit",
    "run_create",
    "run_detail[preview]",
    "run_detail[failed]",
    "run_detail[done]",
    "document_list",
    "document_detail",
    "document_pdf",
    "document_xml",
    "document_correct",
]
_BILLING_ACTIONS = ["run_confirm", "run_discard", "run_resume"]

TABLE: dict = {
    **{f"panel_fees:{name}": Rule(get=COORDINATOR) for name in _BILLING_PAGES},
    **{f"panel_fees:{name}": Rule(get=NOBODY, post=COORDINATOR) for name in _BILLING_ACTIONS},
    "fees:document_list": Rule(get=REPRESENTATIVE),
    "fees:document_pdf[own]": Rule(get=REPRESENTATIVE),
    "fees:document_pdf[foreign]": Rule(get=NOBODY),
}
MARKER_READERS: dict = {"other_fee_document": COORDINATOR}
WITHOUT_A_FORM: dict = {
    "panel_fees:payment_allocate": (
        "the payment page offers it only while a payment has credit left and its organisation "
        "owes a document; the world's payment has none (tests/fees/test_payments.py allocates)"
    ),
}
EXTRA_PAGES: tuple = ()


def _billing(world, *, coordinator):
    from fees import services
    from fees.models import BillingProfile, BillingRun, FeeDocument, FeeSchedule

    o = world.objects
    year = datetime.date.today().year
    BillingProfile.objects.create(
        name="Klaster Demo sp. z o.o.",
        street="ul. Grunwaldzka 100",
        postal_code="80-244",
        city="Gdańsk",
        nip="5842739122",
        bank_account="PL61109010140000071219812874",
    )
    for schedule_year in (year - 1, year, year + 1):
        for category in {o["represented_organisation"].kind, o["other_organisation"].kind}:
            FeeSchedule.objects.get_or_create(
                year=schedule_year,
                category=category,
                defaults={
                    "name": "Składka członkowska",
                    "name_pl": "Składka członkowska",
                    "amount": "1000.00",
                    "vat_rate": "23.00",
                },
            )
    o["fee_schedule"] = FeeSchedule.objects.get(year=year, category=o["other_organisation"].kind)
    done = services.billing_run_preview(
        year=year, issue_date=datetime.date.today(), actor=coordinator
    )
    services.billing_run_confirm(run=done, actor=coordinator)
    services.billing_run_issue(run_id=done.pk)
    o["done_run"] = done
    o["fee_document"] = FeeDocument.objects.get(
        billing_run=done, organisation=o["represented_organisation"]
    )
    other = FeeDocument.objects.get(billing_run=done, organisation=o["other_organisation"])
    FeeDocument.objects.filter(pk=other.pk).update(
        buyer_name=f"Inna Firma S.A. {marker_for('other_fee_document')}"
    )
    # The world's NIPs are test numbers the FA(3) schema refuses; the documents get real-looking
    # ones, so that their XML exists.
    for document, nip in ((o["fee_document"], "5261040828"), (other, "7251801126")):
        FeeDocument.objects.filter(pk=document.pk).update(buyer_nip=nip)
    o["other_fee_document"] = other
    # Stored files stand in for the rendered ones: the world is built for each test, and the
    # matrix checks who may download them, not what WeasyPrint makes (tests/fees does).
    for document in FeeDocument.objects.filter(pk__in=[o["fee_document"].pk, other.pk]):
        document.pdf.save(f"{document.pk}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        document.ksef_xml.save(f"{document.pk}.xml", ContentFile(b"<Faktura/>"), save=False)
        FeeDocument.objects.filter(pk=document.pk).update(
            pdf=document.pdf.name, ksef_xml=document.ksef_xml.name
        )
    o["preview_run"] = services.billing_run_preview(
        year=year + 1, issue_date=datetime.date.today(), actor=coordinator
    )
    # The world's members joined today, so last year has nobody to preview: the failed run is
    # written as a worker would have left it.
    failed = BillingRun.objects.create(
        year=year - 1,
        issue_date=datetime.date.today(),
        created_by=coordinator,
        status=BillingRun.Status.FAILED,
        error="Przerwano",
    )
    o["failed_run"] = failed


def _billing_kwargs(o):
    pk = lambda name: {"pk": o[name].pk}  # noqa: E731
    return {
        "panel_fees:schedule_edit": pk("fee_schedule"),
        "panel_fees:run_detail": Variants(
            preview=pk("preview_run"), failed=pk("failed_run"), done=pk("done_run")
        ),
        "panel_fees:run_confirm": pk("preview_run"),
        "panel_fees:run_discard": pk("preview_run"),
        "panel_fees:run_resume": pk("failed_run"),
        "panel_fees:document_detail": pk("other_fee_document"),
        "panel_fees:document_pdf": pk("other_fee_document"),
        "panel_fees:document_xml": pk("other_fee_document"),
        "panel_fees:document_correct": pk("other_fee_document"),
        "fees:document_pdf": Variants(own=pk("fee_document"), foreign=pk("other_fee_document")),
    }


# --- Payments, statements, reminders and arrears (fees-payments) --------------------------------
# A payment with credit left for the other member (its title carries a marker), a statement
# whose third line waits for the coordinator (its title carries a marker too), arrears, exports.
_PAYMENT_PAGES = [
    "payment_list",
    "payment_create",
    "payment_detail",
    "statement_list",
    "statement_detail",
    "statement_file",
    "statement_line_match",
    "arrears",
    "export",
]
_PAYMENT_ACTIONS = ["payment_allocate", "statement_line_ignore"]
TABLE.update(
    {
        **{f"panel_fees:{name}": Rule(get=COORDINATOR) for name in _PAYMENT_PAGES},
        **{f"panel_fees:{name}": Rule(get=NOBODY, post=COORDINATOR) for name in _PAYMENT_ACTIONS},
    }
)
MARKER_READERS.update({"fee_payment": COORDINATOR, "fee_statement_line": COORDINATOR})


def _payments(world, *, coordinator):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from fees import payments
    from fees.models import Payment

    o = world.objects
    o["fee_payment"] = Payment.objects.create(
        organisation=o["other_organisation"],
        amount="5.00",
        paid_on=datetime.date.today(),
        payer_name="Inna Firma S.A.",
        title=f"Nadpłata {marker_for('fee_payment')}",
        recorded_by=coordinator,
    )
    sample = Path(__file__).resolve().parents[2] / "fees" / "statements" / "camt053_pln.xml"
    statement = payments.statement_import(
        upload=SimpleUploadedFile("statement.xml", sample.read_bytes()), actor=coordinator
    )
    o["fee_statement"] = statement
    line = statement.lines.get(position=3)
    # The marker goes on the stored line, not into the file (downloaded as a file response).
    type(line).objects.filter(pk=line.pk).update(title=f"Zwrot {marker_for('fee_statement_line')}")
    o["fee_statement_line"] = line


def _payments_kwargs(o):
    line = {"pk": o["fee_statement"].pk, "line_pk": o["fee_statement_line"].pk}
    return {
        "panel_fees:payment_detail": {"pk": o["fee_payment"].pk},
        "panel_fees:payment_allocate": {"pk": o["fee_payment"].pk},
        "panel_fees:statement_detail": {"pk": o["fee_statement"].pk},
        "panel_fees:statement_file": {"pk": o["fee_statement"].pk},
        "panel_fees:statement_line_match": line,
        "panel_fees:statement_line_ignore": line,
    }


def build(world, *, outsider, employee, representative, council_member, coordinator):
    _billing(world, coordinator=coordinator)
    _payments(world, coordinator=coordinator)


def url_kwargs(objects):
    return {**_billing_kwargs(objects), **_payments_kwargs(objects)}
