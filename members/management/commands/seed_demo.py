import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from accounts.models import User
from core.links import absolute_url
from members.demo.plan import COORDINATOR_EMAIL, DEMO_ACCOUNTS
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
        call_command("seed_cooperation", stdout=self.stdout)
        call_command("seed_projects", stdout=self.stdout)
        call_command("seed_meetings", stdout=self.stdout)
        call_command("seed_documents", stdout=self.stdout)
        call_command("seed_fees", stdout=self.stdout)
        call_command("seed_fees_payments", stdout=self.stdout)
        call_command("seed_search", stdout=self.stdout)
        call_command("seed_surveys", author=COORDINATOR_EMAIL, stdout=self.stdout)
        call_command("seed_reports", stdout=self.stdout)
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
        demo_users = set(
            User.objects.filter(
                email__in=[email for email, _role, _path in DEMO_ACCOUNTS]
            ).values_list("email", flat=True)
        )
        self.stdout.write(
            f"{len(demo_users)} demo accounts, all with the password {DEMO_PASSWORD}:"
        )
        for email, role, path in DEMO_ACCOUNTS:
            if email in demo_users:
                self.stdout.write(f"  {email:34} {role:38} {absolute_url(path)}")
        self.stdout.write(self.style.SUCCESS(f"Open {absolute_url('/pl/')}"))
