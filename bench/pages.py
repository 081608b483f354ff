"""Requests per second and latency of the portal's pages: `python -m bench.pages [--quick]`.

Runs gunicorn with production settings (bench/settings.py) on loopback against the bench database
(each worker takes at most twice its threads' connections, so wrk's connections spread over the
workers), checks that every URL answers 200, warms each one with WARM_SECONDS of the same load on
every worker (thrown away), then runs wrk (8 connections, 2 threads, `--duration` seconds each,
`--latency`) against a bare Django project (bench/bare: one hello view,
no database, served by the same gunicorn with the same workers on the next port), the portal's own
minimal view, the public pages and the panel's member list logged in as the coordinator. Each
page's req/s is compared with bare Django's from the same pass (1.00), and with the portal's
minimal view. Passes: `cached`, anonymous visitors without cookies (the page cache serves them) and
the panel; `session`, the public pages for a visitor with a session (the coordinator's cookie), so
rendered on every request; `uncached`, anonymous with the page cache off.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from urllib.parse import urlparse

from bench import common
from bench import data as bench_data

HOST = "127.0.0.1"
PORT = 8765
BARE_PORT = PORT + 1
WARM_SECONDS = 2
PUBLIC_TARGET = 0.7
SESSION_TARGET = 0.15
LOGGED_IN_TARGET = 0.1
P99_TARGET_MS = 100.0
BASELINE = "/bench/baseline/"
BARE = "bare Django hello"
BARE_APP = "bench.bare.wsgi:application"
PORTAL_APP = "cluster_portal.wsgi:application"


def _parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the quick dataset, 2 s per page")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--worker-threads", type=int, default=2, help="threads per worker")
    parser.add_argument(
        "--no-uncached", action="store_true", help="skip the pass with the page cache off"
    )
    return parser.parse_args(argv)


# --- What to measure ----------------------------------------------------------------------------


def coordinator_cookie():
    """Return a session cookie for the bench coordinator, made as a login would make it."""
    import time as clock

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User

    user = User.objects.get(email=bench_data.COORDINATOR_EMAIL)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # The idle-session check writes the session at most every few minutes from this time on.
    now = int(clock.time())
    session["accounts.last_seen"] = now
    session["accounts.session_started"] = now
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def pages():
    """Return [(name, path, logged_in)] with real slugs and terms from the bench database."""
    from events.models import Event
    from members.models import Organisation, Sector
    from news.models import Article

    article = Article.objects.public().order_by("-published_at").first()
    event = (
        Event.objects.filter(status=Event.Status.PUBLISHED, audience=Event.Audience.PUBLIC)
        .order_by("starts_at")
        .filter(starts_at__gte=article.published_at)
        .first()
    ) or Event.objects.filter(status=Event.Status.PUBLISHED).first()
    organisation = Organisation.objects.active().order_by("pk").first()
    term = organisation.name.split(" ")[0]
    sector = Sector.objects.order_by("pk").first()
    return [
        (BARE, "/", False),
        ("portal baseline (minimal view)", BASELINE, False),
        ("home", "/pl/", False),
        ("news list", "/pl/news/", False),
        ("article", f"/pl/news/{article.slug}/", False),
        ("directory, first page", "/pl/members/", False),
        ("directory, search", f"/pl/members/?q={term}", False),
        ("directory, sector filter", f"/pl/members/?sector={sector.slug}", False),
        ("event list", "/pl/events/", False),
        ("event", f"/pl/events/{event.slug}/", False),
        ("resolution register", "/pl/resolutions/", False),
        ("panel member list (coordinator)", "/pl/panel/members/", True),
        ("portal baseline again (minimal view)", BASELINE, False),
        (BARE + " again", "/", False),
    ]


def _is_bare(name):
    return name.startswith(BARE)


def cpu_per_request(path, cookie=None, runs=50):
    """Return the Django process's CPU milliseconds per request, measured in this process."""
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    for _ in range(3):
        client.get(path)
    started = time.process_time()
    for _ in range(runs):
        client.get(path)
    return round((time.process_time() - started) / runs * 1000, 1)


# --- gunicorn and wrk ---------------------------------------------------------------------------


def worker_connections(args):
    """The connections a gunicorn worker takes at once: twice its threads."""
    return 2 * args.worker_threads


def start_gunicorn(args, env, *, app=PORTAL_APP, port=PORT, probe=BASELINE):
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    command = [
        gunicorn,
        app,
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.worker_threads),
        # At most twice its threads per worker: wrk opens its 8 keep-alive connections at once,
        # and unbounded they landed at random, in some rows all 8 on one worker (one core: half
        # the requests per second, for bare Django and the portal alike).
        "--worker-connections",
        str(worker_connections(args)),
        "--keep-alive",
        "5",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=common.ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            status, _body = fetch(probe, port=port)
            if status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def fetch(path, cookie=None, *, port=PORT):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def run_wrk(path, args, cookie=None, *, port=PORT):
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://{HOST}:{port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {
        percent: _milliseconds(value)
        for percent, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*", output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "req_per_s": rps,
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "requests": requests,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def measure(pages_to_measure, args, env, cookie, label, *, session=False):
    """Start gunicorn, check and warm each page, run wrk on each; return the rows.

    Bare Django answers on its own port (started once for the run); with `session`, every portal
    page is asked for with the cookie.
    """
    process = start_gunicorn(args, env)
    rows = []
    try:
        for name, path, logged_in in pages_to_measure:
            bare = _is_bare(name)
            port = BARE_PORT if bare else PORT
            sent = cookie if (logged_in or (session and not bare)) else None
            status, _body = fetch(path, sent, port=port)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}, not 200: cannot measure it")
            # A short load first, thrown away: every worker has booted and served the page before
            # the measure (the first bare Django row ran while the portal's workers were starting).
            # As many connections as the workers take together, so none is left out: a worker's
            # first page compiles its templates, half a second that once fell in a measure.
            warm = {
                "duration": WARM_SECONDS,
                "connections": args.workers * worker_connections(args),
            }
            run_wrk(path, argparse.Namespace(**{**vars(args), **warm}), sent, port=port)
            result = run_wrk(path, args, sent, port=port)
            row = {
                "page": name,
                "pass": label,
                "path": path,
                "logged_in": logged_in,
                "with_session": sent is not None,
                **result,
            }
            print(
                f"bench.pages: {label:9} {name:34} {result['req_per_s']:8.1f} req/s "
                f"p50 {result['p50_ms']:6.1f} ms p99 {result['p99_ms']:6.1f} ms",
                flush=True,
            )
            rows.append(row)
    finally:
        stop(process)
    return rows


def main(argv=None):
    args = _parse_args(argv)
    if args.quick:
        args.duration = 2
    if not shutil.which("wrk"):
        print("bench.pages: wrk is not installed", file=sys.stderr)
        return 2
    database_url = bench_data.database_url_for(args.quick)
    if bench_data.marker(database_url) is None:
        print(
            f"bench.pages: no dataset in {database_url}; run python -m bench.data", file=sys.stderr
        )
        return 2
    env = common.django_env(BENCH_DATABASE_URL=database_url)
    common.manage("collectstatic", "--noinput", "-v", "0", env=env)
    common.setup_django_for(database_url)
    from django.core.cache import cache

    # Redis db of the bench: start from an empty cache so no entry of another run is served.
    cache.clear()
    measured = pages()
    cookie = coordinator_cookie()

    public = [page for page in measured if not page[2]]  # the baselines included
    try:
        bare = start_gunicorn(args, env, app=BARE_APP, port=BARE_PORT, probe="/")
    except RuntimeError as error:
        print(f"bench.pages: bare Django: {error}", file=sys.stderr)
        return 1
    try:
        rows = measure(measured, args, env, cookie, "cached")
        rows += measure(public, args, env, cookie, "session", session=True)
        if not args.no_uncached:
            rows += measure(public, args, {**env, "PAGE_CACHE_SECONDS": "0"}, cookie, "uncached")
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"bench.pages: {error}", file=sys.stderr)
        return 1
    finally:
        stop(bare)

    # Both baselines run first and last in each pass; their means even out drift on a shared
    # machine. `ratio` is to bare Django, `ratio_portal_baseline` to the portal's minimal view.
    bare_runs, portal_runs = {}, {}
    for row in rows:
        if _is_bare(row["page"]):
            bare_runs.setdefault(row["pass"], []).append(row["req_per_s"])
        elif row["path"] == BASELINE:
            portal_runs.setdefault(row["pass"], []).append(row["req_per_s"])
    bare_rps = {name: sum(values) / len(values) for name, values in bare_runs.items()}
    portal_rps = {name: sum(values) / len(values) for name, values in portal_runs.items()}
    for row in rows:
        row["ratio"] = round(row["req_per_s"] / bare_rps[row["pass"]], 3)
        row["ratio_portal_baseline"] = round(row["req_per_s"] / portal_rps[row["pass"]], 3)

    def pages_of(label):
        return [
            row
            for row in rows
            if row["pass"] == label and row["path"] != BASELINE and not _is_bare(row["page"])
        ]

    cached = pages_of("cached")
    session_rows = pages_of("session")
    public = [row for row in cached if not row["logged_in"]]
    logged_in = [row for row in cached if row["logged_in"]]
    worst_public = min(public, key=lambda row: row["ratio"])
    worst_session = min(session_rows, key=lambda row: row["ratio"])
    worst_logged_in = min(logged_in, key=lambda row: row["ratio"])
    worst_p99 = max(cached + session_rows, key=lambda row: row["p99_ms"])
    errors = sum(row["non_2xx"] for row in rows)
    # Both as served to the coordinator: the list's filters and table come from the fragment
    # cache, and the minimal view costs what any page does for the session and the user.
    panel_cpu = cpu_per_request(worst_logged_in["path"], cookie)
    baseline_cpu = cpu_per_request(BASELINE, cookie)
    load = os.getloadavg()[1]
    cpu_note = (
        "2 cores shared by gunicorn, PostgreSQL, Redis, wrk's own 2 threads and whatever else "
        f"runs on the machine (5-minute load average {load:.1f} at the end of the run)."
    )
    targets = [
        common.target(
            f"cached anonymous pages vs bare Django (worst: {worst_public['page']})",
            f">= {PUBLIC_TARGET}",
            worst_public["ratio"],
            worst_public["ratio"] >= PUBLIC_TARGET,
            cpu_note,
        ),
        common.target(
            f"public pages for a visitor with a session vs bare Django "
            f"(worst: {worst_session['page']})",
            f">= {SESSION_TARGET}",
            worst_session["ratio"],
            worst_session["ratio"] >= SESSION_TARGET,
            "rendered on every request (the page cache serves only visitors without a session): "
            "session, user, the page's queries and templates; " + cpu_note,
        ),
        common.target(
            f"logged-in pages vs bare Django (worst: {worst_logged_in['page']})",
            f">= {LOGGED_IN_TARGET}",
            worst_logged_in["ratio"],
            worst_logged_in["ratio"] >= LOGGED_IN_TARGET,
            f"CPU: {worst_logged_in['page']} costs {panel_cpu} ms of Django CPU per request "
            f"against {baseline_cpu} ms for the minimal view with the same session (in-process). "
            "Its filters and table come "
            "from the fragment cache; what is left is the page every logged-in request renders "
            "for its user (session and user, the two-factor and role checks, the header and the "
            "panel's navigation with their links), so its ceiling is about the quotient; "
            + cpu_note,
        ),
        common.target(
            f"p99 with {args.connections} connections (worst: {worst_p99['page']})",
            f"<= {P99_TARGET_MS:.0f} ms",
            worst_p99["p99_ms"],
            worst_p99["p99_ms"] <= P99_TARGET_MS,
            cpu_note,
        ),
        common.target(
            "responses other than 2xx", "0", errors, errors == 0, "see the rows' non_2xx"
        ),
    ]
    common.write_results(
        "pages",
        title="Pages: requests per second and latency",
        description=(
            f"gunicorn ({args.workers} gthread workers × {args.worker_threads} threads, production "
            f"settings, loopback) on `{urlparse(database_url).path.lstrip('/')}`; wrk "
            f"-t{args.threads} -c{args.connections} -d{args.duration}s --latency per page. "
            "Pass `cached`: anonymous visitors without cookies, served by the page cache, and "
            "the panel; pass `session`: the public pages with the coordinator's session cookie "
            "(rendered); pass `uncached`: anonymous with PAGE_CACHE_SECONDS=0. `ratio` = req/s ÷ "
            "the mean req/s of bare Django (bench/bare: one hello view, no database, security "
            "and common middleware, the same gunicorn settings on port "
            f"{BARE_PORT}), run first and last in the same pass; `ratio_portal_baseline` ÷ the "
            "portal's minimal view through its full middleware."
        ),
        parameters={
            "database": urlparse(database_url).path.lstrip("/"),
            "workers": args.workers,
            "worker_threads": args.worker_threads,
            "connections": args.connections,
            "threads": args.threads,
            "duration_s": args.duration,
            "load_average_5min": round(load, 2),
            "cpu_ms_per_request_baseline": baseline_cpu,
            "cpu_ms_per_request_logged_in_worst": panel_cpu,
        },
        rows=rows,
        targets=targets,
        columns=[
            "page",
            "pass",
            "req_per_s",
            "p50_ms",
            "p99_ms",
            "ratio",
            "ratio_portal_baseline",
            "non_2xx",
            "path",
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
