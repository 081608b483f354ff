from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.demo import demo_events_seed
from events.models import Event


class Command(BaseCommand):
    help = (
        "Add demo events: past and upcoming ones, including a good-practice visit at a member. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        if not settings.SEED_DEMO_ALLOWED:
            raise CommandError(
                "Demo data is not allowed with these settings (SEED_DEMO_ALLOWED is off)."
            )
        created = demo_events_seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo events ready: {created} created, {Event.objects.count()} in total."
            )
        )
