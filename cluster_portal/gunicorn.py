"""gunicorn's settings for the portal's web processes (the Dockerfile and docker-compose use them).

gunicorn sits behind a reverse proxy that reads whole requests first (deploy/nginx): a client that
sends its body one byte a second holds a proxy connection, never one of these workers. Threads let
one process serve several requests waiting on the database at once.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer is a fault; the worker is replaced and the proxy answers 502.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so no slow leak grows without bound.
max_requests = 2000
max_requests_jitter = 200
limit_request_line = 8190
limit_request_fields = 100
# Only the proxy reaches gunicorn (it is not published): trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "*")
accesslog = "-"
errorlog = "-"
