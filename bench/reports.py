"""The cluster's statistics and the annual report at scale: `python -m bench.reports [--quick]`.

In its own database (`cluster_portal_bench_reports`, env BENCH_REPORTS_DATABASE_URL) it builds a
cluster in two steps: first a tenth, then all of 5,000 member organisations (joined over ten years,
a tenth of them left, a few suspended, in ten sectors and every voivodeship), 1,000 events with
40,000 registrations, 20,000 newsletter subscribers, 10,000 board posts, 500 projects and an
operational plan of 20 indicators with a year of values each (`--quick`: 200 organisations and a
twenty-fifth of the rest).

At each step the coordinator's statistics page (a year, and ten years) is rendered RENDERS times
in this process: its SQL statements and median time are written, so flat query counts show that
the figures are counted by the database. At full scale the annual report (both PDFs, with every
chart) is produced in this process once: its time and the process's peak memory (RSS, sampled
every 50 ms) are written.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal

from bench import common

PART = "reports"
TITLE = "Reports: the statistics page and the annual report at 5,000 members"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cluster_portal_bench_reports"
FULL = {
    "organisations": 5000,
    "events": 1000,
    "registrations": 40000,
    "subscribers": 20000,
    "posts": 10000,
    "projects": 500,
}
QUICK = {
    "organisations": 200,
    "events": 40,
    "registrations": 1600,
    "subscribers": 800,
    "posts": 400,
    "projects": 20,
}
RENDERS = 5
MiB = 2**20


def _parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small cluster, to check it runs")
    return parser.parse_args(argv)


def database_url():
    return os.environ.get("BENCH_REPORTS_DATABASE_URL", DEFAULT_DATABASE_URL)


def recreate_database():
    from bench import data as bench_data

    bench_data.recreate_database(database_url())
    env = common.django_env(BENCH_DATABASE_URL=database_url())
    common.manage("migrate", "--noinput", "-v", "0", env=env)
    common.manage("collectstatic", "--noinput", "-v", "0", env=env)


def say(text):
    print(f"bench.reports: {text}", flush=True)


# --- The dataset ----------------------------------------------------------------------------------


def add_members(count, *, start, rng, sectors, nips):
    """`count` organisations of every kind, joined over ten years; a tenth left, some suspended."""
    from django.utils import timezone

    from members.models import MembershipChange, Organisation, Person, Voivodeship

    today = timezone.localdate()
    kinds = list(Organisation.Kind.values)
    regions = list(Voivodeship.values)
    ranges = ["", *Organisation.EmployeeRange.values]
    organisations = []
    for n in range(start, start + count):
        joined = today - datetime.timedelta(days=rng.randrange(1, 3650))
        left = joined + datetime.timedelta(days=rng.randrange(30, 900)) if n % 10 == 0 else None
        if left is not None and left >= today:
            left = None
        organisations.append(
            Organisation(
                name=f"Członek {n:05d} sp. z o.o.",
                slug=f"czlonek-{n:05d}",
                kind=kinds[n % len(kinds)],
                nip=next(nips),
                city="Gdańsk",
                # Two in three from the cluster's own region, the rest from anywhere.
                voivodeship="pomorskie" if n % 3 else rng.choice(regions),
                status=Organisation.Status.APPLICANT,
                joined_on=joined,
                left_on=left,
                employees=rng.randrange(1, 900) if n % 3 == 0 else None,
                employee_range=ranges[n % len(ranges)],
            )
        )
    organisations = Organisation.objects.bulk_create(organisations, batch_size=2000)
    people = Person.objects.bulk_create(
        (
            Person(
                first_name="Anna",
                last_name=f"Członkowska {organisation.slug}",
                email=f"{organisation.slug}@members.bench.example",
                organisation=organisation,
                role=Person.Role.REPRESENTATIVE,
            )
            for organisation in organisations
        ),
        batch_size=2000,
    )
    for number, (organisation, person) in enumerate(zip(organisations, people, strict=True)):
        organisation.primary_representative = person
        if organisation.left_on is not None:
            organisation.status = Organisation.Status.WITHDRAWN
        elif (start + number) % 37 == 0:
            organisation.status = Organisation.Status.SUSPENDED
        else:
            organisation.status = Organisation.Status.ACTIVE
    Organisation.objects.bulk_update(
        organisations, ["primary_representative", "status"], batch_size=2000
    )
    MembershipChange.objects.bulk_create(
        (
            MembershipChange(
                organisation=organisation,
                from_status=Organisation.Status.APPLICANT,
                to_status=Organisation.Status.ACTIVE,
            )
            for organisation in organisations
        ),
        batch_size=2000,
    )
    Organisation.sectors.through.objects.bulk_create(
        (
            Organisation.sectors.through(organisation_id=organisation.pk, sector_id=pk)
            for organisation in organisations
            for pk in {rng.choice(sectors).pk for _n in range(2)}
        ),
        batch_size=5000,
    )
    return organisations


def add_activity(scale, *, fraction, start, rng, organisations):
    """Events with registrations, subscribers, posts and projects: `fraction` of the scale."""
    from django.utils import timezone

    from cooperation.models import Post
    from events.models import Event, Registration
    from members.models import Person
    from news.models import Subscriber
    from projects.models import Project

    now = timezone.now()

    def count(name):
        return max(1, int(scale[name] * fraction))

    events = Event.objects.bulk_create(
        (
            Event(
                kind=Event.Kind.values[n % len(Event.Kind.values)],
                title=f"Wydarzenie {n}",
                slug=f"wydarzenie-{start}-{n}",
                starts_at=now - datetime.timedelta(days=rng.randrange(1, 1800)),
                ends_at=now,
                status=Event.Status.PUBLISHED,
            )
            for n in range(start, start + count("events"))
        ),
        batch_size=2000,
    )
    for event in events:
        event.ends_at = event.starts_at + datetime.timedelta(hours=3)
    Event.objects.bulk_update(events, ["ends_at"], batch_size=2000)
    statuses = ["confirmed", "attended", "attended", "no_show", "cancelled"]
    Registration.objects.bulk_create(
        (
            Registration(
                event=events[n % len(events)],
                sequence=n + 1,
                status=statuses[n % len(statuses)],
                organisation=organisations[n % len(organisations)],
                first_name="Jan",
                last_name=f"Uczestnik {n}",
                email=f"uczestnik{start}-{n}@bench.example",
                language="pl",
                token=f"bench-{start}-{n}",
            )
            for n in range(count("registrations"))
        ),
        batch_size=5000,
    )
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"czytelnik{start}-{n}@bench.example",
                state=Subscriber.State.CONFIRMED if n % 7 else Subscriber.State.UNSUBSCRIBED,
                confirmed_at=now - datetime.timedelta(days=rng.randrange(1, 1800)),
                unsubscribed_at=None if n % 7 else now,
                token=f"bench-sub-{start}-{n}",
            )
            for n in range(count("subscribers"))
        ),
        batch_size=5000,
    )
    posting = list(
        Person.objects.filter(organisation__in=[o.pk for o in organisations[:200]]).order_by("pk")
    )
    Post.objects.bulk_create(
        (
            Post(
                organisation_id=posting[n % len(posting)].organisation_id,
                contact_person=posting[n % len(posting)],
                kind=Post.Kind.values[n % len(Post.Kind.values)],
                title=f"Ogłoszenie {n}",
                description="Opis",
                valid_until=now.date(),
                status=Post.Status.PUBLISHED,
                published_at=now,
                funding_call="FENG",
                purchase_unit="szt.",
            )
            for n in range(count("posts"))
        ),
        batch_size=5000,
    )
    Project.objects.bulk_create(
        (
            Project(
                programme="FENG",
                acronym=f"P{start}-{n}",
                slug=f"projekt-{start}-{n}",
                title=f"Projekt {n}",
                cluster_role=Project.ClusterRole.PARTNER,
                status=Project.Status.values[n % len(Project.Status.values)],
                budget=Decimal(100000 + n),
                cofinancing=Decimal(50000),
            )
            for n in range(count("projects"))
        ),
        batch_size=2000,
    )


def add_plan(rng):
    """A plan of 20 indicators, each with a value at every month end of the last year."""
    from django.utils import timezone

    from reports.models import IndicatorValue, ManagementTeamMember
    from resolutions.models import OperationalPlan, PlanItem, StrategicGoal, Strategy

    today = timezone.localdate()
    strategy = Strategy.objects.create(
        title_pl="Strategia", vision_pl="Wizja", period_start=today.year, period_end=today.year + 4
    )
    goal = StrategicGoal.objects.create(strategy=strategy, code="1", title_pl="Cel", order=1)
    plan = OperationalPlan.objects.create(
        title="Plan", strategy=strategy, period_start=today.year, period_end=today.year + 1
    )
    items = PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            goal=goal,
            title_pl=f"Zadanie {n}",
            starts_on=datetime.date(today.year, 1, 1),
            ends_on=datetime.date(today.year + 1, 12, 31),
            indicator="liczba",
            indicator_target=Decimal(100),
        )
        for n in range(20)
    )
    days = [
        datetime.date(today.year, month, 1) - datetime.timedelta(days=1)
        for month in range(1, today.month + 1)
    ] or [today]
    IndicatorValue.objects.bulk_create(
        IndicatorValue(plan_item=item, measured_on=day, value=Decimal(rng.randrange(0, 100)))
        for item in items
        for day in days
    )
    ManagementTeamMember.objects.create(
        name="Koordynatorka", fte=Decimal("1"), starts_on=datetime.date(2015, 1, 1)
    )


# --- Measures -------------------------------------------------------------------------------------


def coordinator_client():
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    # The page's cost, not the sign-in's: the bench coordinator has no authenticator app.
    settings.MFA_REQUIRED_FOR_COORDINATORS = False
    user = User.objects.create(email="bench-reports@bench.example", is_coordinator=True)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def pages():
    from django.utils import timezone

    today = timezone.localdate()
    year = f"start={today.year}-01-01&end={today:%Y-%m-%d}"
    decade = f"start={today.year - 10}-01-01&end={today:%Y-%m-%d}"
    return [
        ("statistics, this year", f"/pl/panel/reports/?{year}"),
        ("statistics, ten years", f"/pl/panel/reports/?{decade}"),
        ("statistics CSV, this year", f"/pl/panel/reports/statistics.csv?{year}"),
        ("indicators", "/pl/panel/reports/indicators/"),
    ]


def measure(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = []
    for name, path in pages():
        times, statements = [], None
        for _n in range(RENDERS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            statements = len(queries.captured_queries)
        results.append((name, statements, statistics.median(times)))
    return results


def annual_report():
    """Produce this year's report in this process: (seconds, peak RSS bytes, pages' bytes)."""
    from django.utils import timezone

    from reports import services
    from reports.models import AnnualReport

    report = AnnualReport.objects.create(year=timezone.localdate().year)
    with common.PeakRss(os.getpid(), interval=0.05) as peak:
        started = time.perf_counter()
        if not services.annual_report_render(report_id=report.pk):
            report.refresh_from_db()
            raise RuntimeError(f"the annual report failed: {report.error}")
        seconds = time.perf_counter() - started
    report.refresh_from_db()
    return seconds, peak.peak, report.pdf_pl.size + report.pdf_en.size


def main(argv=None):
    args = _parse_args(argv)
    scale = QUICK if args.quick else FULL
    recreate_database()
    common.setup_django_for(database_url())
    from django.conf import settings
    from django.core.cache import cache

    from bench.data import nip_from
    from members.models import Sector

    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    rng = random.Random(2026)
    nips = (nip for serial in range(300_000_000, 400_000_000) if (nip := nip_from(serial)))
    sectors = [Sector.objects.create(name=f"Sektor {n}", slug=f"sektor-{n}") for n in range(10)]
    built = time.perf_counter()
    tenth = scale["organisations"] // 10
    organisations = add_members(tenth, start=0, rng=rng, sectors=sectors, nips=nips)
    add_activity(scale, fraction=0.1, start=0, rng=rng, organisations=organisations)
    add_plan(rng)
    common.analyze()
    client = coordinator_client()
    say(f"{tenth} organisations; the pages, small")
    small = measure(client)
    organisations += add_members(
        scale["organisations"] - tenth, start=tenth, rng=rng, sectors=sectors, nips=nips
    )
    add_activity(scale, fraction=0.9, start=1, rng=rng, organisations=organisations)
    common.analyze()
    build_seconds = time.perf_counter() - built
    say(f"{len(organisations)} organisations; the pages, large")
    large = measure(client)
    say("the annual report")
    report_seconds, report_peak, report_bytes = annual_report()

    small_n, large_n = tenth, len(organisations)
    rows = [
        {
            "measure": name,
            f"statements at {small_n:,}": small_statements,
            f"statements at {large_n:,}": large_statements,
            f"ms at {small_n:,}": round(small_ms, 1),
            f"ms at {large_n:,}": round(large_ms, 1),
        }
        for (name, small_statements, small_ms), (_n, large_statements, large_ms) in zip(
            small, large, strict=True
        )
    ]
    rows.append(
        {
            "measure": "annual report, both PDFs with charts",
            f"statements at {small_n:,}": None,
            f"statements at {large_n:,}": None,
            f"ms at {small_n:,}": None,
            f"ms at {large_n:,}": round(report_seconds * 1000),
        }
    )
    rows.append(
        {
            "measure": "annual report: peak memory of the process / PDFs' size",
            f"statements at {small_n:,}": None,
            f"statements at {large_n:,}": None,
            f"ms at {small_n:,}": None,
            f"ms at {large_n:,}": f"{report_peak / MiB:.0f} MiB / {report_bytes / 1024:.0f} KiB",
        }
    )
    flat = all(s[1] == g[1] for s, g in zip(small, large, strict=True))
    page_ms = max(g[2] for g in large[:2])
    targets = [
        common.target(
            "statistics queries flat",
            f"same SQL statements at {small_n:,} and {large_n:,} members",
            "same" if flat else "grew",
            flat,
            "see the rows",
        ),
        common.target(
            "statistics page",
            f"≤ 1,000 ms at {large_n:,} members",
            f"{page_ms:.0f} ms",
            page_ms <= 1000,
            "counts in PostgreSQL, one aggregate per block",
        ),
        common.target(
            "annual report",
            "≤ 60 s and ≤ 500 MiB for both PDFs",
            f"{report_seconds:.1f} s, {report_peak / MiB:.0f} MiB",
            report_seconds <= 60 and report_peak <= 500 * MiB,
            "WeasyPrint's layout of the tables and SVG charts",
        ),
    ]
    common.write_results(
        PART,
        title=TITLE,
        description=__doc__.split("\n\n", 1)[1].strip(),
        parameters={**scale, "renders": RENDERS, "build_seconds": round(build_seconds, 1)},
        rows=rows,
        targets=targets,
    )
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
