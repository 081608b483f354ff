"""A first run on a fresh machine: e-mail links follow the port served, the console stays readable.

The development server runs as `make run` starts it, in a subprocess with the local settings and a
database of its own, and a password-reset e-mail is asked for through the page a person would use.
"""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.conf import settings

from tests.network import free_port


@pytest.fixture
def local_environment(tmp_path):
    """A clean environment with the local settings and nothing configured but a database."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "cluster_portal.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "PYTHONUNBUFFERED": "1",
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert manage("migrate", "--noinput").returncode == 0
    created = manage(
        "shell",
        "-c",
        "from accounts.models import User; from allauth.account.models import EmailAddress; "
        "user = User.objects.create_user(email='anna@example.com', password='Dluga-Fraza-2026'); "
        "EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)",
    )
    assert created.returncode == 0, created.stderr
    return environment


def _wait_for(url, *, process, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"runserver exited:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"runserver did not answer:\n{log.read_text()}")


def test_links_in_emails_lead_to_the_port_runserver_serves(local_environment, tmp_path):
    port = free_port()
    log = tmp_path / "runserver.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=settings.BASE_DIR,
            env=local_environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        reset_page = f"http://127.0.0.1:{port}/pl/accounts/password/reset/"
        _wait_for(reset_page, process=server, log=log)
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        page = browser.open(reset_page, timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "email": "anna@example.com"})
        browser.open(reset_page, data=form.encode(), timeout=30)

        deadline = time.monotonic() + 30
        while "/password/reset/key/" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=20)
    console = log.read_text()
    links = re.findall(r"https?://[^\s\"<>]+/password/reset/key/\S+", console)
    assert links, console
    assert all(link.startswith(f"http://127.0.0.1:{port}/") for link in links)


def test_the_console_shows_no_line_per_task_nor_a_lockout_banner(local_environment):
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=settings.BASE_DIR,
        env={**local_environment, "SITE_URL": "http://127.0.0.1:8101"},
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stderr
    console = result.stdout + result.stderr
    assert "succeeded in" not in console
    assert "AXES:" not in console
    assert "fontTools" not in console
    assert console.rstrip().endswith("Open http://127.0.0.1:8101/pl/")
    assert "http://127.0.0.1:8101/pl/panel/" in console
