"""Combine the parts' results into bench/results/summary.md and summary.json, with the machine."""

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
PART_ORDER = (
    "data",
    "explain",
    "pages",
    "registration",
    "newsletter",
    "pdfs",
    "cooperation",
    "search",
)


def _command_output(*command):
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return finished.stdout.strip() or None


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def machine():
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": _command_output(
            "psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "show server_version"
        ),
        "redis": _command_output("redis-server", "--version"),
    }


def _load_parts():
    parts = []
    for name in PART_ORDER:
        path = RESULTS / f"{name}.json"
        if path.exists():
            parts.append((name, json.loads(path.read_text()), (RESULTS / f"{name}.md").read_text()))
    return parts


def _targets_table(parts):
    lines = ["| part | target | value | met | what limits it |", "|---|---|---|---|---|"]
    for name, result, _ in parts:
        for target in result.get("targets", []):
            met = "✔" if target.get("met") else "✘"
            lines.append(
                f"| {name} | {target['name']}: {target['target']} | {target['value']} | {met} "
                f"| {target.get('limited_by') or ''} |"
            )
    return "\n".join(lines)


def _write_atomically(path, text):
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text)
    temporary.replace(path)


def write_summary():
    parts = _load_parts()
    about = machine()
    taken = datetime.now(UTC).replace(microsecond=0).isoformat()
    machine_line = (
        f"{about['cpu']}, {about['cores']} cores, {about['memory_gib']} GiB; {about['os']}; "
        f"Python {about['python']}; PostgreSQL {about['postgresql']}; {about['redis']}"
    )
    sections = [
        "## Benchmark results",
        f"Taken {taken} on: {machine_line}.",
        "### Targets",
        _targets_table(parts),
    ] + [markdown.strip() for _, _, markdown in parts]
    summary = RESULTS / "summary.md"
    _write_atomically(summary, "\n\n".join(sections) + "\n")
    _write_atomically(
        RESULTS / "summary.json",
        json.dumps(
            {
                "taken_at": taken,
                "machine": about,
                "parts": {name: result for name, result, _ in parts},
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
    )
    return summary


if __name__ == "__main__":
    print(write_summary())
