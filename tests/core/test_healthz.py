"""GET /healthz: the state of the database, the cache and the broker; 503 when one is down."""

import pytest

from cluster_portal.celery import app as celery_app

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def celery_conf():
    """Change the Celery app's configuration for one test and put it back afterwards."""
    saved = {}

    def change(**values):
        for key, value in values.items():
            saved.setdefault(key, celery_app.conf[key])
            celery_app.conf[key] = value

    yield change
    for key, value in saved.items():
        celery_app.conf[key] = value


@pytest.mark.django_db
def test_it_answers_ok_when_every_service_is_up(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["cache"]["ok"] is True
    assert body["broker"]["ok"] is True


@pytest.mark.django_db
def test_it_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_rejects_post(client):
    assert client.post("/healthz").status_code == 405


def test_it_answers_503_when_the_database_refuses_connections(client, django_db_blocker):
    with django_db_blocker.block():
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"] == {"ok": False, "error": "RuntimeError"}
    assert body["cache"]["ok"] is True


@pytest.mark.django_db
def test_it_answers_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["cache"]["ok"] is False
    assert body["cache"]["error"]
    assert body["database"]["ok"] is True


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_unreachable(client, celery_conf):
    celery_conf(task_always_eager=False, broker_url=UNREACHABLE_REDIS)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["broker"]["ok"] is False
    assert body["database"]["ok"] is True


@pytest.mark.redis
@pytest.mark.django_db
def test_it_reaches_a_real_redis_broker(client, settings, celery_conf):
    celery_conf(task_always_eager=False, broker_url=settings.REDIS_URL)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["broker"]["ok"] is True
    assert response.json()["broker"]["broker"] != "eager (tasks run in the web process)"
