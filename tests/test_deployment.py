"""The portal started as production starts it survives clients that send one byte a second.

gunicorn runs with cluster_portal/gunicorn.py and the production settings, behind nginx with the
same deploy/nginx/portal.conf that docker-compose mounts. Slow clients hold nginx connections
while /healthz keeps answering. The same clients sent straight to gunicorn's sync workers (as the
old docker-compose published them) take the site down: that is what the proxy is there for.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.celery_workers import database_url_for_tests
from tests.network import free_port

from .conftest import _missing

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
SLOW_CLIENTS = 12
SLOW_SECONDS = 8
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _healthz_status(url, timeout=3):
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def _wait_until_up(url, process, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited early:\n{log.read_text()}")
        status = _healthz_status(url, timeout=2)
        if status == 200:
            return
        time.sleep(0.3)
    _stop(process)
    pytest.fail(f"/healthz answered {status}:\n{log.read_text()}")


def _start(command, *, log, environment=None):
    with log.open("w") as output:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def production_environment():
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "cluster_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: the TLS redirect would answer /healthz with 301.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url_for_tests(),
        "REDIS_URL": settings.REDIS_URL.rsplit("/", 1)[0] + "/10",
        "WEB_CONCURRENCY": "2",
    }


def _gunicorn(directory, environment, *extra):
    port = free_port()
    log = directory / f"gunicorn-{port}.log"
    process = _start(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cluster_portal.wsgi:application",
            "--config",
            "cluster_portal/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
            *extra,
        ],
        log=log,
        environment=environment,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_until_up(url, process, log)
    return process, url, port


def _nginx(directory, upstream_port):
    if not os.path.exists(NGINX):
        _missing("needs nginx in front of gunicorn: apt-get install -y nginx-light")
    port = free_port()
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / name).mkdir(exist_ok=True)
    config = directory / "nginx.conf"
    config.write_text(
        f"""
pid {directory / "nginx.pid"};
error_log {directory / "nginx-error.log"} warn;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {directory / "body"};
    proxy_temp_path {directory / "proxy"};
    fastcgi_temp_path {directory / "fastcgi"};
    uwsgi_temp_path {directory / "uwsgi"};
    scgi_temp_path {directory / "scgi"};
    upstream portal_web {{ server 127.0.0.1:{upstream_port}; keepalive 8; }}
    server {{
        listen 127.0.0.1:{port};
        include {ROOT / "deploy" / "nginx" / "portal.conf"};
    }}
}}
"""
    )
    log = directory / "nginx.log"
    process = _start([NGINX, "-c", str(config), "-p", str(directory), "-g", "daemon off;"], log=log)
    url = f"http://127.0.0.1:{port}"
    _wait_until_up(url, process, log)
    return process, url, port


def _slow_client(port, stop):
    """Announce a 10 kB form and send it one byte a second until told to stop."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(
            b"POST /pl/newsletter/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n"
        )
        while not stop.is_set():
            try:
                connection.sendall(b"a")
            except OSError:
                return
            stop.wait(1)


def _health_while_slow_clients_hang_on(target_port, probe_url):
    stop = threading.Event()
    clients = [
        threading.Thread(target=_slow_client, args=(target_port, stop), daemon=True)
        for _ in range(SLOW_CLIENTS)
    ]
    for client in clients:
        client.start()
    time.sleep(1)  # every slow client has sent its headers
    statuses = []
    deadline = time.monotonic() + SLOW_SECONDS
    while time.monotonic() < deadline:
        statuses.append(_healthz_status(probe_url))
        time.sleep(0.5)
    stop.set()
    for client in clients:
        client.join(timeout=10)
    return statuses


def test_health_keeps_answering_through_the_proxy_while_slow_clients_hang_on(
    production_environment, tmp_path
):
    gunicorn, _gunicorn_url, gunicorn_port = _gunicorn(tmp_path, production_environment)
    try:
        nginx, nginx_url, nginx_port = _nginx(tmp_path, gunicorn_port)
        try:
            statuses = _health_while_slow_clients_hang_on(nginx_port, nginx_url)
        finally:
            _stop(nginx)
    finally:
        _stop(gunicorn)

    assert len(statuses) >= 10
    assert set(statuses) == {200}, statuses


def test_sync_workers_published_directly_are_taken_down_by_the_same_slow_clients(
    production_environment, tmp_path
):
    """The control: what the old docker-compose did, and why the proxy is in front now."""
    gunicorn, gunicorn_url, gunicorn_port = _gunicorn(
        tmp_path, production_environment, "--worker-class", "sync"
    )
    try:
        statuses = _health_while_slow_clients_hang_on(gunicorn_port, gunicorn_url)
    finally:
        _stop(gunicorn)

    assert None in statuses
