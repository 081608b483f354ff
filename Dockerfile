# One image for the web server, the Celery worker and the Celery beat scheduler.
# Python 3.11 as .python-version pins it; dependencies exactly as uv.lock pins them.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    PATH=/opt/venv/bin:$PATH

# Pango, HarfBuzz's subsetter and a font with Polish, German, French and Russian letters for
# WeasyPrint's PDFs; gettext to compile the translation catalogues.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# uv from its hash-pinned requirement, then the locked dependencies: a layer that changes only
# when the lock does.
COPY tools/uv-requirements.txt tools/uv-requirements.txt
RUN pip install --require-hashes --no-deps -r tools/uv-requirements.txt
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --locked --no-cache --python /usr/local/bin/python3.11

COPY . .
# The uploads volume is mounted on var/media and takes that directory's owner when first created.
# Static files are collected into the image, so every web replica has their manifest; the `setup`
# service copies them into the volume the proxy serves them from.
RUN DJANGO_SETTINGS_MODULE=cluster_portal.settings.local python manage.py compilemessages \
        --ignore=.venv \
    && DJANGO_SETTINGS_MODULE=cluster_portal.settings.production DJANGO_SINGLE_HOST=true \
        DJANGO_SECRET_KEY=image-build-only DJANGO_ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 --no-create-home --home-dir /app portal \
    && mkdir -p /app/var/media /app/var/private /app/var/static /app/var/celerybeat \
    && chown -R portal:portal /app/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "cluster_portal.wsgi:application", "--config", "cluster_portal/gunicorn.py"]
