from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cooperation.demo import demo_cooperation_seed
from cooperation.models import Post


class Command(BaseCommand):
    help = (
        "Add a demo board of offers, requests, calls for partners and joint purchases of the demo "
        "members. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        if not settings.SEED_DEMO_ALLOWED:
            raise CommandError(
                "Demo data is not allowed with these settings (SEED_DEMO_ALLOWED is off)."
            )
        created = demo_cooperation_seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo board ready: {created} posts created, {Post.objects.count()} in total."
            )
        )
