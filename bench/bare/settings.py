"""The least a Django project is: one view, no database, no sessions, Django's default middleware
that needs neither (security and common), DEBUG off. Served by the same gunicorn as the portal."""

SECRET_KEY = "bench-bare-django-only-never-used-anywhere-else-0123456789"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare.urls"
WSGI_APPLICATION = "bench.bare.wsgi.application"
INSTALLED_APPS = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
DATABASES = {}
USE_TZ = True
LOGGING_CONFIG = None
