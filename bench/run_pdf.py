#!/usr/bin/env python
"""Time resolution PDF rendering: `python bench/run_pdf.py [--runs 20] [--voters 150]`.

Runs the `bench_resolution_pdf` management command on throw-away data (rolled back) and writes
bench/results/resolution_pdf.json and bench/results/resolution_pdf.md.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_portal.settings.local")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("bench_resolution_pdf", *sys.argv[1:])
