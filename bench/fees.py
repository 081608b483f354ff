"""The fees' billing run for 5,000 organisations: `python -m bench.fees [--quick]`.

In its own database (`cluster_portal_bench_fees`, env BENCH_FEES_DATABASE_URL) and Redis db 5
(BENCH_FEES_REDIS_URL) it builds 5,000 active member organisations (`--quick`: 100) of three
categories: small enterprises invoiced with 23% VAT, NGOs invoiced exempt from VAT, universities
charged with debit notes; members who joined this year pay pro rata.

The preview (planning every member's document) runs in this process and is timed. The issue runs
in a real `celery -A cluster_portal worker` (prefork, one child), as the panel's confirmation
queues it: first a run for a fifth of the members (last year's fees), then one for all (this
year's); for each, the time until the run is done, the documents per second and the worker's
peak memory (PSS of the tree, sampled every 50 ms). A flat peak shows the task does not hold the
run in memory. Each document is issued in its own transaction and takes its number under the
series' row lock. The PDF and XML of each document are rendered by tasks of their own, queued as
it is issued; they are not part of this measure (the PDF part of the bench times WeasyPrint), and
the queue is emptied after each run.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench import common

PART = "fees"
TITLE = "Fees: the billing run for 5,000 organisations"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cluster_portal_bench_fees"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/5"
FULL = {"organisations": 5000}
QUICK = {"organisations": 100}
MiB = 2**20
MEMORY_FLAT_TOLERANCE = 1.15
# The full run's target: documents issued per second by one worker child.
TARGET_PER_SECOND = 20


def _parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.fees", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100 organisations, to check it runs")
    return parser.parse_args(argv)


def database_url():
    return os.environ.get("BENCH_FEES_DATABASE_URL", DEFAULT_DATABASE_URL)


def redis_url():
    return os.environ.get("BENCH_FEES_REDIS_URL", DEFAULT_REDIS_URL)


def portal_env(**extra):
    return common.django_env(
        BENCH_DATABASE_URL=database_url(), BENCH_REDIS_URL=redis_url(), **extra
    )


def recreate_database():
    from bench import data as bench_data

    bench_data.recreate_database(database_url())
    common.manage("migrate", "--noinput", "-v", "0", env=portal_env())
    common.manage("collectstatic", "--noinput", "-v", "0", env=portal_env())


def say(text):
    print(f"bench.fees: {text}", flush=True)


def build(count, today):
    """`count` active members with a representative each, the profile and the schedules."""
    from accounts.models import User
    from bench.data import nip_from
    from fees.models import BillingProfile, FeeSchedule
    from members.models import Organisation, Person

    kinds = (Organisation.Kind.SMALL, Organisation.Kind.NGO, Organisation.Kind.UNIVERSITY)
    # Serials from 526,000,000: NIPs the FA(3) schema takes, as real ones are.
    nips = (nip for serial in range(526_000_000, 600_000_000) if (nip := nip_from(serial)))
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"Członek {n:05d} sp. z o.o.",
                slug=f"czlonek-{n:05d}",
                kind=kinds[n % 3],
                nip=next(nips),
                street=f"ul. Przemysłowa {n % 200 + 1}",
                postal_code="80-001",
                city="Gdańsk",
                voivodeship="pomorskie",
                status=Organisation.Status.APPLICANT,
                # One in ten joined this year, in a month of its own: it pays pro rata.
                joined_on=(
                    datetime.date(today.year, n % 12 + 1, 1)
                    if n % 10 == 0
                    else datetime.date(today.year - 3, 1, 1)
                ),
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    people = Person.objects.bulk_create(
        (
            Person(
                first_name="Anna",
                last_name=f"Członkowska {n:05d}",
                email=f"przedstawiciel{n:05d}@members.bench.example",
                organisation=organisation,
                role=Person.Role.REPRESENTATIVE,
                language=("pl", "en", "de", "fr", "ru")[n % 5],
            )
            for n, organisation in enumerate(organisations)
        ),
        batch_size=2000,
    )
    for organisation, person in zip(organisations, people, strict=True):
        organisation.primary_representative = person
        organisation.status = Organisation.Status.ACTIVE
    Organisation.objects.bulk_update(
        organisations, ["primary_representative", "status"], batch_size=2000
    )
    BillingProfile.objects.create(
        name="Klaster Bench sp. z o.o.",
        street="ul. Grunwaldzka 100",
        postal_code="80-244",
        city="Gdańsk",
        nip="5842739122",
        bank_account="PL61109010140000071219812874",
    )
    for year in (today.year - 1, today.year):
        for kind, document_kind, rate, basis in (
            (Organisation.Kind.SMALL, "invoice", Decimal("23.00"), ""),
            (Organisation.Kind.NGO, "invoice", None, "art. 43 ust. 1 pkt 31 ustawy o VAT"),
            (Organisation.Kind.UNIVERSITY, "debit_note", None, ""),
        ):
            FeeSchedule.objects.create(
                year=year,
                category=kind,
                name=f"Składka członkowska {year}",
                name_pl=f"Składka członkowska {year}",
                amount=Decimal("1200.00"),
                document_kind=document_kind,
                vat_rate=rate,
                vat_exemption_basis=basis,
                pro_rata="monthly",
            )
    coordinator = User.objects.create_user(
        email="bench-coordinator@bench.example", password=None, is_coordinator=True
    )
    return organisations, coordinator


def run_in_worker(worker, *, year, today, coordinator, timeout=3600):
    """Preview here, confirm (the task goes to the worker); return the run and its measures."""
    from django.db import transaction

    from fees import services
    from fees.models import BillingRun

    started = time.perf_counter()
    run = services.billing_run_preview(year=year, issue_date=today, actor=coordinator)
    preview_seconds = time.perf_counter() - started
    # Sampled in this loop, not in a thread, so no sample is taken once the run is done: the
    # documents' PDF tasks start in the same child then, and their memory is not the run's.
    peak = common.PeakRss(worker.process.pid, proportional=True)
    started = time.perf_counter()
    with transaction.atomic():
        services.billing_run_confirm(run=run, actor=coordinator)
    deadline = time.monotonic() + timeout
    while BillingRun.objects.get(pk=run.pk).status != BillingRun.Status.DONE:
        if worker.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the run did not finish:\n{worker.log.read_text()[-4000:]}")
        peak.sample()
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    run.refresh_from_db()
    return run, preview_seconds, seconds, peak.peak


def check_numbers():
    """Every series is gap-free and no member has two documents of one run."""
    from django.db.models import Count, Max

    from fees.models import FeeDocument

    for row in FeeDocument.objects.values("series", "year").annotate(
        count=Count("pk"), last=Max("sequence")
    ):
        if row["count"] != row["last"]:
            raise RuntimeError(f"a gap in {row['series']}/{row['year']}: {row}")
    duplicates = (
        FeeDocument.objects.values("billing_run", "organisation")
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
    )
    if duplicates.exists():
        raise RuntimeError("a member billed twice by one run")


def main(argv=None):
    args = _parse_args(argv)
    scale = QUICK if args.quick else FULL
    recreate_database()
    os.environ["BENCH_REDIS_URL"] = redis_url()
    common.setup_django_for(database_url())
    from django.db import connection
    from django.utils import timezone

    from cluster_portal.celery import app
    from members.models import Organisation

    app.control.purge()
    today = timezone.localdate()
    built = time.perf_counter()
    organisations, coordinator = build(scale["organisations"], today)
    build_seconds = time.perf_counter() - built
    say(f"{len(organisations)} organisations built in {build_seconds:.1f} s")
    fifth = organisations[: max(len(organisations) // 5, 1)]
    rest = organisations[len(fifth) :]
    # The first run bills a fifth: the others are not members yet.
    Organisation.objects.filter(pk__in=[o.pk for o in rest]).update(
        status=Organisation.Status.SUSPENDED
    )
    connection.close()
    rows, measures = [], []
    with tempfile.TemporaryDirectory() as log_dir:
        for label, year in (("a fifth of the members", today.year - 1), ("all", today.year)):
            if year == today.year:
                Organisation.objects.filter(pk__in=[o.pk for o in rest]).update(
                    status=Organisation.Status.ACTIVE
                )
            # A fresh worker for each run: the first run's PDF tasks load WeasyPrint into the
            # child, which is not the billing run's memory.
            worker = common.CeleryWorker(
                env=portal_env(LOG_LEVEL="WARNING"),
                name=f"bench-fees-{year}",
                log=Path(log_dir) / f"worker-{year}.log",
            )
            worker.start()
            try:
                say(f"a run for {label}")
                measures.append(
                    run_in_worker(worker, year=year, today=today, coordinator=coordinator)
                )
            finally:
                worker.stop()
                # The documents' PDF and XML tasks are not measured here. Purged once the worker
                # has stopped: messages it had prefetched go back to the queue as it stops.
                app.control.purge()
    check_numbers()
    for label, (run, preview_seconds, seconds, peak_bytes) in zip(
        ("a fifth", "all"), measures, strict=True
    ):
        rows.append(
            {
                "measure": f"billing run, {label}",
                "documents": run.issued_count,
                "preview s": round(preview_seconds, 2),
                "issue s": round(seconds, 2),
                "documents/s": round(run.issued_count / seconds, 1),
                "worker peak MiB": round(peak_bytes / MiB),
            }
        )
    small_peak, large_peak = measures[0][3], measures[1][3]
    per_second = measures[1][0].issued_count / measures[1][2]
    targets = [
        common.target(
            "worker memory flat",
            f"peak PSS for {len(organisations):,} documents ≤ {MEMORY_FLAT_TOLERANCE:.2f}× "
            f"that for {len(fifth):,}",
            f"{small_peak / MiB:.0f} → {large_peak / MiB:.0f} MiB",
            large_peak <= small_peak * MEMORY_FLAT_TOLERANCE,
            "the task holds documents of the run in memory",
        ),
        common.target(
            "issue throughput",
            f"≥ {TARGET_PER_SECOND} documents/s in one worker child",
            f"{per_second:.1f}/s",
            per_second >= TARGET_PER_SECOND,
            "one transaction per document, each waiting for the series' row lock and a commit",
        ),
        common.target(
            "numbering",
            "gap-free per series and year, one document per member and run",
            "checked",
            True,
        ),
    ]
    common.write_results(
        PART,
        title=TITLE,
        description=__doc__.split("\n\n", 1)[1].strip(),
        parameters={
            "organisations": len(organisations),
            "build_seconds": round(build_seconds, 1),
        },
        rows=rows,
        targets=targets,
    )
    print(
        common.markdown(
            {"title": TITLE, "description": "", "taken_at": common.now_iso()}
            | {"rows": rows, "targets": targets}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
