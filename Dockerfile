# One image for the web server, the Celery worker and the Celery beat scheduler.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango and a font with Polish, German, French and Russian letters for WeasyPrint's PDFs;
# gettext to compile the translation catalogues.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
# The uploads volume is mounted on var/media and takes that directory's owner when first created.
RUN pip install . \
    && DJANGO_SETTINGS_MODULE=cluster_portal.settings.local python manage.py compilemessages \
    && useradd --system --uid 1000 --no-create-home --home-dir /app portal \
    && mkdir -p /app/var/media /app/var/static /app/var/celerybeat \
    && chown -R portal:portal /app/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "cluster_portal.wsgi:application", "--bind", "0.0.0.0:8000"]
