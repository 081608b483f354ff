"""`manage.py search_reindex [--changed] [--kind KIND ...]`: bring the search index up to date."""

from django.core.management.base import BaseCommand

from search import services
from search.sources import sources


class Command(BaseCommand):
    help = "Index every object for the search (PostgreSQL), or only those changed (--changed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--changed", action="store_true", help="only objects changed since the last refresh"
        )
        parser.add_argument(
            "--kind",
            action="append",
            choices=[source.kind for source in sources()],
            help="only this kind (repeatable)",
        )

    def handle(self, *args, changed=False, kind=None, **options):
        if not services.uses_index():
            self.stdout.write("The search reads the tables directly on this database: no index.")
            return
        if changed:
            counts = services.search_index_refresh()
        else:
            counts = services.search_index_rebuild(kinds=kind)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
