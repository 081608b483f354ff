from django.db import migrations

TOPICS = [
    (
        "general",
        False,
        {
            "pl": "Aktualności klastra",
            "en": "Cluster news",
            "de": "Neuigkeiten aus dem Cluster",
            "fr": "Actualités du cluster",
            "ru": "Новости кластера",
        },
    ),
    (
        "events",
        False,
        {
            "pl": "Wydarzenia",
            "en": "Events",
            "de": "Veranstaltungen",
            "fr": "Événements",
            "ru": "Мероприятия",
        },
    ),
    (
        "members",
        True,
        {
            "pl": "Informacje tylko dla członków",
            "en": "News for members only",
            "de": "Nachrichten nur für Mitglieder",
            "fr": "Informations réservées aux membres",
            "ru": "Новости только для участников",
        },
    ),
]


def create_topics(apps, schema_editor):
    Topic = apps.get_model("news", "Topic")
    for code, members_only, names in TOPICS:
        Topic.objects.update_or_create(
            code=code,
            defaults={
                "members_only": members_only,
                "name": names["pl"],
                **{f"name_{language}": name for language, name in names.items()},
            },
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [migrations.RunPython(create_topics, migrations.RunPython.noop)]
