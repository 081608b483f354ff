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
APP_SERVICES = ("setup", "web", "worker", "beat")


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


def test_it_declares_a_proxy_replicated_web_and_workers_one_beat_and_the_shared_state(services):
    assert set(services) == {
        "setup",
        "web",
        "worker",
        "beat",
        "proxy",
        "postgres",
        "redis",
        "objects",
    }
    assert services["web"]["deploy"]["replicas"] >= 2
    assert services["worker"]["deploy"]["replicas"] >= 1
    assert services["beat"]["deploy"]["replicas"] == 1


@pytest.mark.parametrize("service", APP_SERVICES)
def test_each_command_points_at_code_that_exists(services, service):
    programs = [_check_program(argv) for argv in _command_lines(services[service]["command"])]

    assert programs


def test_setup_migrates_collects_static_files_and_prepares_the_buckets_once(services):
    lines = _command_lines(services["setup"]["command"])

    assert [argv[:3] for argv in lines] == [
        ["python", "manage.py", "migrate"],
        ["python", "manage.py", "collectstatic"],
        ["python", "manage.py", "storage_prepare"],
    ]
    assert services["setup"]["restart"] == "no"
    for service in ("web", "worker", "beat"):
        condition = services[service]["depends_on"]["setup"]["condition"]
        assert condition == "service_completed_successfully"


def test_web_runs_gunicorn_with_the_portals_configuration_and_is_not_published(services):
    [argv] = _command_lines(services["web"]["command"])

    assert argv[:2] == ["gunicorn", "cluster_portal.wsgi:application"]
    config = Path(settings.BASE_DIR) / argv[argv.index("--config") + 1]
    assert config.exists()
    assert 'worker_class = "gthread"' in config.read_text()
    assert "ports" not in services["web"]
    assert "healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_only_the_proxy_is_published_and_its_configuration_is_in_the_repository(services):
    published = [name for name, service in services.items() if service.get("ports")]
    proxy = services["proxy"]

    assert published == ["proxy"]
    assert sorted(proxy["ports"]) == ["443:443", "80:80"]
    assert proxy["image"].startswith("nginx:")
    for volume in proxy["volumes"]:
        source = volume.split(":")[0]
        if source.startswith("./"):
            assert (Path(settings.BASE_DIR) / source).exists(), source
    assert "static:/srv/static:ro" in proxy["volumes"]


def test_the_proxy_buffers_bodies_serves_static_files_and_terminates_tls():
    deploy = Path(settings.BASE_DIR) / "deploy" / "nginx"
    main = (deploy / "nginx.conf").read_text()
    portal = (deploy / "portal.conf").read_text()

    assert "proxy_request_buffering on;" in portal
    assert "client_body_timeout" in portal
    assert "proxy_pass http://portal_web;" in portal
    assert "server web:8000 resolve;" in main
    assert "listen 443 ssl;" in main
    assert "alias /srv/static/;" in main
    assert "include /etc/nginx/portal.conf;" in main


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


def test_the_app_services_use_production_settings_postgres_redis_and_the_object_store(compose):
    environment = compose["x-app"]["environment"]

    assert environment["DJANGO_SETTINGS_MODULE"] == "cluster_portal.settings.production"
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")
    assert environment["STORAGE_S3_ENDPOINT_URL"] == "http://objects:8333"
    assert environment["STORAGE_S3_BUCKET"] != environment["STORAGE_S3_PRIVATE_BUCKET"]
    for required in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "STORAGE_S3_SECRET_ACCESS_KEY"):
        assert ":?" in environment[required], f"{required} must be required, not defaulted"


def test_no_app_service_keeps_files_on_its_own_disk(services):
    """Uploads and documents are in the object store: web and worker replicas share no volume."""
    for service in ("web", "worker", "beat"):
        assert not services[service].get("volumes")


def test_the_app_services_wait_for_healthy_postgres_redis_and_object_store(compose):
    depends_on = compose["x-app"]["depends_on"]

    for state in ("postgres", "redis", "objects"):
        assert depends_on[state]["condition"] == "service_healthy"


def test_postgres_and_redis_have_health_checks_and_keep_their_data(compose, services):
    assert services["postgres"]["image"] == "postgres:16"
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["image"] == "redis:7"
    assert services["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert {"postgres-data", "redis-data", "object-data"} <= set(compose["volumes"])


def test_the_object_store_keeps_its_data_and_its_identities_come_from_the_repository(services):
    objects = services["objects"]

    assert "object-data:/data" in objects["volumes"]
    assert "-s3" in objects["command"]
    assert (Path(settings.BASE_DIR) / "deploy" / "seaweedfs" / "s3.json").exists()
