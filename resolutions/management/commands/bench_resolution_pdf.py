"""Time the rendering of a resolution PDF and write the figures to bench/results/."""

import io
import json
import platform
import statistics
import time
from pathlib import Path

import weasyprint
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from pypdf import PdfReader

from members.models import Organisation, Person
from resolutions.models import Ballot, Choice, EligibleVoter, GoverningBody, Resolution
from resolutions.services import resolution_pdf_bytes

CONTENT = (
    "§ 1. Rada Klastra przyjmuje plan operacyjny na lata 2026–2027 w brzmieniu załącznika.\n"
    "§ 2. Wykonanie uchwały powierza się Koordynatorowi Klastra.\n"
    "§ 3. Uchwała wchodzi w życie z dniem podjęcia."
)


class _Rollback(Exception):
    pass


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "Time resolution PDF rendering (a named vote with many voters and a secret vote) on "
        "throw-away data, and write JSON and Markdown figures to bench/results/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=10, help="renderings per case")
        parser.add_argument("--voters", type=int, default=150, help="voters in the named vote")
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "bench" / "results"),
            help="directory for resolution_pdf.json and resolution_pdf.md",
        )

    def handle(self, *args, runs, voters, output, **options):
        cases = {}
        try:
            with transaction.atomic():
                for name, secret in (("named", False), ("secret", True)):
                    resolution = self._resolution(voters=voters, secret=secret)
                    cases[name] = self._time(resolution, runs=runs)
                raise _Rollback
        except _Rollback:
            pass
        report = {
            "measured_at": timezone.now().isoformat(timespec="seconds"),
            "runs_per_case": runs,
            "voters": voters,
            "database": connection.vendor,
            "python": platform.python_version(),
            "weasyprint": weasyprint.__version__,
            "machine": platform.machine(),
            "cases": cases,
        }
        directory = Path(output)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "resolution_pdf.json").write_text(json.dumps(report, indent=2) + "\n")
        (directory / "resolution_pdf.md").write_text(self._markdown(report))
        for name, figures in cases.items():
            self.stdout.write(
                f"{name:6} median {figures['median_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, "
                f"{figures['pages']} pages, {figures['bytes']} bytes"
            )
        self.stdout.write(self.style.SUCCESS(f"Figures written to {directory}"))

    def _resolution(self, *, voters, secret):
        body, _created = GoverningBody.objects.get_or_create(
            slug="bench-body",
            defaults={
                "name_pl": "Rada Klastra",
                "name_genitive_pl": "Rady Klastra",
                "electorate": GoverningBody.Electorate.APPOINTED,
            },
        )
        organisation = Organisation.objects.create(
            name=f"Bench {secret}",
            slug=f"bench-{secret}",
            kind="small",
            nip=f"99999{secret:d}0000",
            city="Gdańsk",
            voivodeship="pomorskie",
        )
        now = timezone.now()
        resolution = Resolution.objects.create(
            body=body,
            title_pl="Uchwała w sprawie przyjęcia planu operacyjnego",
            content_pl=CONTENT,
            legal_basis="§ 12 ust. 3 Regulaminu Klastra",
            is_secret=secret,
            status=Resolution.Status.CLOSED,
            outcome=Resolution.Outcome.ADOPTED,
            number=1 + secret,
            year=now.year,
            voting_opens_at=now - timezone.timedelta(days=3),
            voting_closes_at=now,
            closed_at=now,
            eligible_count=voters,
            participant_count=voters,
            votes_for=voters,
        )
        people = Person.objects.bulk_create(
            Person(
                organisation=organisation,
                first_name=f"Imię{n}",
                last_name=f"Nazwisko{n}",
                email=f"bench{n}@example.com",
            )
            for n in range(voters)
        )
        eligible = EligibleVoter.objects.bulk_create(
            EligibleVoter(resolution=resolution, person=person, organisation=organisation)
            if n == 0
            else EligibleVoter(resolution=resolution, person=person)
            for n, person in enumerate(people)
        )
        if not secret:
            Ballot.objects.bulk_create(
                Ballot(voter=voter, choice=Choice.FOR, cast_by=voter.person) for voter in eligible
            )
        return resolution

    def _time(self, resolution, *, runs):
        resolution_pdf_bytes(resolution)  # the first rendering loads fonts; it is not counted
        timings, content = [], b""
        for _run in range(runs):
            started = time.perf_counter()
            content = resolution_pdf_bytes(resolution)
            timings.append((time.perf_counter() - started) * 1000)
        return {
            "min_ms": round(min(timings), 1),
            "median_ms": round(statistics.median(timings), 1),
            "mean_ms": round(statistics.fmean(timings), 1),
            "p95_ms": round(_percentile(timings, 0.95), 1),
            "max_ms": round(max(timings), 1),
            "pages": len(PdfReader(io.BytesIO(content)).pages),
            "bytes": len(content),
        }

    def _markdown(self, report):
        lines = [
            "# Resolution PDF rendering",
            "",
            f"Measured {report['measured_at']} on {report['machine']}, Python {report['python']}, "
            f"WeasyPrint {report['weasyprint']}, database {report['database']}; "
            f"{report['runs_per_case']} renderings per case after one warm-up, "
            f"{report['voters']} voters.",
            "",
            "| case | min ms | median ms | mean ms | p95 ms | max ms | pages | bytes |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, figures in report["cases"].items():
            lines.append(
                f"| {name} vote | {figures['min_ms']} | {figures['median_ms']} | "
                f"{figures['mean_ms']} | {figures['p95_ms']} | {figures['max_ms']} | "
                f"{figures['pages']} | {figures['bytes']} |"
            )
        lines += [
            "",
            "The named vote lists every voter in a table; the secret one has no list.",
            "",
        ]
        return "\n".join(lines)
