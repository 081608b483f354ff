"""The demo's payments, on top of `seed_fees`' documents: most members paid, by transfer (a
CAMT.053 statement imported and matched as the coordinator would) or recorded by hand; one member
paid part of its fee, one paid too much (a credit), one transfer waits to be matched by hand, and
one member is clearly in arrears (nothing paid, months after the due date).

`seed_fees_payments` is idempotent: once the demo has any payment it writes nothing.
"""

import datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User

from . import payments
from .models import BankStatement, FeeDocument, Payment

# The member left in arrears: the last document of the year by number (a clear, stable pick).
DEMO_ACCOUNT = "PL61109010140000071219812874"


def _entry(*, reference: str, amount: Decimal, booked: datetime.date, name: str, title: str) -> str:
    return f"""
      <Ntry>
        <Amt Ccy="PLN">{amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{booked.isoformat()}</Dt></BookgDt>
        <ValDt><Dt>{booked.isoformat()}</Dt></ValDt>
        <AcctSvcrRef>{reference}</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><Dbtr><Nm>{escape(name)}</Nm></Dbtr></RltdPties>
          <RmtInf><Ustrd>{escape(title)}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>"""


def demo_statement(entries: list[str], *, start: datetime.date, end: datetime.date) -> bytes:
    """A CAMT.053 statement of the demo's bank account with the given entries."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>DEMO-{end.isoformat()}</MsgId><CreDtTm>{end.isoformat()}T23:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>DEMO/{end.year}/{end.month:02d}</Id>
      <FrToDt><FrDtTm>{start.isoformat()}T00:00:00</FrDtTm><ToDtTm>{end.isoformat()}T23:59:59</ToDtTm></FrToDt>
      <Acct><Id><IBAN>{DEMO_ACCOUNT}</IBAN></Id><Ccy>PLN</Ccy></Acct>{"".join(entries)}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()


def seed_fees_payments(*, actor: User | None, today: datetime.date | None = None) -> dict[str, int]:
    """Add the demo's payments where the demo has none; return what was created."""
    today = today or timezone.localdate()
    created = {"statements": 0, "payments": 0, "in_arrears": 0}
    if Payment.objects.exists() or BankStatement.objects.exists():
        return created
    documents = list(
        FeeDocument.objects.filter(
            year=today.year,
            corrects__isnull=True,
            status=FeeDocument.Status.ISSUED,
            gross_total__gt=0,
        )
        .select_related("organisation")
        .order_by("series", "sequence")
    )
    if len(documents) < 4:
        return created
    in_arrears = documents[-1]
    partial, overpaid, by_hand = documents[-2], documents[-3], documents[-4]
    by_transfer = documents[:-4]
    entries = []
    for position, document in enumerate([*by_transfer, partial, overpaid], start=1):
        amount = document.gross_total
        title = f"Składka członkowska {document.number}"
        if document is partial:
            amount = (document.gross_total / 2).quantize(Decimal("0.01"))
            title = f"{document.number} część pierwsza"
        elif document is overpaid:
            amount = document.gross_total + Decimal("100.00")
        booked = min(today, document.due_date - datetime.timedelta(days=position % 5))
        entries.append(
            _entry(
                reference=f"DEMO{today.year}{position:05d}",
                amount=amount,
                booked=booked,
                name=document.buyer_name,
                title=title,
            )
        )
    # A transfer without a document number nor a NIP: it waits for the coordinator.
    entries.append(
        _entry(
            reference=f"DEMO{today.year}99999",
            amount=Decimal("250.00"),
            booked=min(today, documents[0].due_date),
            name="Jan Kowalski",
            title="Zwrot kosztów warsztatów",
        )
    )
    start = min(document.issue_date for document in documents)
    data = demo_statement(entries, start=start, end=min(today, start + datetime.timedelta(days=60)))
    payments.statement_import(
        upload=SimpleUploadedFile("wyciag-demo.xml", data, content_type="application/xml"),
        actor=actor,
    )
    created["statements"] = 1
    payments.payment_record(
        organisation=by_hand.organisation,
        amount=by_hand.gross_total,
        paid_on=min(today, by_hand.due_date),
        title=f"Wpłata gotówkowa {by_hand.number}",
        note="Wpłata w kasie biura klastra.",
        documents=[by_hand],
        actor=actor,
    )
    created["payments"] = Payment.objects.count()
    created["in_arrears"] = 1 if in_arrears.due_date < today else 0
    return created
