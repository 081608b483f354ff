"""Combine the parts' results into bench/results/summary.md and summary.json, with the machine."""

import json
import subprocess

from bench import common


def _command_output(*command):
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return finished.stdout.strip() or None


def machine():
    """The machine, with the versions of the PostgreSQL and Redis servers the parts ran against."""
    return {
        **common.machine(),
        "postgresql": _command_output(
            "psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "show server_version"
        ),
        "redis": _command_output("redis-server", "--version"),
    }


def _load_parts(directory):
    parts = []
    for name in common.PARTS:
        path = directory / f"{name}.json"
        if path.exists():
            markdown = (directory / f"{name}.md").read_text()
            parts.append((name, json.loads(path.read_text()), markdown))
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


def write_summary():
    directory = common.results_dir()
    parts = _load_parts(directory)
    about = machine()
    taken = common.now_iso()
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
    summary = directory / "summary.md"
    common.write_atomically(summary, "\n\n".join(sections) + "\n")
    common.write_atomically(
        directory / "summary.json",
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
