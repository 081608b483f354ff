"""The search at scale: `python -m bench.search [--quick]`.

In its own database (`cluster_portal_bench_search`, env BENCH_SEARCH_DATABASE_URL; `_quick`
appended for `--quick`) and Redis db 15 (BENCH_SEARCH_REDIS_URL) it builds the bench dataset
(`bench.data`'s builder: 5,000 members, 3,000 events, 2,000 resolutions, 5,000 articles in five
languages) and adds 20,000 posts on the cooperation board (`--quick`: a hundredth of each),
then indexes everything (`search_index_rebuild`, timed).

Query counts: the search page is rendered in this process for a visitor and for a member with a
rare word (a handful of results), a common one (thousands), two words, the common word's 20th
page, one kind only, and in English; the SQL statements of each are written. They are the same for
every query: the statements do not grow with the results.

Latency: gunicorn (production settings, 3 workers × 2 threads) answers the same searches to 8
connections for `--duration` seconds each (a Python load generator with keep-alive: wrk is not
installed here); p50 and p99 per search and overall are written.
"""

import argparse
import http.client
import os
import statistics
import sys
import threading
import time
from types import SimpleNamespace

from bench import common

PART = "search"
TITLE = "Search: one box over the whole portal at full scale"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cluster_portal_bench_search"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
PORT = 8785
FULL = {"scale": 1.0, "posts": 20000}
QUICK = {"scale": 0.01, "posts": 200}
RENDERS = 5
P99_TARGET_MS = 300.0
SEARCHES = [
    ("rare word", "/pl/search/?q=frezowanie+{rare}"),
    ("common word", "/pl/search/?q=klaster"),
    ("two words", "/pl/search/?q=oferta+chmura"),
    ("common word, page 20", "/pl/search/?q=klaster&page=20"),
    ("one kind", "/pl/search/?q=klaster&kind=post"),
    ("in English", "/en/search/?q=cluster"),
]


def _parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a hundredth of the data")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per search")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the data of an earlier run (migrated, reindexed)"
    )
    return parser.parse_args(argv)


QUICK_RUN = False


def database_url():
    url = os.environ.get("BENCH_SEARCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    # The quick run has a database of its own, so it never replaces the full one.
    return url + "_quick" if QUICK_RUN else url


def port():
    return int(os.environ.get("BENCH_SEARCH_PORT", PORT + (1 if QUICK_RUN else 0)))


def redis_url():
    return os.environ.get("BENCH_SEARCH_REDIS_URL", DEFAULT_REDIS_URL)


def portal_env(**extra):
    return common.django_env(
        BENCH_DATABASE_URL=database_url(), BENCH_REDIS_URL=redis_url(), **extra
    )


def say(text):
    print(f"bench.search: {text}", flush=True)


# --- The dataset ----------------------------------------------------------------------------------


def build(scale):
    """Drop, create and migrate this part's database; fill it; return the build's seconds."""
    import random

    from bench import data as bench_data

    started = time.perf_counter()
    bench_data.recreate_database(database_url())
    common.manage("migrate", "--noinput", "-v", "0", env=portal_env())
    common.manage("collectstatic", "--noinput", "-v", "0", env=portal_env())
    common.setup_django_for(database_url())
    bench_data.Builder(scale=scale["scale"], seed=2026).build()
    add_posts(scale["posts"], random.Random(2026))
    return time.perf_counter() - started


def add_posts(count, rng):
    """Published posts of the bench's members, a third for members only (bench.cooperation's)."""
    from django.utils import timezone

    from bench.cooperation import add_posts as cooperation_posts
    from members.models import Competence, Organisation, Sector

    organisations = list(Organisation.objects.active().order_by("pk"))
    people = [organisation.primary_representative for organisation in organisations]
    pairs = [(o, p) for o, p in zip(organisations, people, strict=True) if p is not None]
    competences = list(Competence.objects.all()) or Competence.objects.bulk_create(
        [Competence(kind="competence", name="CNC", name_pl="CNC", slug="cnc")]
    )
    sectors = list(Sector.objects.all())
    now = timezone.now()
    cooperation_posts(
        count,
        start=0,
        organisations=[o for o, _p in pairs],
        people=[p for _o, p in pairs],
        competences=competences,
        sectors=sectors,
        rng=rng,
        published_in=lambda n: now - timezone.timedelta(minutes=n),
    )


def reindex():

    from search import services

    started = time.perf_counter()
    counts = services.search_index_rebuild()
    seconds = time.perf_counter() - started
    common.analyze()
    return counts, seconds


# --- Query counts -------------------------------------------------------------------------------


def member_user():
    from accounts.models import User
    from members.models import Organisation

    organisation = Organisation.objects.active().exclude(primary_representative=None).first()
    person = organisation.primary_representative
    if person.user_id is None:
        person.user = User.objects.create_user(email="bench-search-member@bench.example")
        person.save(update_fields=["user"])
    return person.user


def searches(rare):
    return [(name, path.format(rare=rare)) for name, path in SEARCHES]


def statements(paths):
    """[(name, visitor's statements, member's statements, results, median ms)] per search."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    # The test client hands back the rendered context (the results) only in a test environment.
    setup_test_environment()

    visitor = Client(HTTP_HOST="127.0.0.1")
    member = Client(HTTP_HOST="127.0.0.1")
    member.force_login(member_user())
    rows = []
    for name, path in paths:
        counts, times, total, kinds = [], [], None, []
        for client in (visitor, member):
            for _n in range(RENDERS):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code}")
            found = response.context["search"]
            # Each reader's own page: a visitor may see fewer kinds than a member.
            counts.append(len(queries) - len({result.source.kind for result in found.results}))
            kinds.append(len({result.source.kind for result in found.results}))
            total = found.total
        rows.append(
            SimpleNamespace(
                name=name,
                path=path,
                visitor=counts[0] + kinds[0],
                member=counts[1] + kinds[1],
                visitor_base=counts[0],
                member_base=counts[1],
                results=total,
                kinds=kinds[1],
                median_ms=statistics.median(times),
            )
        )
    return rows


# --- Latency under load ---------------------------------------------------------------------


def load(path, *, connections, duration):
    """Send `path` over `connections` keep-alive connections for `duration` s; return latencies."""
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + duration

    def run():
        connection = http.client.HTTPConnection("127.0.0.1", port(), timeout=30)
        mine = []
        try:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                mine.append((time.perf_counter() - started) * 1000)
                if response.status != 200:
                    errors.append(response.status)
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=run) for _n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def start_gunicorn(gunicorn_args, probe, timeout=300):
    """bench.pages' gunicorn, waited for longer: on a busy machine its workers start slowly."""
    import shutil
    import subprocess

    from bench import pages

    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    command = [
        gunicorn,
        pages.PORTAL_APP,
        "--bind",
        f"127.0.0.1:{port()}",
        "--workers",
        str(gunicorn_args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(gunicorn_args.worker_threads),
        "--keep-alive",
        "5",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=common.ROOT, env=portal_env(), start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            status, _body = pages.fetch(probe, port=port())
            if status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    pages.stop(process)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s")


def under_load(paths, args):
    from bench import pages

    gunicorn_args = SimpleNamespace(workers=3, worker_threads=2)
    process = start_gunicorn(gunicorn_args, paths[0][1])
    try:
        rows, everything = [], []
        for name, path in paths:
            load(path, connections=args.connections, duration=1)  # warm up
            latencies, errors = load(path, connections=args.connections, duration=args.duration)
            if errors:
                raise RuntimeError(f"{path} answered {sorted(set(errors))}")
            everything.extend(latencies)
            rows.append(
                SimpleNamespace(
                    name=name,
                    requests=len(latencies),
                    rps=len(latencies) / args.duration,
                    p50=common.percentile(latencies, 0.5),
                    p99=common.percentile(latencies, 0.99),
                )
            )
        return rows, common.percentile(everything, 0.99)
    finally:
        pages.stop(process)


def main(argv=None):
    global QUICK_RUN
    args = _parse_args(argv)
    QUICK_RUN = args.quick
    scale = QUICK if args.quick else FULL
    if args.quick:
        args.duration = min(args.duration, 2)
    if args.reuse:
        say("reusing the data of an earlier run")
        common.manage("migrate", "--noinput", "-v", "0", env=portal_env())
        common.setup_django_for(database_url())
        build_seconds = 0.0
    else:
        say(f"building scale {scale['scale']} with {scale['posts']:,} posts")
        build_seconds = build(scale)
    from django.conf import settings

    settings.PAGE_CACHE_SECONDS = 0
    counts, index_seconds = reindex()
    entries = sum(counts.values())
    say(f"indexed {entries:,} objects in {index_seconds:.1f} s")
    # Post number 104 (or 12344) is one of the few whose word is "frezowanie": a handful of hits.
    rare = 104 if args.quick else 12344
    paths = searches(rare)
    counted = statements(paths)
    for row in counted:
        say(f"{row.name}: {row.results:,} results, {row.visitor}/{row.member} statements")
    from django.db import connection

    connection.close()
    loaded, p99_all = under_load(paths, args)
    rows = []
    for counts_row, load_row in zip(counted, loaded, strict=True):
        rows.append(
            {
                "search": f"{counts_row.name} ({counts_row.path})",
                "results": counts_row.results,
                "statements, visitor": counts_row.visitor,
                "statements, member": counts_row.member,
                "kinds on the member's page": counts_row.kinds,
                "ms in process (median)": round(counts_row.median_ms, 1),
                "req/s at 8 connections": round(load_row.rps, 1),
                "p50 ms": round(load_row.p50, 1),
                "p99 ms": round(load_row.p99, 1),
            }
        )
    # One statement reads the objects of each kind on the page; nothing is read per result.
    visitor_base = {row.visitor_base for row in counted}
    member_base = {row.member_base for row in counted}
    targets = [
        common.target(
            "query counts flat",
            "statements less the kinds on the page the same for every search (a handful of "
            "results or thousands, page 1 or 20)",
            f"visitor {sorted(visitor_base)}, member {sorted(member_base)}",
            len(visitor_base) == 1 and len(member_base) == 1,
            "a statement per result",
        ),
        common.target(
            "p99 at 8 connections",
            f"≤ {P99_TARGET_MS:.0f} ms over every search",
            f"{p99_all:.0f} ms",
            p99_all <= P99_TARGET_MS,
            (
                'a common word matches most of the index ("klaster": 24,000 to 32,000 of 35,000 '
                "rows): the count and the ranked page each read every match, about 50 ms of "
                "PostgreSQL each, so one such search is 100 to 130 ms of CPU in-process and 8 "
                "connections queue on 2 cores shared with the load generator"
            ),
        ),
    ]
    common.write_results(
        PART,
        title=TITLE,
        description=__doc__.split("\n\n", 1)[1].strip(),
        parameters={
            "scale": scale["scale"],
            "posts": scale["posts"],
            "indexed": entries,
            "indexed_by_kind": counts,
            "index_seconds": round(index_seconds, 1),
            "build_seconds": round(build_seconds, 1),
            "connections": args.connections,
            "duration": args.duration,
        },
        rows=rows,
        targets=targets,
    )
    print(
        common.markdown(
            {
                "title": TITLE,
                "description": "",
                "taken_at": common.now_iso(),
                "rows": rows,
                "targets": targets,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
