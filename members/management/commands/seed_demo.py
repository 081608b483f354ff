import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from accounts.models import User
from members.demo.plan import (
    COORDINATOR_EMAIL,
    COUNCIL_CHAIR_EMAIL,
    REPRESENTATIVE_EMAIL,
    SUPERUSER_EMAIL,
)
from members.demo.seed import DEMO_PASSWORD, demo_seed
from members.models import ActionGroup, CouncilSeat, Organisation, Person


class Command(BaseCommand):
    help = (
        "Build a demo cluster of about 150 members with people, action groups, a council and "
        "demo accounts. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        # The demo accounts share a published password: production settings turn this off.
        if not settings.SEED_DEMO_ALLOWED:
            raise CommandError(
                "Demo data is not allowed with these settings (SEED_DEMO_ALLOWED is off)."
            )
        started = time.monotonic()
        created = demo_seed()
        call_command("seed_governance", "--demo", stdout=self.stdout)
        call_command("seed_events", stdout=self.stdout)
        call_command("seed_agreements", stdout=self.stdout)
        call_command("seed_news", author=COORDINATOR_EMAIL, stdout=self.stdout)
        elapsed = time.monotonic() - started
        by_status = dict(
            Organisation.objects.values_list("status").annotate(total=Count("pk")).order_by()
        )
        statuses = ", ".join(f"{total} {status}" for status, total in sorted(by_status.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo cluster ready in {elapsed:.1f} s: {created} organisations created, "
                f"{sum(by_status.values())} in total "
                f"({statuses}), "
                f"{Person.objects.count()} people, {ActionGroup.objects.count()} action groups, "
                f"{CouncilSeat.objects.count()} council seats, {User.objects.count()} accounts."
            )
        )
        self.stdout.write(f"Demo accounts, all with the password {DEMO_PASSWORD}:")
        for email, role in (
            (COORDINATOR_EMAIL, "coordinator"),
            (REPRESENTATIVE_EMAIL, "primary representative of a member"),
            (COUNCIL_CHAIR_EMAIL, "chair of the Cluster Council"),
            (SUPERUSER_EMAIL, "superuser (Django admin)"),
        ):
            self.stdout.write(f"  {email:34} {role}")
