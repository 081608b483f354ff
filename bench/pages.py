"""Requests per second and latency of the portal's pages: `python -m bench.pages [--quick]`.

Runs gunicorn with production settings (bench/settings.py) on loopback against the bench database,
checks that every URL answers 200, warms each one, then runs wrk (8 connections, 2 threads,
`--duration` seconds each, `--latency`) against a minimal Django view as the baseline and against
the public pages and the panel's member list logged in as the coordinator. Each page's req/s is
compared with the baseline's from the same run. Anonymous pages are measured as first-time visitors
see them (no cookies: the page cache serves them) and, in a second pass with the cache off, as
rendered, so the table shows what the cache buys.
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
PUBLIC_TARGET = 0.7
LOGGED_IN_TARGET = 0.3
P99_TARGET_MS = 100.0
BASELINE = "/bench/baseline/"


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
        ("baseline (minimal view)", BASELINE, False),
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
        ("baseline again (minimal view)", BASELINE, False),
    ]


def cpu_per_request(path, cookie=None, runs=10):
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


def start_gunicorn(args, env):
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    command = [
        gunicorn,
        "cluster_portal.wsgi:application",
        "--bind",
        f"{HOST}:{PORT}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.worker_threads),
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
            status, _body = fetch("/bench/baseline/")
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


def fetch(path, cookie=None):
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
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


def run_wrk(path, args, cookie=None):
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
    command.append(f"http://{HOST}:{PORT}{path}")
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


def measure(pages_to_measure, args, env, cookie, label):
    """Start gunicorn, check and warm each page, run wrk on each; return the rows."""
    process = start_gunicorn(args, env)
    rows = []
    try:
        for name, path, logged_in in pages_to_measure:
            status, _body = fetch(path, cookie if logged_in else None)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}, not 200: cannot measure it")
            for _ in range(20):
                fetch(path, cookie if logged_in else None)
            result = run_wrk(path, args, cookie if logged_in else None)
            row = {"page": name, "pass": label, "path": path, "logged_in": logged_in, **result}
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

    try:
        rows = measure(measured, args, env, cookie, "cached")
        if not args.no_uncached:
            public = [page for page in measured if not page[2]]  # the baselines included
            rows += measure(public, args, {**env, "PAGE_CACHE_SECONDS": "0"}, cookie, "uncached")
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"bench.pages: {error}", file=sys.stderr)
        return 1

    # The baseline runs first and last in each pass; its mean evens out drift on a shared machine.
    runs = {}
    for row in rows:
        if row["path"] == BASELINE:
            runs.setdefault(row["pass"], []).append(row["req_per_s"])
    baseline = {name: sum(values) / len(values) for name, values in runs.items()}
    for row in rows:
        row["ratio"] = round(row["req_per_s"] / baseline[row["pass"]], 3)

    cached = [row for row in rows if row["pass"] == "cached" and row["path"] != BASELINE]
    public = [row for row in cached if not row["logged_in"]]
    logged_in = [row for row in cached if row["logged_in"]]
    worst_public = min(public, key=lambda row: row["ratio"])
    worst_logged_in = min(logged_in, key=lambda row: row["ratio"])
    worst_p99 = max(cached, key=lambda row: row["p99_ms"])
    errors = sum(row["non_2xx"] for row in rows)
    # As served: the list's filters and table come from the fragment cache.
    panel_cpu = cpu_per_request(worst_logged_in["path"], cookie)
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    from django.conf import settings

    settings.PAGE_CACHE_SECONDS = 0
    baseline_cpu = cpu_per_request(BASELINE)
    load = os.getloadavg()[1]
    cpu_note = (
        "2 cores shared by gunicorn, PostgreSQL, Redis, wrk's own 2 threads and whatever else "
        f"runs on the machine (5-minute load average {load:.1f} at the end of the run)."
    )
    targets = [
        common.target(
            f"anonymous public pages vs baseline (worst: {worst_public['page']})",
            f">= {PUBLIC_TARGET}",
            worst_public["ratio"],
            worst_public["ratio"] >= PUBLIC_TARGET,
            cpu_note,
        ),
        common.target(
            f"logged-in pages vs baseline (worst: {worst_logged_in['page']})",
            f">= {LOGGED_IN_TARGET}",
            worst_logged_in["ratio"],
            worst_logged_in["ratio"] >= LOGGED_IN_TARGET,
            f"CPU: {worst_logged_in['page']} costs {panel_cpu} ms of Django CPU per request "
            f"against {baseline_cpu} ms for the baseline (in-process). Its filters and table come "
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
            "Pass `cached`: anonymous visitors without cookies, served by the page cache; pass "
            "`uncached`: the same pages with PAGE_CACHE_SECONDS=0. Ratio = req/s ÷ the "
            "mean req/s of the baseline, run first and last in the same pass."
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
        columns=["page", "pass", "req_per_s", "p50_ms", "p99_ms", "ratio", "non_2xx", "path"],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
