"""docker-compose.yml: the five services, commands that point at code that exists, shared image."""

import importlib
import shlex
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.conf import settings
from django.core.management import get_commands

COMPOSE_FILE = Path(settings.BASE_DIR) / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def _command_lines(command):
    """Split a service's command into the argument lists of the programs it runs."""
    if isinstance(command, list) and command[:2] == ["sh", "-c"]:
        command = command[2]
    if isinstance(command, list):
        return [command]
    lines = []
    for part in command.split("&&"):
        argv = shlex.split(part)
        if argv and argv[0] == "exec":
            argv = argv[1:]
        lines.append(argv)
    return lines


def _check_program(argv):
    program = argv[0]
    if program == "python":
        assert argv[1] == "manage.py"
        assert argv[2] in get_commands(), f"no management command {argv[2]!r}"
    elif program == "gunicorn":
        module_name, attribute = next(arg for arg in argv[1:] if ":" in arg).split(":")
        module = importlib.import_module(module_name)
        assert callable(getattr(module, attribute)), f"{module_name} has no {attribute}"
    elif program == "celery":
        app_name = argv[argv.index("-A") + 1]
        importlib.import_module(app_name)
        assert isinstance(find_app(app_name), Celery)
        assert argv[argv.index("-A") + 2] in {"worker", "beat"}
    else:
        pytest.fail(f"unexpected program {program!r}")
    return program


def test_it_declares_the_five_services(services):
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}


@pytest.mark.parametrize("service", APP_SERVICES)
def test_each_command_points_at_code_that_exists(services, service):
    programs = [_check_program(argv) for argv in _command_lines(services[service]["command"])]

    assert programs


def test_web_migrates_and_collects_static_files_before_gunicorn_starts(services):
    lines = _command_lines(services["web"]["command"])

    assert [argv[:3] for argv in lines[:2]] == [
        ["python", "manage.py", "migrate"],
        ["python", "manage.py", "collectstatic"],
    ]
    assert lines[-1][:2] == ["gunicorn", "cluster_portal.wsgi:application"]


def test_worker_and_beat_run_the_portals_celery_app(services):
    assert _command_lines(services["worker"]["command"])[0][:4] == [
        "celery",
        "-A",
        "cluster_portal",
        "worker",
    ]
    assert _command_lines(services["beat"]["command"])[0][:4] == [
        "celery",
        "-A",
        "cluster_portal",
        "beat",
    ]


def test_the_app_services_share_one_image_definition(compose, services):
    shared = compose["x-app"]

    for service in APP_SERVICES:
        assert services[service]["build"] == shared["build"]
        assert services[service]["image"] == shared["image"]
        assert services[service]["environment"] == shared["environment"]
    assert (Path(settings.BASE_DIR) / shared["build"] / "Dockerfile").exists()


def test_the_app_services_use_production_settings_postgres_and_redis(compose):
    environment = compose["x-app"]["environment"]

    assert environment["DJANGO_SETTINGS_MODULE"] == "cluster_portal.settings.production"
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")
    assert environment["MEDIA_ROOT"] == "/app/var/media"
    for required in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
        assert ":?" in environment[required], f"{required} must be required, not defaulted"


def test_the_uploads_volume_is_mounted_in_web_and_worker(compose, services):
    assert "uploads" in compose["volumes"]
    for service in ("web", "worker"):
        assert "uploads:/app/var/media" in services[service]["volumes"]


def test_the_app_services_wait_for_healthy_postgres_and_redis(services):
    for service in APP_SERVICES:
        depends_on = services[service]["depends_on"]
        assert depends_on["postgres"]["condition"] == "service_healthy"
        assert depends_on["redis"]["condition"] == "service_healthy"


def test_postgres_and_redis_have_health_checks_and_keep_their_data(compose, services):
    assert services["postgres"]["image"] == "postgres:16"
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["image"] == "redis:7"
    assert services["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert {"postgres-data", "redis-data"} <= set(compose["volumes"])


def test_private_documents_are_shared_by_web_and_worker(compose, services):
    assert services["web"]["environment"]["PRIVATE_MEDIA_ROOT"] == "/app/var/private"
    assert "private-documents" in compose["volumes"]
    for service in ("web", "worker"):
        assert "private-documents:/app/var/private" in services[service]["volumes"]
