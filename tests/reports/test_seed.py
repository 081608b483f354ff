"""`manage.py seed_reports` (last in seed_demo): a profile, a management team, a label, indicator
histories and this year's annual report, whose PDFs hold the member counts by type; a second run
writes nothing."""

import io
import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from pypdf import PdfReader

from core.models import OutboundEmail
from members.models import Organisation
from reports import selectors
from reports.models import (
    AnnualReport,
    ClusterLabel,
    ClusterProfile,
    IndicatorValue,
    ManagementTeamMember,
)


def _text(field):
    field.open("rb")
    try:
        return "\n".join(page.extract_text() for page in PdfReader(field).pages)
    finally:
        field.close()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for the module with its private files in a folder of its own; the
    PDFs' text is read there, before each test moves private storage elsewhere."""
    storages = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("private"), "base_url": None},
        },
    }
    with (
        override_settings(STORAGES=storages),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        report = AnnualReport.objects.get()
        texts = {language: _text(report.pdf_for(language)) for language in ("pl", "en")}
        yield SimpleNamespace(texts=texts)
        transaction.set_rollback(True)


@pytest.fixture
def cluster(demo, db):
    return demo


def test_the_demo_has_a_profile_a_team_a_label_and_indicator_histories(cluster):
    assert ClusterProfile.objects.get().english_website.endswith("/en/")
    assert ManagementTeamMember.objects.count() == 3
    today = selectors.cluster_today()
    assert selectors.management_team_on(today)["fte"] == 1.5
    label = ClusterLabel.objects.get()
    assert label.kind == ClusterLabel.Kind.ESCA_BRONZE
    assert label.valid_until.year == label.awarded_on.year + 2
    assert IndicatorValue.objects.values("plan_item").distinct().count() >= 3
    assert not OutboundEmail.objects.filter(template="reports_label_expiring").exists()


def test_the_annual_report_pdfs_hold_the_member_counts_by_type(cluster):
    report = AnnualReport.objects.get()
    assert report.status == AnnualReport.Status.READY
    start, end = selectors.year_period(report.year)
    stats = selectors.cluster_statistics(start=start, end=end)
    expected = {row["key"]: row["members"] for row in stats.by_kind}
    assert report.figures["by_kind"] == expected
    assert sum(expected.values()) == stats.members > 100
    for language in ("pl", "en"):
        text = cluster.texts[language]
        with translation.override(language):
            for kind in Organisation.Kind:
                label = str(kind.label)
                line = re.search(
                    rf"^{re.escape(label[0].upper() + label[1:])} (\d+)$", text, re.MULTILINE
                )
                assert line is not None, (language, label)
                assert int(line.group(1)) == expected[kind.value]


def test_a_second_run_writes_nothing(cluster):
    state = [
        list(model.objects.order_by("pk").values_list())
        for model in (AnnualReport, IndicatorValue, ClusterLabel, ManagementTeamMember)
    ]
    call_command("seed_reports", stdout=io.StringIO())
    assert state == [
        list(model.objects.order_by("pk").values_list())
        for model in (AnnualReport, IndicatorValue, ClusterLabel, ManagementTeamMember)
    ]
