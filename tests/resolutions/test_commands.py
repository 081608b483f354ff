"""The seed_governance and bench_resolution_pdf commands."""

import io
import json

from django.core.management import call_command

from resolutions.models import GoverningBody, OperationalPlan, Resolution, Strategy


def test_seed_governance_creates_the_two_bodies_once_and_keeps_edits(db):
    call_command("seed_governance", stdout=io.StringIO())
    GoverningBody.objects.filter(slug="council").update(quorum_percent=75)
    call_command("seed_governance", "--demo", stdout=io.StringIO())
    call_command("seed_governance", "--demo", stdout=io.StringIO())
    bodies = {body.slug: body for body in GoverningBody.objects.all()}
    assert set(bodies) == {"member-assembly", "council"}
    assert bodies["member-assembly"].electorate == "members"
    assert (bodies["council"].electorate, bodies["council"].quorum_percent) == ("council", 75)
    assert bodies["council"].name_pl == "Rada Klastra"
    assert bodies["council"].name_genitive_pl == "Rady Klastra"
    assert (Strategy.objects.count(), OperationalPlan.objects.count()) == (1, 1)
    assert Strategy.objects.get().goals.count() == 3


def test_the_bench_writes_its_figures_and_leaves_no_data(db, tmp_path):
    call_command(
        "bench_resolution_pdf",
        "--runs=1",
        "--voters=3",
        f"--output={tmp_path}",
        stdout=io.StringIO(),
    )
    report = json.loads((tmp_path / "resolution_pdf.json").read_text())
    assert set(report["cases"]) == {"named", "secret"}
    assert report["cases"]["named"]["median_ms"] > 0
    assert report["cases"]["named"]["pages"] >= 1
    assert "| named vote |" in (tmp_path / "resolution_pdf.md").read_text()
    assert not Resolution.objects.exists()
    assert not GoverningBody.objects.exists()
