"""Demo fees: billing profile, this year's schedules and documents (see fees/demo.py)."""

from django.core.management.base import BaseCommand

from accounts.models import User
from fees.demo import seed_fees


class Command(BaseCommand):
    help = (
        "Add the demo's fee schedules and a year's fee documents. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        actor = User.objects.filter(is_coordinator=True, is_active=True).order_by("pk").first()
        created = seed_fees(actor=actor)
        self.stdout.write(
            f"Fees: {created['profile']} billing profile, {created['schedules']} schedules and "
            f"{created['documents']} documents created."
        )
