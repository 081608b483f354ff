"""Pin uv in tools/uv-requirements.txt to a version, with the hash of every file PyPI has for it.

`make upgrade` runs it with PyPI's newest version; `python tools/uv_pin.py 0.13.9` pins a given one.
"""

import json
import sys
import urllib.request
from pathlib import Path

PYPI = "https://pypi.org/pypi/uv/json"
TARGET = Path(__file__).with_name("uv-requirements.txt")


def main() -> None:
    with urllib.request.urlopen(PYPI, timeout=60) as response:
        project = json.load(response)
    version = sys.argv[1] if len(sys.argv) > 1 else project["info"]["version"]
    hashes = sorted(file["digests"]["sha256"] for file in project["releases"][version])
    lines = [
        "# uv, which installs everything else exactly as uv.lock pins it. The Makefile and",
        "# the Dockerfile install it from here with --require-hashes; tools/uv_pin.py writes it.",
        f"uv=={version} \\",
        " \\\n".join(f"    --hash=sha256:{digest}" for digest in hashes),
    ]
    TARGET.write_text("\n".join(lines) + "\n")
    print(f"uv pinned to {version} ({len(hashes)} files)")


if __name__ == "__main__":
    main()
