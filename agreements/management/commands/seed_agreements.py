from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.demo import agreements_seed
from agreements.models import Agreement, Partner


class Command(BaseCommand):
    help = (
        "Add demo partners and agreements: the inter-cluster agreement of Jastrzębie-Zdrój with "
        "five clusters, a business roaming agreement and a memorandum with a foreign cluster. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        if not settings.SEED_DEMO_ALLOWED:
            raise CommandError(
                "Demo data is not allowed with these settings (SEED_DEMO_ALLOWED is off)."
            )
        created = agreements_seed()
        in_force = Agreement.objects.in_force().count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo agreements ready: {created} created, {Agreement.objects.count()} in total "
                f"({in_force} in force), {Partner.objects.count()} partner organisations."
            )
        )
