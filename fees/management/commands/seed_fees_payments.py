"""Demo payments on top of seed_fees' documents (see fees/demo_payments.py)."""

from django.core.management.base import BaseCommand

from accounts.models import User
from fees.demo_payments import seed_fees_payments


class Command(BaseCommand):
    help = (
        "Add the demo's payments (a bank statement matched, a payment by hand, a partial payment, "
        "a credit) and leave one member in arrears. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        actor = User.objects.filter(is_coordinator=True, is_active=True).order_by("pk").first()
        created = seed_fees_payments(actor=actor)
        self.stdout.write(
            f"Fee payments: {created['statements']} statement and {created['payments']} payments "
            f"created; {created['in_arrears']} member left in arrears."
        )
