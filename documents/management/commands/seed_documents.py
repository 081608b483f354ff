"""Demo library: a folder for the cluster, each body, action group and project, with a few small
PDFs, one of them in two versions. Running it again adds nothing, and nobody is e-mailed."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from documents import services
from documents.demo import simple_pdf
from documents.models import Folder

Access = Folder.Access
Kind = Folder.Kind

# (folder key, title {lang: text}, description {lang: text}, pages: [(version note, lines)])
DOCUMENTS = [
    (
        "statutes",
        {"pl": "Statut klastra", "en": "Statutes of the cluster", "de": "Satzung des Clusters"},
        {
            "pl": "Tekst jednolity statutu przyjęty przez Walne Zgromadzenie.",
            "en": "The consolidated statutes adopted by the Member Assembly.",
        },
        [
            ("", ["Rozdzial 1. Postanowienia ogolne", "§ 1. Klaster dziala na rzecz czlonkow."]),
            (
                "Zmiana § 4 po Walnym Zgromadzeniu",
                ["Rozdzial 1. Postanowienia ogolne", "§ 4. Skladki ustala Walne Zgromadzenie."],
            ),
        ],
    ),
    (
        "statutes",
        {"pl": "Regulamin członkostwa", "en": "Membership rules"},
        {},
        [("", ["Regulamin czlonkostwa w klastrze", "1. Przyjecie nowego czlonka."])],
    ),
    (
        "members",
        {
            "pl": "Strategia rozwoju klastra 2026–2030",
            "en": "Cluster development strategy 2026–2030",
            "de": "Entwicklungsstrategie des Clusters 2026–2030",
        },
        {"pl": "Wersja przyjęta przez Radę Klastra.", "en": "As adopted by the Cluster Council."},
        [("", ["Strategia rozwoju klastra", "Cel 1. Wspolne projekty badawcze."])],
    ),
    (
        "body",
        {"pl": "Harmonogram posiedzeń", "en": "Meeting schedule"},
        {},
        [("", ["Harmonogram posiedzen", "Styczen, kwiecien, lipiec, pazdziernik."])],
    ),
    (
        "group",
        {"pl": "Notatka ze spotkania grupy", "en": "Notes of the group meeting"},
        {},
        [("", ["Notatka ze spotkania", "Uczestnicy uzgodnili plan prac na kwartal."])],
    ),
    (
        "project",
        {"pl": "Harmonogram projektu", "en": "Project timetable"},
        {},
        [("", ["Harmonogram projektu", "Pakiet 1: analiza potrzeb.", "Pakiet 2: pilotaz."])],
    ),
]


def _texts(field, values):
    return {f"{field}_{code}": text for code, text in values.items()}


class Command(BaseCommand):
    help = "Create demo folders and documents of the library (idempotent)."

    def handle(self, *args, **options):
        if not settings.SEED_DEMO_ALLOWED:
            raise CommandError(
                "Demo data is not allowed with these settings (SEED_DEMO_ALLOWED is off)."
            )
        actor = User.objects.filter(is_coordinator=True, is_active=True).order_by("pk").first()
        if actor is None:
            self.stdout.write("No coordinator: run seed_demo first. No documents added.")
            return
        with transaction.atomic():
            folders = services.folders_create_missing(actor=actor)
            targets = self._targets(actor)
            documents = versions = 0
            for key, title, description, pages in DOCUMENTS:
                folder = targets.get(key)
                if folder is None or folder.documents.filter(title_pl=title["pl"]).exists():
                    continue
                document = None
                for note, lines in pages:
                    upload = SimpleUploadedFile(
                        f"{title['pl'][:40]}.pdf", simple_pdf(title["pl"], lines)
                    )
                    if document is None:
                        document = services.document_create(
                            folder=folder,
                            data={**_texts("title", title), **_texts("description", description)},
                            upload=upload,
                            actor=actor,
                            notify=False,
                        )
                        documents += 1
                    else:
                        services.version_add(
                            document=document, upload=upload, note=note, actor=actor, notify=False
                        )
                    versions += 1
        self.stdout.write(
            f"Document library: {folders} folders, {documents} documents, {versions} files added."
        )

    def _targets(self, actor):
        """The folders the demo documents go into, made once each."""
        cluster = Folder.objects.filter(kind=Kind.CLUSTER, parent__isnull=True).first()
        targets = {}
        if cluster is not None:
            targets["statutes"] = self._subfolder(
                actor,
                cluster,
                title={
                    "pl": "Statut i regulaminy",
                    "en": "Statutes and rules",
                    "de": "Satzung und Ordnungen",
                },
                access=Access.PUBLIC,
            )
            targets["members"] = self._subfolder(
                actor,
                cluster,
                title={"pl": "Materiały dla członków", "en": "Materials for members"},
                access=Access.MEMBERS,
                members_may_upload=True,
            )
        tops = Folder.objects.filter(parent__isnull=True).order_by("pk")
        for key, kind in (("body", Kind.BODY), ("group", Kind.GROUP), ("project", Kind.PROJECT)):
            folder = tops.filter(kind=kind).first()
            if folder is not None:
                targets[key] = folder
        return targets

    def _subfolder(self, actor, parent, *, title, access, members_may_upload=False):
        existing = parent.children.filter(title_pl=title["pl"]).first()
        if existing is not None:
            return existing
        return services.folder_create(
            data={
                **_texts("title", title),
                "parent": parent,
                "access": access,
                "members_may_upload": members_may_upload,
            },
            actor=actor,
        )
