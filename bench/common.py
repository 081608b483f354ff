"""What every benchmark part shares: the bench database, results files, machine info, percentiles.

A part writes `bench/results/<part>.json` and `.md` through `write_results`; both files are written
to a `.tmp` name first and renamed, so a reader never sees half a file.
"""

import datetime
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PARTS = (
    "data",
    "explain",
    "pages",
    "registration",
    "newsletter",
    "pdfs",
    "cooperation",
    "reports",
    "fees",
    "search",
    "api",
)
PYTHON = sys.executable

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cluster_portal_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/8"


def results_dir():
    """Where this run writes: a quick run (`--quick`) in results/quick, not over full runs."""
    return RESULTS / "quick" if "--quick" in sys.argv[1:] else RESULTS


def bench_database_url():
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def bench_redis_url():
    return os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)


def django_env(**extra):
    """Return the environment for a subprocess that runs the portal with bench settings."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env.setdefault("BENCH_DATABASE_URL", bench_database_url())
    env.setdefault("BENCH_REDIS_URL", bench_redis_url())
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def setup_django_for(database_url=None):
    """Configure Django in this process with bench settings, on the given database."""
    if database_url:
        os.environ["BENCH_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def manage(*args, env=None, check=True):
    """Run `manage.py <args>` with bench settings in a subprocess."""
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env or django_env(),
        check=check,
    )


def machine():
    """Describe the machine the figures were taken on."""
    memory = psutil.virtual_memory().total
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": psutil.cpu_count(logical=True),
        "memory_gib": round(memory / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def analyze():
    """Vacuum and analyze after a bulk fill, as autovacuum would some time later.

    Measured before it, the planner's statistics can describe an empty table, and with no page
    marked all-visible an index-only scan must visit the table for every row, so counts and
    distinct values read the whole table instead of an index. VACUUM cannot run in a transaction:
    call this outside `transaction.atomic`, where Django's connection is in autocommit.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def now_iso():
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def percentile(values, fraction):
    """Return the value below which `fraction` (0..1) of the values lie, interpolated linearly."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class PeakRss:
    """Sample the resident memory of a process tree in a thread and keep the peak (bytes).

    With `proportional`, each process counts its PSS: pages a prefork parent shares with its
    children count once across the tree instead of once per process, as the sum of RSS would.
    """

    def __init__(self, pid, interval=0.1, *, proportional=False):
        self.pid = pid
        self.interval = interval
        self.proportional = proportional
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self):
        """Take one sample now (a caller may sample in its own loop instead of the thread)."""
        try:
            root = psutil.Process(self.pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        total = 0
        for process in processes:
            try:
                if self.proportional:
                    total += process.memory_full_info().pss
                else:
                    total += process.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        self.peak = max(self.peak, total)

    def _run(self):
        while not self._stop.is_set():
            self.sample()
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


class CeleryWorker:
    """A real `celery -A cluster_portal worker` (prefork) in a process group of its own.

    `start` waits until the worker says it is ready; `stop` ends it warmly, then by force.
    """

    def __init__(self, *, env, name, log, concurrency=1):
        self.env = env
        self.name = name
        self.log = Path(log)
        self.concurrency = concurrency
        self.process = None

    def start(self, timeout=60):
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "cluster_portal",
                    "worker",
                    "--pool=prefork",
                    f"--concurrency={self.concurrency}",
                    "-Q",
                    "celery",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"{self.name}@%h",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while " ready." not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Celery worker did not start:\n{self.log.read_text()}")
            time.sleep(0.1)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, 15)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()


def write_atomically(path, text):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def target(name, target_text, value, met, limited_by=None):
    return {
        "name": name,
        "target": target_text,
        "value": value,
        "met": bool(met),
        "limited_by": None if met else limited_by,
    }


def _cell(value):
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "✔" if value else "✘"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value).replace("|", "\\|")


def markdown(result, columns=None):
    """Render a result dict as the part's Markdown: heading, description, rows, targets."""
    lines = [f"### {result['title']}", "", result.get("description", ""), ""]
    rows = result["rows"]
    if rows:
        columns = columns or list(rows[0])
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|" + "---|" * len(columns))
        for row in rows:
            lines.append("| " + " | ".join(_cell(row.get(column)) for column in columns) + " |")
        lines.append("")
    if result["targets"]:
        lines.append("| target | value | met | what limits it |")
        lines.append("|---|---|---|---|")
        for item in result["targets"]:
            lines.append(
                f"| {item['name']}: {item['target']} | {_cell(item['value'])} | "
                f"{'✔' if item['met'] else '✘'} | {item['limited_by'] or ''} |"
            )
        lines.append("")
    m = result.get("machine") or machine()
    lines.append(
        f"Taken {result['taken_at']} on {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, "
        f"{m['os']}, Python {m['python']}."
    )
    return "\n".join(lines) + "\n"


def write_results(part, *, title, description, parameters, rows, targets, columns=None):
    """Write bench/results/<part>.json and .md atomically; return the JSON path."""
    directory = results_dir()
    directory.mkdir(parents=True, exist_ok=True)
    result = {
        "part": part,
        "title": title,
        "description": description,
        "taken_at": now_iso(),
        "machine": machine(),
        "parameters": parameters,
        "rows": rows,
        "targets": targets,
    }
    json_path = directory / f"{part}.json"
    write_atomically(json_path, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    write_atomically(directory / f"{part}.md", markdown(result, columns))
    return json_path


def http_load(path, *, port, connections, duration, headers=None, host="127.0.0.1"):
    """GET `path` over `connections` keep-alive connections for `duration` s.

    Return the latencies in milliseconds and the statuses that were not 200.
    """
    import http.client

    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + duration

    def run():
        connection = http.client.HTTPConnection(host, port, timeout=30)
        mine = []
        try:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                connection.request("GET", path, headers=headers or {})
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
