from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from surveys.demo import demo_surveys_seed
from surveys.models import Response


class Command(BaseCommand):
    help = (
        "Add a members' needs survey and a benchmarking survey with responses of the demo "
        "members. Running it again changes nothing; it sends no e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--author", default=None, help="The coordinator's e-mail (the first coordinator)."
        )

    def handle(self, *args, **options):
        if not settings.SEED_DEMO_ALLOWED:
            raise CommandError(
                "Demo data is not allowed with these settings (SEED_DEMO_ALLOWED is off)."
            )
        created = demo_surveys_seed(coordinator_email=options["author"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo surveys ready: {created} created, "
                f"{Response.objects.filter(status='submitted').count()} responses in total."
            )
        )
