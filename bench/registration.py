"""Registration under contention: `python -m bench.registration [--quick]`.

Creates a fresh members' event with 100 seats and a waiting list in the bench database, gives 500
people of active members an account and a session, starts gunicorn as bench.pages does, opens one
connection per person, and releases all 500 POSTs to the real registration view at the same moment
(threads waiting on a barrier). Reports the wall time, p50/p99 latency, the answers' status codes
and what the database holds afterwards: exactly 100 confirmed, the rest on the waiting list, with
gap-free sequence numbers.
"""

import argparse
import http.client
import sys
import threading
import time
from urllib.parse import urlencode

from bench import common
from bench import data as bench_data
from bench import pages as bench_pages

REGISTRANT_EMAIL = "bench-rejestracja-{}@klaster.example"


def _parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.registration", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the quick dataset, 50 for 10 seats")
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--worker-threads", type=int, default=2)
    return parser.parse_args(argv)


def registrants(count):
    """Return `count` people of active members with accounts, creating the accounts once."""
    from accounts.models import User
    from members.models import Organisation, Person

    people = list(
        Person.objects.filter(user__email__startswith="bench-rejestracja-").order_by("pk")[:count]
    )
    missing = count - len(people)
    if missing > 0:
        free = list(
            Person.objects.filter(
                organisation__status=Organisation.Status.ACTIVE, user__isnull=True
            ).order_by("pk")[:missing]
        )
        if len(free) < missing:
            raise RuntimeError(f"only {len(free)} people without accounts at active members")
        start = User.objects.filter(email__startswith="bench-rejestracja-").count()
        users = User.objects.bulk_create(
            User(
                email=REGISTRANT_EMAIL.format(start + index),
                first_name=person.first_name,
                last_name=person.last_name,
                password="!",  # no password: the bench logs them in with a session
            )
            for index, person in enumerate(free)
        )
        for person, user in zip(free, users, strict=True):
            person.user = user
        Person.objects.bulk_update(free, ["user"])
        people += free
    return people


def session_cookie(user):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    now = int(time.time())
    session["accounts.last_seen"] = now
    session["accounts.session_started"] = now
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def fresh_event(seats):
    import datetime

    from django.utils import timezone

    from events.models import Event

    now = timezone.now()
    stamp = now.strftime("%Y%m%d%H%M%S")
    title = f"Warsztaty pod obciążeniem {stamp}"
    return Event.objects.create(
        kind=Event.Kind.WORKSHOP,
        title=title,
        title_pl=title,
        slug=f"bench-rejestracja-{stamp}",
        starts_at=now + datetime.timedelta(days=30),
        ends_at=now + datetime.timedelta(days=30, hours=4),
        venue="Gdańsk, ul. Długa 1",
        capacity=seats,
        waitlist_enabled=True,
        registration_opens_at=now - datetime.timedelta(hours=1),
        registration_closes_at=now + datetime.timedelta(days=29),
        audience=Event.Audience.MEMBERS,
        status=Event.Status.PUBLISHED,
        published_at=now,
    )


def post_all(path, cookies, csrf_secret):
    """POST to `path` from one thread per cookie, all released at once; return the results."""
    from django.conf import settings

    barrier = threading.Barrier(len(cookies) + 1)
    results = [None] * len(cookies)
    body = urlencode({"csrfmiddlewaretoken": csrf_secret})

    def one(index, cookie):
        connection = http.client.HTTPConnection(bench_pages.HOST, bench_pages.PORT, timeout=300)
        try:
            connection.connect()
            headers = {
                "Cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}={csrf_secret}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            barrier.wait()
            started = time.perf_counter()
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            results[index] = (response.status, time.perf_counter() - started)
        except Exception as error:  # noqa: BLE001 - every failure is counted, none may stop the run
            results[index] = (f"error: {error}", None)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=one, args=(index, cookie)) for index, cookie in enumerate(cookies)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def main(argv=None):
    args = _parse_args(argv)
    if args.quick:
        args.people, args.seats = 50, 10
    database_url = bench_data.database_url_for(args.quick)
    if bench_data.marker(database_url) is None:
        print(f"bench.registration: no dataset in {database_url}", file=sys.stderr)
        return 2
    env = common.django_env(BENCH_DATABASE_URL=database_url)
    common.setup_django_for(database_url)
    from django.middleware.csrf import _get_new_csrf_string

    from events.models import Registration

    people = registrants(args.people)
    cookies = [session_cookie(person.user) for person in people]
    event = fresh_event(args.seats)
    path = f"/pl/events/{event.slug}/register/"
    # One CSRF secret for everyone: the cookie and the form field only have to match.
    csrf_secret = _get_new_csrf_string()

    try:
        process = bench_pages.start_gunicorn(args, env)
    except RuntimeError as error:
        print(f"bench.registration: {error}", file=sys.stderr)
        return 1
    try:
        results, wall = post_all(path, cookies, csrf_secret)
    finally:
        bench_pages.stop(process)

    statuses = {}
    for status, _latency in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    latencies = [latency * 1000 for _status, latency in results if latency is not None]
    server_errors = sum(
        count for status, count in statuses.items() if not status.isdigit() or status[0] == "5"
    )
    held = Registration.objects.filter(event=event)
    confirmed = held.filter(status=Registration.Status.CONFIRMED).count()
    waitlisted = held.filter(status=Registration.Status.WAITLISTED).count()
    sequences = sorted(held.values_list("sequence", flat=True))
    gap_free = sequences == list(range(1, len(sequences) + 1))
    event.refresh_from_db()
    rows = [
        {
            "people": args.people,
            "seats": args.seats,
            "wall_s": round(wall, 2),
            "p50_ms": round(common.percentile(latencies, 0.5), 1),
            "p99_ms": round(common.percentile(latencies, 0.99), 1),
            "answers": ", ".join(
                f"{status}: {count}" for status, count in sorted(statuses.items())
            ),
            "confirmed": confirmed,
            "waitlisted": waitlisted,
            "sequences_gap_free": gap_free,
        }
    ]
    print(f"bench.registration: {rows[0]}", flush=True)
    targets = [
        common.target(
            "confirmed registrations",
            f"exactly {args.seats}",
            confirmed,
            confirmed == args.seats,
            "the seat count did not hold under contention",
        ),
        common.target(
            "waiting list",
            f"exactly {args.people - args.seats}",
            waitlisted,
            waitlisted == args.people - args.seats and gap_free,
            "some requests did not register or sequence numbers have gaps",
        ),
        common.target(
            "requests failed with 5xx or a network error",
            "0",
            server_errors,
            server_errors == 0,
            "see the answers column",
        ),
    ]
    common.write_results(
        "registration",
        title="Registration under contention",
        description=(
            f"{args.people} logged-in people of active members POST their registration for one "
            f"event with {args.seats} seats and a waiting list, all released at once through a "
            f"barrier, to gunicorn ({args.workers} gthread workers × {args.worker_threads} "
            "threads) with production settings on loopback; latency is per request, wall time "
            "from release to the last answer."
        ),
        parameters={
            "people": args.people,
            "seats": args.seats,
            "workers": args.workers,
            "worker_threads": args.worker_threads,
            "event": event.slug,
        },
        rows=rows,
        targets=targets,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
