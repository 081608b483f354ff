"""Settings shared by every environment.

Everything that differs between machines comes from the environment through the one `env` reader.
With nothing configured the portal runs on SQLite, runs Celery tasks eagerly and prints e-mail to
the console; `DATABASE_URL` and `REDIS_URL` switch it to PostgreSQL and a Redis broker.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from .storage import local_storages, object_storages, public_media_origins

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

CLUSTER_NAME = env("CLUSTER_NAME", default="Klaster Demo")
# `seed_demo` creates accounts with a published password; production turns it off.
SEED_DEMO_ALLOWED = env.bool("SEED_DEMO_ALLOWED", default=True)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it goes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before whitenoise's: core's `runserver` makes e-mail links follow the address served.
    "core",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "django_countries",
    "csp",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "members",
    "resolutions",
    "events",
    "agreements",
    "news",
    "cooperation",
    "projects",
    "elections",
    "meetings",
    "fees",
    "surveys",
    "documents",
    "reports",
    "webhooks",
    "privacy",
    "search",
    "api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The shell: home page, the panel's dashboard and navigation; it composes every app above.
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, which puts each visitor's own token into a cached page: this sets the
    # cookie that goes with it.
    "django.middleware.csrf.CsrfViewMiddleware",
    # A cached page skips everything below: a visitor without a session needs none of it, and the
    # headers those layers add are stored with the page and sent again.
    "core.page_cache.AnonymousPageCacheMiddleware",
    # Below the page cache: a stored page keeps its policy header (it is stored only when no nonce
    # was used, so the header is the same for everyone), and a page served from the cache does not
    # build the policy again. Static files (WhiteNoise, above) go without the header: they are the
    # portal's own CSS, fonts and images, never a document that runs a script.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    # After the idle check, so an ended session is not asked for two-factor authentication.
    "accounts.middleware.RequiredMFAMiddleware",
    # axes asks to be last.
    "axes.middleware.AxesMiddleware",
]
# How long a public page served to anonymous visitors may be reused; any change of content
# empties the cache at once, so this bounds only changes made by the clock (core/page_cache.py).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
# Pages rendered this soon after a change are not stored: they may predate its commit.
PAGE_CACHE_QUIET_SECONDS = env.int("PAGE_CACHE_QUIET_SECONDS", default=10)

ROOT_URLCONF = "cluster_portal.urls"
WSGI_APPLICATION = "cluster_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The portal's queries are short. PostgreSQL compiles any query whose estimated cost is high
    # with JIT, and spent 2 s doing so for a search that then ran in 50 ms: off, unless the
    # database URL sets its own `options`.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker -------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cluster_portal",
        }
    }
else:
    # A file cache is shared by every process of the portal, so rate limits hold without Redis.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(BASE_DIR / "var" / "cache"),
        }
    }
# Each process's memory of the fragments and values kept under a content version
# (`core.page_cache.versioned_get`): a hit costs no round trip to the shared cache. An entry of an
# older version is never asked for again; it leaves when its time is up or room is needed.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "versioned",
    "TIMEOUT": PAGE_CACHE_SECONDS,
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# Eager tasks never reach a broker; the in-memory one is named with a host so kombu need not guess.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "Europe/Warsaw"
CELERY_BEAT_SCHEDULE = {
    "send-pending-emails": {
        "task": "core.tasks.email_send_pending",
        "schedule": timedelta(minutes=1),
    },
    "expire-stale-invitations": {
        "task": "accounts.tasks.invitations_expire",
        "schedule": crontab(minute=15, hour=3),
    },
    "close-votes-at-the-end-of-their-window": {
        "task": "resolutions.tasks.votes_close_due",
        "schedule": timedelta(minutes=1),
    },
    "close-elections-at-the-end-of-their-window": {
        "task": "elections.tasks.elections_close_due",
        "schedule": timedelta(minutes=1),
    },
    "remind-voters-a-day-before-closing": {
        "task": "resolutions.tasks.vote_reminders_send",
        "schedule": timedelta(minutes=15),
    },
    "remind-registrants-a-day-before-an-event": {
        "task": "events.tasks.event_reminders_send",
        "schedule": timedelta(minutes=15),
    },
    "send-due-webhook-deliveries": {
        "task": "webhooks.tasks.deliveries_sweep",
        "schedule": timedelta(minutes=1),
    },
    "remind-members-before-a-survey-closes": {
        "task": "surveys.tasks.survey_reminders_send",
        "schedule": crontab(minute=0, hour=8),
    },
    "expire-cooperation-posts-past-their-validity": {
        "task": "cooperation.tasks.posts_expire",
        "schedule": crontab(minute=10, hour=0),
    },
    "send-the-weekly-digest-of-matching-posts": {
        "task": "cooperation.tasks.match_digest_send",
        "schedule": crontab(minute=30, hour=7, day_of_week="mon"),
    },
    "expire-agreements-past-their-end": {
        "task": "agreements.tasks.agreements_expire",
        "schedule": crontab(minute=5, hour=0),
    },
    "remind-coordinators-of-expiring-agreements": {
        "task": "agreements.tasks.expiry_reminders_send",
        "schedule": crontab(minute=0, hour=7),
    },
    "refresh-the-search-index": {
        "task": "search.tasks.search_index_refresh",
        "schedule": timedelta(minutes=5),
    },
    "rebuild-the-search-index": {
        "task": "search.tasks.search_index_rebuild",
        "schedule": crontab(minute=40, hour=3),
    },
    "resume-stalled-fee-billing-runs": {
        "task": "fees.tasks.billing_runs_resume",
        "schedule": timedelta(minutes=10),
    },
    "render-missing-fee-documents": {
        "task": "fees.tasks.fee_documents_render_missing",
        "schedule": timedelta(minutes=15),
    },
    "publish-scheduled-articles": {
        "task": "news.tasks.articles_publish_due",
        "schedule": timedelta(minutes=1),
    },
    "send-newsletter-campaigns-due": {
        "task": "news.tasks.campaigns_send_due",
        "schedule": timedelta(minutes=1),
    },
    "remind-members-of-fees-due-and-overdue": {
        "task": "fees.tasks.fee_reminders_send",
        "schedule": crontab(minute=20, hour=8),
    },
    "remind-of-meetings-two-days-before": {
        "task": "meetings.tasks.meeting_reminders_send",
        "schedule": timedelta(minutes=15),
    },
    "remind-of-funding-call-deadlines": {
        "task": "projects.tasks.call_reminders_send",
        "schedule": crontab(minute=30, hour=7),
    },
    "apply-personal-data-retention": {
        "task": "privacy.tasks.retention_run",
        "schedule": crontab(minute=40, hour=2),
    },
    "remind-coordinators-of-expiring-cluster-labels": {
        "task": "reports.tasks.label_reminders_send",
        "schedule": crontab(minute=40, hour=7),
    },
    "record-the-indicators-daily-values": {
        "task": "reports.tasks.indicator_values_snapshot",
        "schedule": crontab(minute=20, hour=1),
    },
}

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Refuses every attempt for a locked-out (e-mail, IP) before a password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_RATE_LIMITS = {
    # Every login from one address, right or wrong: a brake on credential stuffing that people
    # sharing one address (a university behind NAT) do not reach by mistyping.
    "login": "30/m/ip",
    # Failures count per e-mail, and axes locks the (e-mail, IP) pair: nothing here counts one
    # address's failures, so one person's typos never lock out another behind the same NAT.
    "login_failed": "5/5m/key",
    # A reset mails the address typed: a few an hour per address and per client, so nobody can
    # flood a mailbox through the portal (as core.mail_limits holds the visitors' forms).
    "reset_password": "20/h/ip,3/h/key",
    "confirm_email": "1/3m/key",
}
# Re-authentication before a sensitive change asks for the password or the authenticator, never a
# code sent by e-mail: a mailbox alone must not stand in for either (allauth 65.22 added "code").
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_FORMS = {"change_password": "accounts.forms.PortalChangePasswordForm"}
# Accounts come by invitation; a cluster that wants open sign-up turns this on.
ACCOUNT_ALLOW_SIGNUP = env.bool("ACCOUNT_ALLOW_SIGNUP", default=False)
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

# Two-factor authentication: an authenticator app, with recovery codes for a lost phone.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "accounts.security.PortalMFAAdapter"
MFA_TOTP_ISSUER = CLUSTER_NAME
# Coordinators, superusers and admin staff see and change everything, and the council chair
# changes governance records: they must turn on an authenticator app first.
MFA_REQUIRED_FOR_COORDINATORS = env.bool("MFA_REQUIRED_FOR_COORDINATORS", default=True)

# Lock out an (e-mail, IP) pair after repeated failures on any login form: allauth's, the
# admin's, re-authentication and password change. allauth's rate limits hold per e-mail besides;
# both refuse with the same 429 page (accounts.views.lockout).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "login", "email"]
# No start-up banner in every process; lockouts are logged as warnings.
AXES_VERBOSE = False

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [
    ("pl", _("Polish")),
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers chosen for each language on purpose (see the modules), not left to Django.
FORMAT_MODULE_PATH = ["cluster_portal.formats"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "pl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("pl",)

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
# Uploads and generated documents live on this host's disk unless S3-compatible object storage
# is configured; with it, any number of web and worker hosts share them (README, "Files").
STORAGE_S3_BUCKET = env("STORAGE_S3_BUCKET", default="")
STORAGE_S3_ENDPOINT_URL = env("STORAGE_S3_ENDPOINT_URL", default="")
STORAGE_S3_PUBLIC_URL = env("STORAGE_S3_PUBLIC_URL", default="")
if STORAGE_S3_BUCKET:
    _file_storages = object_storages(
        public_bucket=STORAGE_S3_BUCKET,
        private_bucket=env("STORAGE_S3_PRIVATE_BUCKET", default="") or STORAGE_S3_BUCKET,
        endpoint_url=STORAGE_S3_ENDPOINT_URL,
        region=env("STORAGE_S3_REGION", default="us-east-1"),
        access_key=env("STORAGE_S3_ACCESS_KEY_ID", default=""),
        secret_key=env("STORAGE_S3_SECRET_ACCESS_KEY", default=""),
        public_url=STORAGE_S3_PUBLIC_URL,
        signed_url_seconds=env.int("STORAGE_S3_SIGNED_URL_SECONDS", default=300),
        addressing_style=env("STORAGE_S3_ADDRESSING_STYLE", default="path"),
    )
    # Where browsers fetch public uploads from, for the Content-Security-Policy.
    PUBLIC_MEDIA_ORIGINS = public_media_origins(
        public_url=STORAGE_S3_PUBLIC_URL, endpoint_url=STORAGE_S3_ENDPOINT_URL
    )
else:
    _file_storages = local_storages(private_root=PRIVATE_MEDIA_ROOT)
    PUBLIC_MEDIA_ORIGINS = []
STORAGES = {
    # "default" holds what anyone may see; "private" documents only some users may read (signed
    # scans, proxies, attachments, generated PDFs), which leave through views that check who asks.
    **_file_storages,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
LOGO_MAX_BYTES = 2 * 1024 * 1024
AGREEMENT_SCAN_MAX_BYTES = env.int("AGREEMENT_SCAN_MAX_BYTES", default=10 * 1024 * 1024)
# Uploads are judged by their content (core/uploads.py); these are their largest sizes.
COVER_IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 25_000_000
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Fees' payments (issue 17): bank statements are refused above this size; a statement with more
# credits than FEES_STATEMENT_INLINE_LINES is matched by a Celery task after its import. Reminders
# go from FEES_REMINDER_DAYS_BEFORE_DUE days before the due date, then the given days after it.
FEES_CURRENCY = "PLN"
FEES_STATEMENT_MAX_BYTES = env.int("FEES_STATEMENT_MAX_BYTES", default=5 * 1024 * 1024)
FEES_STATEMENT_INLINE_LINES = env.int("FEES_STATEMENT_INLINE_LINES", default=200)
FEES_REMINDER_DAYS_BEFORE_DUE = env.int("FEES_REMINDER_DAYS_BEFORE_DUE", default=3)
FEES_REMINDER_OVERDUE_DAYS = (
    env.int("FEES_REMINDER_FIRST_OVERDUE_DAYS", default=7),
    env.int("FEES_REMINDER_SECOND_OVERDUE_DAYS", default=30),
)
# Fees' billing (issue 17): KSeF, the national e-invoicing system. Sending is off unless
# KSEF_ENABLED is set with a token (issued in KSeF for the seller's NIP); the billing profile has
# its own switch too. KSEF_BASE_URL: https://api-test.ksef.mf.gov.pl (test),
# https://api-demo.ksef.mf.gov.pl (demo), https://api.ksef.mf.gov.pl (production).
KSEF_ENABLED = env.bool("KSEF_ENABLED", default=False)
KSEF_TOKEN = env("KSEF_TOKEN", default="")
KSEF_NIP = env("KSEF_NIP", default="")
KSEF_BASE_URL = env("KSEF_BASE_URL", default="https://api-test.ksef.mf.gov.pl")
# The document library's uploads (documents/).
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Klaster Demo <biuro@klaster.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_MAX_ATTEMPTS = 5
# Mail that a visitor's form sends to an address they typed (a guest's registration, a newsletter
# subscription, an application to join): at most this many per recipient address and per client
# address, over all those forms together (core/mail_limits.py). A count and a period in allauth's
# notation ("3/h", "20/30m"); empty turns a limit off.
MAIL_TO_ADDRESS_RATE_LIMIT = env("MAIL_TO_ADDRESS_RATE_LIMIT", default="3/h")
MAIL_FROM_CLIENT_RATE_LIMIT = env("MAIL_FROM_CLIENT_RATE_LIMIT", default="20/h")
# Newsletter sending: rows claimed per batch, and how long a claim holds before another worker
# may take the row over (its worker is presumed dead; the mail goes again with its Message-ID).
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=50)
NEWSLETTER_CLAIM_TIMEOUT = env.int("NEWSLETTER_CLAIM_TIMEOUT", default=600)
# Tasks a campaign starts with: they share its rows through SKIP LOCKED claims, so a worker with
# one process per core sends on every core.
NEWSLETTER_SENDERS = env.int("NEWSLETTER_SENDERS", default=2)

# Webhooks (issue 18): only public hosts over https, unless a developer allows their own network
# (local settings do, for a receiver on the same machine).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=False)
WEBHOOKS_TIMEOUT_SECONDS = env.int("WEBHOOKS_TIMEOUT_SECONDS", default=10)
# Seconds to wait after each failed try: about a day and a half in all, then the delivery fails.
WEBHOOKS_RETRY_DELAYS = env.list(
    "WEBHOOKS_RETRY_DELAYS", cast=int, default=[60, 300, 1800, 7200, 21600, 86400]
)
WEBHOOKS_SWEEP_BATCH = env.int("WEBHOOKS_SWEEP_BATCH", default=500)

# --- Personal data (README, "Personal data") ----------------------------------------------------
# How long a prepared copy of someone's data can be downloaded; then its file is deleted.
PRIVACY_EXPORT_DAYS = env.int("PRIVACY_EXPORT_DAYS", default=7)
# Newsletter sign-ups never confirmed are removed after this many days.
PRIVACY_UNCONFIRMED_SUBSCRIBER_DAYS = env.int("PRIVACY_UNCONFIRMED_SUBSCRIBER_DAYS", default=30)
# Guests' registrations (people outside the registry) are removed this long after the event.
PRIVACY_GUEST_REGISTRATION_DAYS = env.int("PRIVACY_GUEST_REGISTRATION_DAYS", default=365)

# --- Security defaults that hold everywhere -----------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# A session lasts at most SESSION_COOKIE_AGE from login and ends after SESSION_IDLE_TIMEOUT
# without a request (accounts.middleware.IdleSessionMiddleware).
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=60 * 60 * 2)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere: pages are cached whole, so none may carry a nonce; the
# nonce stays available for a future page that cannot be cached.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # allauth draws the authenticator's QR code as an SVG data URI; logos may come from the
        # object store's public address.
        "img-src": [SELF, "data:", *PUBLIC_MEDIA_ORIGINS],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- The REST API (api/, issue 18) ---------------------------------------------------------------
# Personal tokens first: a request without credentials to an endpoint that needs them answers 401
# with `WWW-Authenticate: Bearer`. A logged-in session works too (the docs' "Try it out"), with
# the page's CSRF check on writes.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.BoundedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PortalCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
# Requests per token, per logged-in user and per client address ("<count>/<s|m|h|d>").
API_RATE_LIMITS = {
    "token": env("API_RATE_LIMIT_TOKEN", default="600/m"),
    "user": env("API_RATE_LIMIT_USER", default="300/m"),
    "anonymous": env("API_RATE_LIMIT_ANONYMOUS", default="60/m"),
}
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=256 * 1024)
SPECTACULAR_SETTINGS = {
    "TITLE": "Cluster Portal API",
    "DESCRIPTION": (
        "The portal's REST API. Authenticate with `Authorization: Bearer <token>` (a personal "
        "token from your account); public lists answer without one. Translated texts come in "
        "the language of `?lang=` or Accept-Language, with Polish as the fallback."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]",
    # Swagger UI and Redoc from drf-spectacular-sidecar's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "cluster_portal.settings.base.LANGUAGES",
        "EventKindEnum": "events.models.Event.Kind",
        "EventStatusEnum": "events.models.Event.Status",
        "RegistrationStatusEnum": "events.models.Registration.Status",
        "OrganisationKindEnum": "members.models.Organisation.Kind",
        "OrganisationStatusEnum": "members.models.Organisation.Status",
        "PartnerKindEnum": "agreements.models.Partner.Kind",
        "PostKindEnum": "cooperation.models.Post.Kind",
        "PostStatusEnum": "cooperation.models.Post.Status",
        "ProjectStatusEnum": "projects.models.Project.Status",
        "ResolutionStatusEnum": "resolutions.models.Resolution.Status",
    },
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # The console shows warnings and the portal's own messages; libraries that report every
    # routine step at INFO (each task run, font subsetting, PDF layout) speak only of problems.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
        "celery.worker.strategy": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "botocore": {"level": "WARNING"},
        "boto3": {"level": "WARNING"},
        "urllib3": {"level": "WARNING"},
    },
}
