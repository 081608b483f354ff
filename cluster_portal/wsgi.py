"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_portal.settings.production")

application = get_wsgi_application()
# What start-up allocated (modules, settings, the URLconf) lives as long as the process: moving it
# out of the collector's generations spares every later collection from scanning it again.
gc.freeze()
