"""The REST API's list endpoints at scale: `python -m bench.api [--quick]`.

In its own database (`cluster_portal_bench_api`, env BENCH_API_DATABASE_URL) and Redis db 13
(BENCH_API_REDIS_URL) it builds the bench dataset (bench.data: 5,000 organisations, 25,000 people,
3,000 events with 150,000 registrations, 2,000 resolutions, 5,000 articles, 200,000 subscribers)
plus 20,000 posts on the board, first at a tenth of that scale and then in full (`--quick`: at a
thousandth and a hundredth).

At each scale, in this process: the SQL statements of the first page of each list endpoint (and
of its second page, through the cursor), with a coordinator's token. Then under gunicorn (3
workers × 2 threads, production settings) each list's first page is asked for over 8 keep-alive
connections for `--duration` seconds; p50 and p99 latency and requests per second are written.
Flat statement counts between the two scales show that no list grows with its table; cursor
pagination never counts a table.
"""

import argparse
import datetime
import os
import sys
import time
from types import SimpleNamespace

from bench import common

PART = "api"
TITLE = "REST API: list endpoints with a coordinator's token, at a tenth and at full scale"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cluster_portal_bench_api"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
PORT = 8775
P99_TARGET_MS = 250.0
FULL = {"scale": 1.0, "posts": 20000}
QUICK = {"scale": 0.01, "posts": 200}
ENDPOINTS = [
    ("members", "/api/v1/members/"),
    ("events", "/api/v1/events/?past=true"),
    ("news", "/api/v1/news/"),
    ("resolutions", "/api/v1/resolutions/"),
    ("offers", "/api/v1/offers/"),
    ("projects", "/api/v1/projects/"),
    ("partners", "/api/v1/partners/"),
    ("registry: organisations", "/api/v1/coordinator/organisations/"),
    ("registry: people", "/api/v1/coordinator/people/"),
    ("registry: registrations", "/api/v1/coordinator/registrations/"),
    ("registry: subscribers", "/api/v1/coordinator/subscribers/"),
]


def _parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small datasets, 2 s per endpoint")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    return parser.parse_args(argv)


def database_url():
    return os.environ.get("BENCH_API_DATABASE_URL", DEFAULT_DATABASE_URL)


def redis_url():
    return os.environ.get("BENCH_API_REDIS_URL", DEFAULT_REDIS_URL)


def portal_env(**extra):
    # The bench asks far more often than a client may: the rate limits are lifted for it.
    return common.django_env(
        BENCH_DATABASE_URL=database_url(),
        BENCH_REDIS_URL=redis_url(),
        API_RATE_LIMIT_TOKEN="1000000/m",
        API_RATE_LIMIT_USER="1000000/m",
        API_RATE_LIMIT_ANONYMOUS="1000000/m",
        **extra,
    )


def say(text):
    print(f"bench.api: {text}", flush=True)


def build(scale, posts):
    """Drop, create and migrate this part's database and fill it at `scale`."""
    import random

    from django.db import connections

    from bench import data as bench_data

    started = time.perf_counter()
    connections.close_all()
    bench_data.recreate_database(database_url())
    common.manage("migrate", "--noinput", "-v", "0", env=portal_env())
    common.manage("collectstatic", "--noinput", "-v", "0", env=portal_env())
    bench_data.Builder(scale=scale, seed=2026).build()
    add_posts(posts, random.Random(2026))
    common.analyze()
    return time.perf_counter() - started


def add_posts(count, rng):
    """Published posts of the bench's members, a third for members only (bench.cooperation's)."""
    from django.utils import timezone

    from bench.cooperation import add_posts as cooperation_posts
    from members.models import Competence, Organisation, Sector

    organisations = list(Organisation.objects.active().order_by("pk"))
    pairs = [(o, o.primary_representative) for o in organisations if o.primary_representative]
    competences = list(Competence.objects.all()) or Competence.objects.bulk_create(
        [Competence(kind="competence", name="CNC", name_pl="CNC", slug="cnc")]
    )
    now = timezone.now()
    cooperation_posts(
        count,
        start=0,
        organisations=[o for o, _p in pairs],
        people=[p for _o, p in pairs],
        competences=competences,
        sectors=list(Sector.objects.all()),
        rng=rng,
        published_in=lambda n: now - timezone.timedelta(minutes=n),
    )


def coordinator_token():
    """A coordinator with an authenticator app and a token with every scope; its secret."""
    from allauth.mfa.totp.internal.auth import TOTP
    from django.utils import timezone

    from accounts.models import User
    from api import services

    user, _created = User.objects.get_or_create(
        email="bench-api-coordinator@example.com", defaults={"is_coordinator": True}
    )
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    _token, secret = services.api_token_create(
        user=user,
        name="bench",
        scopes=["read", "coordinator:read"],
        expires_at=timezone.now() + datetime.timedelta(days=1),
        actor=user,
        second_factor_passed=True,
    )
    return secret


def statements(secret):
    """Return {name: (statements on the first page, on the second)} with the coordinator's token."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")
    counts = {}
    for name, path in ENDPOINTS:
        client.get(path)  # warm: the content types, the token's last use
        with CaptureQueriesContext(connection) as first:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        following = response.json().get("next")
        second_count = None
        if following:
            with CaptureQueriesContext(connection) as second:
                client.get(following)
            second_count = len(second)
        counts[name] = (len(first), second_count, len(response.json()["results"]))
    return counts


def load(path, secret, *, connections, duration):
    """Ask for `path` with the token over `connections` keep-alive connections for `duration` s."""
    return common.http_load(
        path,
        port=PORT,
        connections=connections,
        duration=duration,
        headers={"Authorization": f"Bearer {secret}", "Host": "127.0.0.1"},
    )


def under_load(secret, args):
    from bench import pages

    gunicorn_args = SimpleNamespace(workers=3, worker_threads=2)
    # On a busy machine the workers may take longer than pages' minute to start: try again.
    for attempt in range(3):
        try:
            process = pages.start_gunicorn(
                gunicorn_args, portal_env(), port=PORT, probe=ENDPOINTS[0][1]
            )
            break
        except RuntimeError:
            if attempt == 2:
                raise
    try:
        results = {}
        for name, path in ENDPOINTS:
            load(path, secret, connections=args.connections, duration=1)  # warm up
            latencies, errors = load(
                path, secret, connections=args.connections, duration=args.duration
            )
            if errors:
                raise RuntimeError(f"{path} answered {sorted(set(errors))}")
            results[name] = {
                "req_per_s": round(len(latencies) / args.duration, 1),
                "p50_ms": round(common.percentile(latencies, 0.5), 1),
                "p99_ms": round(common.percentile(latencies, 0.99), 1),
            }
            row = results[name]
            say(f"{name:26} p50 {row['p50_ms']:7.1f} ms p99 {row['p99_ms']:7.1f} ms")
        return results
    finally:
        pages.stop(process)


def measure(scale, posts, args, label):
    seconds = build(scale, posts)
    say(f"{label}: built in {seconds:.0f} s")
    from django.core.cache import cache

    cache.clear()
    secret = coordinator_token()
    counts = statements(secret)
    timings = under_load(secret, args)
    return [
        {
            "scale": label,
            "endpoint": name,
            "statements": counts[name][0],
            "statements_next_page": counts[name][1],
            "rows_on_page": counts[name][2],
            **timings[name],
        }
        for name, _path in ENDPOINTS
    ]


def main(argv=None):
    args = _parse_args(argv)
    if args.quick:
        args.duration = 2
    full = QUICK if args.quick else FULL
    tenth = {"scale": full["scale"] / 10, "posts": full["posts"] // 10}
    common.setup_django_for(database_url())
    try:
        rows = measure(tenth["scale"], tenth["posts"], args, "a tenth")
        rows += measure(full["scale"], full["posts"], args, "full")
    except RuntimeError as error:
        say(str(error))
        return 1

    small = {row["endpoint"]: row for row in rows if row["scale"] == "a tenth"}
    large = {row["endpoint"]: row for row in rows if row["scale"] == "full"}
    grown = [name for name in small if large[name]["statements"] > small[name]["statements"]]
    worst = max(row["p99_ms"] for row in large.values())
    targets = [
        common.target(
            "statements per list page",
            "the same at a tenth and at full scale",
            "flat" if not grown else "grows: " + ", ".join(grown),
            not grown,
        ),
        common.target(
            "p99 at 8 connections, full scale",
            f"< {P99_TARGET_MS:.0f} ms on every list",
            worst,
            worst < P99_TARGET_MS,
            limited_by="the shared machine's 2 cores serve the load generator too",
        ),
    ]
    path = common.write_results(
        PART,
        title=TITLE,
        description=__doc__.split("\n\n", 1)[1].strip(),
        parameters={
            "quick": args.quick,
            "duration_s": args.duration,
            "connections": args.connections,
            "scales": [tenth, full],
        },
        rows=rows,
        targets=targets,
    )
    say(f"results in {path.relative_to(common.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
