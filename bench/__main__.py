"""Run every benchmark part in order, each in its own process, then write the combined table.

`python -m bench [--quick] [--only pages,newsletter]`. A part that cannot measure (a service is
down, the build fails) stops the run with its exit code; a missed target does not: the table shows
it.
"""

import argparse
import subprocess
import sys
from pathlib import Path

from bench import common, report

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="tiny scale, to check the command runs"
    )
    parser.add_argument("--only", help="comma-separated parts to run: " + ", ".join(common.PARTS))
    args = parser.parse_args(argv)

    parts = common.PARTS
    if args.only:
        parts = tuple(part.strip() for part in args.only.split(","))
        unknown = set(parts) - set(common.PARTS)
        if unknown:
            parser.error(f"unknown parts: {', '.join(sorted(unknown))}")

    for part in parts:
        command = [sys.executable, "-m", f"bench.{part}"] + (["--quick"] if args.quick else [])
        print(f"bench: {' '.join(command[1:])}", flush=True)
        finished = subprocess.run(command, cwd=ROOT)
        if finished.returncode != 0:
            print(f"bench: {part} could not measure (exit {finished.returncode})", file=sys.stderr)
            return finished.returncode

    summary = report.write_summary()
    print(f"bench: table written to {summary.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
