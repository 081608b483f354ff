"""The demo's fees: the coordinator's billing profile, a schedule per membership category for the
current year (companies get VAT invoices, universities, institutes and public bodies debit notes,
business-support bodies and NGOs invoices exempt from VAT) and the year's documents for the demo's
active members, issued by a billing run dated early in the year.

`seed_fees` is idempotent: a second run finds everything and writes nothing. The payments part
adds payments and a member in arrears on top (its own seed step, after this one).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from members.models import Organisation

from . import services
from .models import BillingProfile, FeeDocument, FeeSchedule

PROFILE = {
    "name": "Klaster Demo sp. z o.o.",
    "street": "ul. Grunwaldzka 100",
    "postal_code": "80-244",
    "city": "Gdańsk",
    "country": "PL",
    "nip": "5842739122",
    "bank_account": "PL61109010140000071219812874",
    "bank_name": "Bank Przykładowy S.A.",
    "email": "skladki@klaster.example",
}
EXEMPTION = "art. 43 ust. 1 pkt 31 ustawy z dnia 11 marca 2004 r. o podatku od towarów i usług"
NAMES = {
    "pl": "Składka członkowska za rok {year}",
    "en": "Membership fee for {year}",
    "de": "Mitgliedsbeitrag für {year}",
    "fr": "Cotisation de membre pour {year}",
    "ru": "Членский взнос за {year} год",
}
Kind = Organisation.Kind
# category: (amount, document kind, VAT rate, pro rata)
SCHEDULES = {
    Kind.MICRO: ("800.00", "invoice", "23.00", "monthly"),
    Kind.STARTUP: ("600.00", "invoice", "23.00", "monthly"),
    Kind.SMALL: ("1500.00", "invoice", "23.00", "monthly"),
    Kind.MEDIUM: ("3000.00", "invoice", "23.00", "quarterly"),
    Kind.LARGE: ("6000.00", "invoice", "23.00", "quarterly"),
    Kind.BUSINESS_SUPPORT: ("1000.00", "invoice", None, "monthly"),
    Kind.NGO: ("400.00", "invoice", None, "monthly"),
    Kind.UNIVERSITY: ("2500.00", "debit_note", None, "none"),
    Kind.RESEARCH_INSTITUTE: ("2000.00", "debit_note", None, "none"),
    Kind.PUBLIC_ADMINISTRATION: ("1500.00", "debit_note", None, "none"),
}


def seed_fees(*, actor: User | None, today: datetime.date | None = None) -> dict[str, int]:
    """Create the demo's fees where missing; return what was created."""
    today = today or timezone.localdate()
    year = today.year
    created = {"profile": 0, "schedules": 0, "documents": 0}
    if not BillingProfile.objects.exists():
        BillingProfile.objects.create(**PROFILE)
        created["profile"] = 1
    for category, (amount, kind, rate, pro_rata) in SCHEDULES.items():
        _schedule, new = FeeSchedule.objects.get_or_create(
            year=year,
            category=category,
            defaults={
                "name": NAMES["pl"].format(year=year),
                **{f"name_{code}": text.format(year=year) for code, text in NAMES.items()},
                "amount": Decimal(amount),
                "document_kind": kind,
                "vat_rate": Decimal(rate) if rate else None,
                "vat_exemption_basis": EXEMPTION if kind == "invoice" and not rate else "",
                "due_days": 14,
                "pro_rata": pro_rata,
            },
        )
        created["schedules"] += int(new)
    planned, _unscheduled = services.billing_plan(year=year)
    if planned and actor is not None:
        issue_date = min(today, datetime.date(year, 2, 2))
        run = services.billing_run_preview(year=year, issue_date=issue_date, actor=actor)
        services.billing_run_confirm(run=run, actor=actor)
        # Issued here as well as by the task queued on commit: issuing is idempotent, so
        # whichever comes first issues each document and the other finds nothing left.
        services.billing_run_issue(run_id=run.pk)
        created["documents"] = FeeDocument.objects.filter(billing_run=run).count()
    return created
