"""The cooperation board and the matching digest at scale: `python -m bench.cooperation [--quick]`.

In its own database (`cluster_portal_bench_coop`, env BENCH_COOP_DATABASE_URL) and Redis db 6
(BENCH_COOP_REDIS_URL) it builds 5,000 active member organisations, each with a representative
who chose the weekly digest, a vocabulary of 30 competences and 10 sectors, and 20,000 posts on
the board (`--quick`: 100 organisations and 400 posts).

Board: a member's list, search and filter pages are rendered in this process, first with a tenth
of the posts and then with all of them; for each, the number of SQL statements and the median time
of 10 renders are written. Flat query counts and near-flat times show the board does not grow with
its posts.

Digest: the weekly digest runs in a real `celery -A cluster_portal worker` (prefork, one child),
first for a fifth of the subscribers, then for all; the worker's memory (PSS of the tree, sampled
every 50 ms) and the digest's SQL statements per person are compared between the two runs. E-mails
go to Django's dummy backend: the digest builds and queues every mail, the transport is the
newsletter part's subject.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import common

PART = "cooperation"
TITLE = "Cooperation: the board with 20,000 posts and the digest for 5,000 organisations"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cluster_portal_bench_coop"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"
# `week_posts` are published in each of the three digest weeks measured.
FULL = {"organisations": 5000, "posts": 20000, "week_posts": 300}
QUICK = {"organisations": 100, "posts": 400, "week_posts": 10}
COMPETENCES = 30
SECTORS = 10
RENDERS = 10
MiB = 2**20
# A run's memory counts as flat when the larger run's peak stays within this of the smaller's.
MEMORY_FLAT_TOLERANCE = 1.15


def _parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.cooperation", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small board, to check it runs")
    return parser.parse_args(argv)


def database_url():
    return os.environ.get("BENCH_COOP_DATABASE_URL", DEFAULT_DATABASE_URL)


def redis_url():
    return os.environ.get("BENCH_COOP_REDIS_URL", DEFAULT_REDIS_URL)


def portal_env(**extra):
    return common.django_env(
        BENCH_DATABASE_URL=database_url(), BENCH_REDIS_URL=redis_url(), **extra
    )


def recreate_database():
    """Drop and create this part's database, then migrate it: every run starts from nothing."""
    from bench import data as bench_data

    bench_data.recreate_database(database_url())
    common.manage("migrate", "--noinput", "-v", "0", env=portal_env())
    # Production settings find static files through the manifest collectstatic writes.
    common.manage("collectstatic", "--noinput", "-v", "0", env=portal_env())


# --- The dataset ----------------------------------------------------------------------------------


def build_members(count, rng):
    """`count` active organisations with a representative each, competences and sectors."""
    from bench.data import nip_from
    from cooperation.models import MatchSubscription
    from members.models import Competence, Organisation, Person, Sector

    competences = Competence.objects.bulk_create(
        Competence(
            kind=Competence.Kind.values[n % len(Competence.Kind.values)],
            name=f"Kompetencja {n}",
            name_pl=f"Kompetencja {n}",
            name_en=f"Competence {n}",
            slug=f"competence-{n}",
        )
        for n in range(COMPETENCES)
    )
    sectors = Sector.objects.bulk_create(
        Sector(name=f"Sektor {n}", name_pl=f"Sektor {n}", slug=f"sector-{n}")
        for n in range(SECTORS)
    )
    nips = (nip for serial in range(200_000_000, 300_000_000) if (nip := nip_from(serial)))
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"Członek {n:05d} sp. z o.o.",
                slug=f"czlonek-{n:05d}",
                kind=Organisation.Kind.SMALL,
                nip=next(nips),
                city="Gdańsk",
                voivodeship="pomorskie",
                status=Organisation.Status.APPLICANT,
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
    Organisation.competences.through.objects.bulk_create(
        (
            Organisation.competences.through(organisation_id=organisation.pk, competence_id=pk)
            for organisation in organisations
            for pk in {rng.choice(competences).pk for _n in range(3)}
        ),
        batch_size=5000,
    )
    Organisation.sectors.through.objects.bulk_create(
        (
            Organisation.sectors.through(organisation_id=organisation.pk, sector_id=pk)
            for organisation in organisations
            for pk in {rng.choice(sectors).pk}
        ),
        batch_size=5000,
    )
    MatchSubscription.objects.bulk_create(
        (
            MatchSubscription(
                person=person,
                frequency=MatchSubscription.Frequency.NEVER,
                token=f"bench-match-{person.pk}",
            )
            for person in people
        ),
        batch_size=5000,
    )
    return organisations, people, competences, sectors


def add_posts(count, *, start, organisations, people, competences, sectors, rng, published_in):
    """Add `count` published posts numbered from `start`, at the times `published_in` gives."""
    from cooperation.models import Post

    kinds = [Post.Kind.OFFER, Post.Kind.REQUEST, Post.Kind.OFFER, Post.Kind.REQUEST]
    words = ["frezowanie", "CNC", "chmura", "logistyka", "audyt", "IoT", "spawanie", "ERP"]
    posts = []
    for n in range(start, start + count):
        index = rng.randrange(len(organisations))
        word = words[n % len(words)]
        posts.append(
            Post(
                organisation=organisations[index],
                author=people[index],
                contact_person=people[index],
                kind=kinds[n % len(kinds)],
                title=f"Oferta {n}: {word}",
                title_pl=f"Oferta {n}: {word}",
                title_en=f"Offer {n}: {word}",
                description=f"Opis współpracy {n}: {word} dla członków klastra.",
                description_pl=f"Opis współpracy {n}: {word} dla członków klastra.",
                languages=["pl", "en"],
                valid_until=datetime.date(2099, 12, 31),
                visibility=Post.Visibility.PUBLIC if n % 3 else Post.Visibility.MEMBERS,
                status=Post.Status.PUBLISHED,
                published_at=published_in(n),
            )
        )
    created = Post.objects.bulk_create(posts, batch_size=5000)
    Post.competences.through.objects.bulk_create(
        (
            Post.competences.through(post_id=post.pk, competence_id=pk)
            for post in created
            for pk in {rng.choice(competences).pk for _n in range(2)}
        ),
        batch_size=5000,
    )
    Post.sectors.through.objects.bulk_create(
        (
            Post.sectors.through(post_id=post.pk, sector_id=rng.choice(sectors).pk)
            for post in created
        ),
        batch_size=5000,
    )
    return created


# --- The board --------------------------------------------------------------------------------


def board_pages(competence_slug):
    return [
        ("board, first page", "/pl/cooperation/"),
        ("board, page 20", "/pl/cooperation/?page=20"),
        ("board, search", "/pl/cooperation/?q=frezowanie"),
        ("board, kind and competence", f"/pl/cooperation/?kind=offer&competence={competence_slug}"),
    ]


def member_client(person):
    """A test client logged in as `person`, with an account of their own."""
    from django.test import Client

    from accounts.models import User

    user = User.objects.create_user(email=f"bench-board-{person.pk}@bench.example", password=None)
    person.user = user
    person.save(update_fields=["user"])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def measure_board(client, pages):
    """[(name, statements, median ms)] of each page rendered RENDERS times."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = []
    for name, path in pages:
        times = []
        statements = None
        for _n in range(RENDERS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            statements = len(queries)
        results.append((name, statements, statistics.median(times)))
    return results


# --- The digest -------------------------------------------------------------------------------


def subscribe_weekly(people):
    from cooperation.models import MatchSubscription

    MatchSubscription.objects.filter(person__in=people).update(
        frequency=MatchSubscription.Frequency.WEEKLY
    )


def digest_statements(week, subscribers):
    """Run the digest in this process for `week`; return SQL statements per person told.

    Statements are counted by a wrapper, not CaptureQueriesContext, whose log keeps only the
    last 9,000.
    """
    from django.db import connection

    from cooperation import matching

    count = 0

    def counting(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        told = matching.digest_send(week=week)
    return told, count / max(told, 1)


def queue_drained(redis):
    """True when no task waits in the queue and none is being worked on (acks come late)."""
    return redis.llen("celery") == 0 and redis.hlen("unacked") == 0


def digest_in_worker(worker, week, timeout=900):
    """Queue the digest of `week` to the worker; return (seconds, peak PSS, persons told).

    The clock stops when the digest and every e-mail task it queued are done: the queue is empty
    and nothing is unacknowledged (tasks are acknowledged after they finish).
    """
    import redis as redis_client

    from cooperation.models import MatchNotice
    from cooperation.tasks import match_digest_send

    redis = redis_client.Redis.from_url(redis_url())
    with common.PeakRss(worker.process.pid, interval=0.05, proportional=True) as peak:
        started = time.perf_counter()
        match_digest_send.delay(week.isoformat())
        deadline = time.monotonic() + timeout
        # A message moves from the queue to the unacknowledged set in two steps: an empty pair
        # of both counts three times running, 50 ms apart, is past that window.
        drained = 0
        while drained < 3:
            if worker.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the digest did not finish:\n{worker.log.read_text()[-4000:]}")
            drained = drained + 1 if queue_drained(redis) else 0
            time.sleep(0.05)
        seconds = time.perf_counter() - started
    return seconds, peak.peak, MatchNotice.objects.filter(week=week).count()


def say(text):
    print(f"bench.cooperation: {text}", flush=True)


def main(argv=None):
    args = _parse_args(argv)
    scale = QUICK if args.quick else FULL
    recreate_database()
    # The worker and this process share this part's Redis database: the settings read it.
    os.environ["BENCH_REDIS_URL"] = redis_url()
    common.setup_django_for(database_url())
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import timezone

    from cluster_portal.celery import app

    # The pages are rendered each time, and no task of an earlier run waits in the queue.
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    app.control.purge()
    rng = random.Random(2026)
    built = time.perf_counter()
    organisations, people, competences, sectors = build_members(scale["organisations"], rng)
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    # Three past weeks, each with its own posts: two for the worker's runs, one in this process.
    weeks = [monday - datetime.timedelta(weeks=n) for n in (3, 2, 1)]

    def in_week(week):
        base = timezone.make_aware(datetime.datetime.combine(week, datetime.time(8)))
        return lambda n: base + datetime.timedelta(minutes=(n * 7) % (6 * 24 * 60))

    def older(n):
        return timezone.now() - datetime.timedelta(days=30 + n % 330, minutes=n % 1440)

    posts_of = {
        "organisations": organisations,
        "people": people,
        "competences": competences,
        "sectors": sectors,
        "rng": rng,
    }
    for number, week in enumerate(weeks):
        add_posts(
            scale["week_posts"],
            start=number * scale["week_posts"],
            published_in=in_week(week),
            **posts_of,
        )
    tenth = scale["posts"] // 10 - len(weeks) * scale["week_posts"]
    add_posts(max(tenth, 0), start=100_000, published_in=older, **posts_of)
    common.analyze()
    build_seconds = time.perf_counter() - built
    say(f"{len(organisations)} organisations built in {build_seconds:.1f} s; the board, small")
    client = member_client(people[0])
    pages = board_pages(competences[0].slug)
    small = measure_board(client, pages)
    from cooperation.models import Post

    small_posts = Post.objects.count()
    added = time.perf_counter()
    add_posts(scale["posts"] - small_posts, start=200_000, published_in=older, **posts_of)
    common.analyze()
    build_seconds += time.perf_counter() - added
    say("the board, large")
    large = measure_board(client, pages)
    large_posts = Post.objects.count()

    rows = []
    for (name, small_statements, small_ms), (_name, large_statements, large_ms) in zip(
        small, large, strict=True
    ):
        rows.append(
            {
                "measure": name,
                f"statements at {small_posts:,} posts": small_statements,
                f"statements at {large_posts:,} posts": large_statements,
                f"ms at {small_posts:,}": round(small_ms, 1),
                f"ms at {large_posts:,}": round(large_ms, 1),
            }
        )
    board_flat = all(s[1] == g[1] for s, g in zip(small, large, strict=True))
    worst_growth = max(g[2] / s[2] for s, g in zip(small, large, strict=True))

    # The digest, in the worker: a fifth of the subscribers in one week, all in the next.
    from django.db import connection

    fifth = people[: max(len(people) // 5, 1)]
    connection.close()
    with tempfile.TemporaryDirectory() as log_dir:
        # E-mails go to the dummy backend: the digest builds and queues each, sends none.
        worker = common.CeleryWorker(
            env=portal_env(
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
                SITE_URL="https://klaster.example",
                LOG_LEVEL="INFO",
            ),
            name="bench-cooperation",
            log=Path(log_dir) / "worker.log",
        )
        worker.start()
        try:
            subscribe_weekly(fifth)
            say("the digest in the worker, a fifth")
            small_seconds, small_peak, small_told = digest_in_worker(worker, weeks[0])
            subscribe_weekly(people)
            say("the digest in the worker, all")
            large_seconds, large_peak, large_told = digest_in_worker(worker, weeks[1])
        finally:
            worker.stop()
    per_person = digest_statements_for(weeks[2], fifth, people)
    for label, subscribers, told, seconds, peak_bytes, statements in (
        ("a fifth", len(fifth), small_told, small_seconds, small_peak, per_person[0]),
        ("all", len(people), large_told, large_seconds, large_peak, per_person[1]),
    ):
        rows.append(
            {
                "measure": f"digest, {label}: {told:,} of {subscribers:,} subscribers told",
                f"statements at {small_posts:,} posts": f"{statements:.1f} per person",
                f"statements at {large_posts:,} posts": None,
                f"ms at {small_posts:,}": round(seconds * 1000),
                f"ms at {large_posts:,}": f"peak {peak_bytes / MiB:.0f} MiB",
            }
        )
    memory_flat = large_peak <= small_peak * MEMORY_FLAT_TOLERANCE
    targets = [
        common.target(
            "board queries flat",
            f"same SQL statements at {small_posts:,} and {large_posts:,} posts",
            "same" if board_flat else "grew",
            board_flat,
            "see the rows: a statement per post on the page",
        ),
        common.target(
            "board time",
            f"≤ 3× from {small_posts:,} to {large_posts:,} posts",
            f"{worst_growth:.2f}×",
            worst_growth <= 3,
            "the search reads every post's title and description (icontains), no text index",
        ),
        common.target(
            "digest worker memory flat",
            f"peak PSS for {len(people):,} subscribers ≤ {MEMORY_FLAT_TOLERANCE:.2f}× "
            f"that for {len(fifth):,}",
            f"{small_peak / MiB:.0f} → {large_peak / MiB:.0f} MiB",
            memory_flat,
            "the digest holds more than one chunk of subscribers",
        ),
        common.target(
            "digest statements per person flat",
            f"the same for {len(fifth):,} and {len(people):,} subscribers",
            f"{per_person[0]:.1f} / {per_person[1]:.1f}",
            abs(per_person[0] - per_person[1]) <= 0.5,
            "a statement per subscriber outside the chunks",
        ),
    ]
    common.write_results(
        PART,
        title=TITLE,
        description=__doc__.split("\n\n", 1)[1].strip(),
        parameters={
            "organisations": len(organisations),
            "posts": large_posts,
            "week_posts": scale["week_posts"],
            "build_seconds": round(build_seconds, 1),
        },
        rows=rows,
        targets=targets,
    )
    print(common.markdown({**_result_stub(), "rows": rows, "targets": targets}))
    return 0


def digest_statements_for(week, fifth, people):
    """SQL statements per person told, for a fifth and then for all subscribers, on `week`."""
    from cooperation.models import MatchNotice, MatchSubscription

    MatchSubscription.objects.update(frequency=MatchSubscription.Frequency.NEVER)
    subscribe_weekly(fifth)
    _told, per_small = digest_statements(week, fifth)
    MatchNotice.objects.filter(week=week).delete()
    subscribe_weekly(people)
    _told, per_large = digest_statements(week, people)
    return per_small, per_large


def _result_stub():
    return {"title": TITLE, "description": "", "taken_at": common.now_iso()}


if __name__ == "__main__":
    sys.exit(main())
