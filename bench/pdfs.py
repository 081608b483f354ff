"""PDF rendering: a resolution, an attendance list of 500 people, 150 certificates in one batch.

`python -m bench.pdfs [--quick] [--runs 5]`

Each case runs in a fresh subprocess on throw-away data (built in a transaction that is rolled
back, in this part's database `cluster_portal_bench_mail`), so its peak memory is its own: the
parent reads the child's maximum resident set size from `os.wait4`, which counts the C
allocations of WeasyPrint that tracemalloc would miss. The resolution is built and rendered by
the `bench_resolution_pdf` command's own code; the attendance list and the certificates go
through `events.services.document_render`, which the panel's Celery task runs per document,
after `attendance_list_request` / `certificates_request` created the documents as the panel does.
The first rendering in a process loads fonts and is timed apart ("cold"); the median is over the
following runs.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta

from bench import common
from bench.newsletter import mail_database_url, portal_env, prepare_database

PART = "pdfs"
TITLE = "PDF rendering: resolution, attendance list, certificates"
MiB = 2**20
CASES = ("resolution", "attendance_list", "certificates")


class _Rollback(Exception):
    pass


# --- In the child process ------------------------------------------------------------------------


def _pages(content):
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def _coordinator():
    from accounts.models import User

    return User.objects.create(email="bench-pdfs@bench.example", is_coordinator=True)


def _event(*, registrants, attended):
    """A past event with `registrants` seats taken, the first `attended` of them marked as come."""
    from django.utils import timezone

    from events.models import Event, Registration
    from members.models import Organisation

    organisation = Organisation.objects.create(
        name="Bench Host",
        slug="bench-pdfs-host",
        kind="small",
        nip="9999990001",
        city="Gdańsk",
        voivodeship="pomorskie",
    )
    starts = timezone.now() - timedelta(days=1)
    event = Event.objects.create(
        kind=Event.Kind.CONFERENCE,
        title_pl="Konferencja klastra: automatyzacja w przemyśle",
        title_en="Cluster conference: automation in industry",
        slug="bench-pdfs-conference",
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        venue="Centrum Konferencyjne, Gdańsk",
        host_organisation=organisation,
        audience=Event.Audience.PUBLIC,
        status=Event.Status.PUBLISHED,
        published_at=starts - timedelta(days=30),
        last_sequence=registrants,
    )
    languages = ("pl", "en", "de", "fr", "ru")
    Registration.objects.bulk_create(
        Registration(
            event=event,
            sequence=n + 1,
            status=Registration.Status.ATTENDED if n < attended else Registration.Status.CONFIRMED,
            first_name=f"Imię{n:03d}",
            last_name=f"Nazwisko-Przykładowe{n:03d}",
            email=f"uczestnik{n:03d}@bench.example",
            organisation_name=f"Przedsiębiorstwo Produkcyjno-Usługowe nr {n % 97}",
            language=languages[n % len(languages)],
            token=f"bench-pdfs-{n:04d}",
        )
        for n in range(registrants)
    )
    return event


def _timed(function, runs):
    """Run once cold, then `runs` times; return (cold ms, [(wall ms, CPU ms)], last result).

    The CPU time of this process is kept beside the wall time: on a machine busy with other
    work the wall time mostly measures waiting for a core.
    """
    started = time.perf_counter()
    result = function()
    cold = (time.perf_counter() - started) * 1000
    timings = []
    for _run in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = function()
        timings.append(
            (
                (time.perf_counter() - started) * 1000,
                (time.process_time() - cpu_started) * 1000,
            )
        )
    return cold, timings, result


def _render_documents(document_ids):
    """Render documents as the Celery task does, one after another; return their contents."""
    from events.models import EventDocument
    from events.services import document_render

    EventDocument.objects.filter(pk__in=document_ids).update(status=EventDocument.Status.PENDING)
    for document_id in document_ids:
        if not document_render(document_id=document_id):
            raise RuntimeError(f"event document {document_id} did not render")
    return [
        bytes(content)
        for content in EventDocument.objects.filter(pk__in=document_ids)
        .order_by("pk")
        .values_list("content", flat=True)
    ]


def _measure_resolution(scale, runs):
    from resolutions.management.commands.bench_resolution_pdf import Command
    from resolutions.services import resolution_pdf_bytes

    resolution = Command()._resolution(voters=scale, secret=False)
    cold, timings, content = _timed(lambda: resolution_pdf_bytes(resolution), runs)
    return {
        "case": f"resolution, named vote of {scale}",
        "documents": 1,
        "cold_ms": cold,
        "timings": timings,
        "pages": _pages(content),
        "bytes": len(content),
    }


def _measure_attendance_list(scale, runs):
    from events.services import attendance_list_request

    event = _event(registrants=scale, attended=0)
    document = attendance_list_request(event=event, actor=_coordinator(), language="pl")
    cold, timings, contents = _timed(lambda: _render_documents([document.pk]), runs)
    return {
        "case": f"attendance list, {scale} people",
        "documents": 1,
        "cold_ms": cold,
        "timings": timings,
        "pages": _pages(contents[0]),
        "bytes": len(contents[0]),
    }


def _measure_certificates(scale, runs):
    from events.services import certificates_request

    event = _event(registrants=scale, attended=scale)
    documents = certificates_request(event=event, actor=_coordinator())
    ids = [document.pk for document in documents]
    cold, timings, contents = _timed(lambda: _render_documents(ids), runs)
    return {
        "case": f"certificates, batch of {scale}",
        "documents": len(contents),
        "cold_ms": cold,
        "timings": timings,
        "pages": sum(_pages(content) for content in contents),
        "bytes": sum(len(content) for content in contents),
    }


def child(case, *, scale, runs):
    """Measure one case in this process and print its figures as one JSON line."""
    import psutil

    common.setup_django_for(mail_database_url())
    from django.db import transaction

    measure = {
        "resolution": _measure_resolution,
        "attendance_list": _measure_attendance_list,
        "certificates": _measure_certificates,
    }[case]
    rss_ready = psutil.Process().memory_info().rss
    figures = {}
    try:
        with transaction.atomic():
            figures = measure(scale, runs)
            raise _Rollback
    except _Rollback:
        pass
    figures["rss_ready"] = rss_ready
    print(json.dumps(figures), flush=True)
    return 0


# --- In the parent -------------------------------------------------------------------------------


def run_case(case, *, scale, runs):
    """Measure a case in a fresh process; return its row with the process's peak memory."""
    process = subprocess.Popen(
        [common.PYTHON, "-m", "bench.pdfs", "--child", case, "--scale", str(scale)]
        + ["--runs", str(runs)],
        cwd=common.ROOT,
        env=portal_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    output = process.stdout.read()
    process.stdout.close()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"measuring {case} failed (exit {process.returncode})")
    figures = json.loads(output.strip().splitlines()[-1])
    timings = [wall for wall, _cpu in figures["timings"]]
    documents = figures["documents"]
    median = statistics.median(timings)
    cpu_median = statistics.median(cpu for _wall, cpu in figures["timings"])
    return {
        "case": figures["case"],
        "documents": documents,
        "runs": len(timings),
        "cold_ms": round(figures["cold_ms"]),
        "median_ms": round(median),
        "min_ms": round(min(timings)),
        "max_ms": round(max(timings)),
        "cpu_median_ms": round(cpu_median),
        "ms_per_document": round(median / documents, 1),
        "cpu_ms_per_document": round(cpu_median / documents, 1),
        "pages": figures["pages"],
        "kib": round(figures["bytes"] / 1024, 1),
        # ru_maxrss is in KiB on Linux.
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "rss_before_mib": round(figures["rss_ready"] / MiB, 1),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.pdfs", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small documents, one run each")
    parser.add_argument("--runs", type=int, help="timed runs per case after the cold one")
    parser.add_argument("--child", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, scale=args.scale, runs=args.runs)

    scales = (
        {"resolution": 20, "attendance_list": 30, "certificates": 5}
        if args.quick
        else {"resolution": 150, "attendance_list": 500, "certificates": 150}
    )
    runs = args.runs or (1 if args.quick else 5)
    load_before = os.getloadavg()
    prepare_database()
    rows = []
    for case in CASES:
        # A batch of certificates takes a hundred times one document: fewer runs keep it short.
        case_runs = max(1, runs // 2) if case == "certificates" else runs
        row = run_case(case, scale=scales[case], runs=case_runs)
        print(f"pdfs: {row}", flush=True)
        rows.append(row)
    common.write_results(
        PART,
        title=TITLE,
        description=(
            "Each case in a fresh process on rolled-back data: the resolution through the "
            "bench_resolution_pdf command's code, the attendance list and the certificates "
            "through events.services.document_render as the panel's Celery task runs it, one "
            "document after another. cold_ms is the first rendering (fonts load); median over "
            "the following runs, wall and CPU time of the process (on a busy machine the gap is "
            "time spent waiting for a core); peak_rss_mib is the process's maximum RSS "
            "(os.wait4), rss_before_mib its RSS once Django was set up. Load average before "
            "and after is in the JSON parameters."
        ),
        parameters={
            "scales": scales,
            "runs": runs,
            "database": mail_database_url(),
            "load_average_before": [round(value, 2) for value in load_before],
            "load_average_after": [round(value, 2) for value in os.getloadavg()],
        },
        rows=rows,
        targets=[],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
