"""Query plans of the list pages at the bench's scale: `python -m bench.explain [--quick]`.

Renders each list page once in this process (bench settings, page cache off, the coordinator's
session for the panel), captures every SELECT it runs, and runs `EXPLAIN (ANALYZE, BUFFERS)` on
each against the bench database. A statement is index-backed when no sequential scan reads a table
of more than `--small` rows; the plans of each page's slowest statement are written out in full.
Run it on the quick and on the full dataset: the same plans and flat times show that the lists do
not grow with the data.
"""

import argparse
import json
import sys
from urllib.parse import urlparse

from bench import common
from bench import data as bench_data
from bench import pages as bench_pages

SMALL_TABLE_ROWS = 1000


def _parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.explain", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the quick dataset")
    parser.add_argument("--small", type=int, default=SMALL_TABLE_ROWS)
    return parser.parse_args(argv)


def list_pages():
    """[(name, path, logged_in)]: the lists a visitor or the panel pages through."""
    return [
        ("event list", "/pl/events/", False),
        ("event list, past", "/pl/events/?when=past", False),
        ("resolution register", "/pl/resolutions/", False),
        ("news list", "/pl/news/", False),
        ("directory, first page", "/pl/members/", False),
        ("panel member list (coordinator)", "/pl/panel/members/", True),
        ("panel event list (coordinator)", "/pl/panel/events/", True),
    ]


def _walk(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from _walk(child)


def _table_rows(cursor, table):
    cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
    row = cursor.fetchone()
    return int(row[0]) if row else 0


def explain(sql, params, small):
    """Return the plan's facts: time, node types, sequential scans of big tables, the text."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        (document,) = cursor.fetchone()
        plan = (json.loads(document) if isinstance(document, str) else document)[0]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        text = "\n".join(row[0] for row in cursor.fetchall())
        big_seq_scans = []
        for node in _walk(plan["Plan"]):
            if node["Node Type"] == "Seq Scan":
                rows = _table_rows(cursor, node["Relation Name"])
                if rows > small:
                    big_seq_scans.append(f"{node['Relation Name']} ({rows} rows)")
    return {
        "ms": round(plan["Execution Time"], 3),
        "nodes": sorted({node["Node Type"] for node in _walk(plan["Plan"])}),
        "big_seq_scans": big_seq_scans,
        "text": text,
    }


def page_statements(path, cookie):
    """Render `path` and return the SELECTs it ran, as (sql, params) to explain."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=bench_pages.HOST)
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    statements = []

    def capture(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT") and not many:
            statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}, not 200")
    return statements


def main(argv=None):
    args = _parse_args(argv)
    database_url = bench_data.database_url_for(args.quick)
    if bench_data.marker(database_url) is None:
        print(f"bench.explain: no dataset in {database_url}", file=sys.stderr)
        return 2
    common.setup_django_for(database_url)
    from django.conf import settings

    settings.PAGE_CACHE_SECONDS = 0
    cookie = bench_pages.coordinator_cookie()
    rows, plans = [], []
    for name, path, logged_in in list_pages():
        try:
            statements = page_statements(path, cookie if logged_in else None)
        except RuntimeError as error:
            print(f"bench.explain: {error}", file=sys.stderr)
            return 1
        explained = [explain(sql, params, args.small) for sql, params in statements]
        slowest = max(explained, key=lambda item: item["ms"]) if explained else None
        seq_scans = sorted({scan for item in explained for scan in item["big_seq_scans"]})
        row = {
            "page": name,
            "path": path,
            "statements": len(explained),
            "total_ms": round(sum(item["ms"] for item in explained), 2),
            "slowest_ms": slowest["ms"] if slowest else None,
            "index_backed": not seq_scans,
            "big_seq_scans": ", ".join(seq_scans),
        }
        rows.append(row)
        if slowest:
            plans.append((name, slowest["text"]))
        print(f"bench.explain: {row}", flush=True)
    unbacked = [row["page"] for row in rows if not row["index_backed"]]
    database = urlparse(database_url).path.lstrip("/")
    targets = [
        common.target(
            "list pages whose every SELECT is index-backed",
            f"all {len(rows)}",
            len(rows) - len(unbacked),
            not unbacked,
            "sequential scans of big tables on: " + ", ".join(unbacked),
        )
    ]
    common.write_results(
        "explain",
        title=f"Query plans of the list pages ({database})",
        description=(
            "Every SELECT a list page runs, rendered once in-process with the page cache off, "
            "explained with EXPLAIN (ANALYZE, BUFFERS) on the bench database. index_backed: no "
            f"sequential scan of a table of more than {args.small} rows. Times are the "
            "database's execution times; the full plan of each page's slowest statement is in "
            "results/explain-plans.md."
        ),
        parameters={"database": database, "small_table_rows": args.small},
        rows=rows,
        targets=targets,
    )
    text = [f"# Slowest statement of each list page, {database}", ""]
    for name, plan in plans:
        text += [f"## {name}", "", "```", plan, "```", ""]
    (common.results_dir() / "explain-plans.md").write_text("\n".join(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
