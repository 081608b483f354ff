from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from news.demo import news_seed


class Command(BaseCommand):
    help = "Add demo news and the about, coordinator, strategy and contact pages. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--author", help="E-mail of the account shown as the author.")

    def handle(self, *args, author=None, **options):
        if not settings.SEED_DEMO_ALLOWED:
            raise CommandError(
                "Demo data is not allowed with these settings (SEED_DEMO_ALLOWED is off)."
            )
        created = news_seed(author_email=author)
        self.stdout.write(
            self.style.SUCCESS(f"Demo news ready: {created} articles and pages created.")
        )
