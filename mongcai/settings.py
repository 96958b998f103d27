"""Settings for the Móng Cái emulation tracker.

Complete on its own: everything that differs between machines comes from the
environment. The defaults give the zero-setup demo (SQLite, tasks run
in-process); production differs only by environment variables (README).
"""

import datetime as dt
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# The defaults are the zero-setup demo (as healthchecks does); production sets
# DEBUG=0 and then must set SECRET_KEY, or the process refuses to start.
DEBUG = env.bool("DEBUG", default=True)
# The demo key is only accepted while DEBUG is on.
SECRET_KEY = env.str("SECRET_KEY", default="") or (
    "django-insecure-demo-key-only-for-local-use" if DEBUG else ""
)
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("Set SECRET_KEY (DEBUG=0 needs a real secret key).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    # Permission rules written once for views and templates (each app's permissions.py).
    "rules",
    # Failed sign-ins counted per account and per address (docs/accounts.md).
    "axes",
    # The second factor: TOTP apps and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Who changed the legal pack's rows and reference data, and when (docs/legal.md).
    "simple_history",
    "mongcai.accounts",
    "mongcai.ops",
    "blocs",
    "campaigns",
    "awards",
    "covenants",
    "reports",
    "home",
    # The REST API over everything above (docs/api.md); before drf_spectacular, whose
    # Swagger page it overrides (the CSP nonce).
    "api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Tools around the product (they import it; it never imports them).
    "tools.demo",
    "tools.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer (SECURE_CSP below).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mongcai.lib.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Every page requires login unless its view is marked login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: an idle session ends with a message on the login page.
    "mongcai.accounts.middleware.IdleSessionMiddleware",
    # Pages need the second factor where it is enabled or required (docs/accounts.md).
    "mongcai.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # The history of admin edits records the signed-in user (docs/legal.md).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a request that hit the failed sign-in limit into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mongcai.urls"

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
                # {{ csp_nonce }} for an inline <script>/<style> that cannot be a static file.
                "django.template.context_processors.csp",
                # The footer names the signed-in user's organiser.
                "blocs.context_processors.organiser",
            ],
        },
    },
]

WSGI_APPLICATION = "mongcai.wsgi.application"

# SQLite file for the zero-setup demo; PostgreSQL in tests and production.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo holds a handful of people clicking at once (docs/design.md,
    # "The demo on SQLite"): WAL lets pages be read while a request writes;
    # every transaction (each request is one) takes the write lock when it
    # begins, so two writers queue instead of one failing with "database is
    # locked" when both upgrade from reading; a writer waits up to
    # SQLITE_BUSY_SECONDS for the lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_SECONDS", default=20),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "login"
# Axes first: it refuses a locked account or address before any password is checked.
# The accounts backend refuses demo accounts outside the demo (DEBUG).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "mongcai.accounts.backends.AccountBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts and access (docs/accounts.md). Failed sign-ins: after
# LOGIN_FAILURE_LIMIT failures within LOGIN_LOCKOUT_MINUTES, the account (any
# address) and the address (any account) are refused until that many minutes
# have passed since the last failure, or an admin unlocks them. The admin's
# password re-check before issuing a decision counts the same way.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "mongcai.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "mongcai.accounts.lockout.client_ip"
AXES_USERNAME_CALLABLE = "mongcai.accounts.lockout.client_username"
# Our security events record every sign-in; axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Addresses come from REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies from
# the address the nearest trusted proxy put in X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME.total_seconds() < 60 or TRUSTED_PROXY_COUNT < 0:
    raise environ.ImproperlyConfigured(
        "LOGIN_FAILURE_LIMIT and LOGIN_LOCKOUT_MINUTES must be >= 1, TRUSTED_PROXY_COUNT >= 0."
    )

# The second factor is required of these roles (admins issue decisions with
# cash, council members approve and vote); others may enable it. Demo accounts
# (made by `load_demo`) are spared only while DEBUG is on; they cannot sign
# in at all otherwise.
SECOND_FACTOR_REQUIRED_ROLES = env.list(
    "SECOND_FACTOR_REQUIRED_ROLES", default=["admin", "council"]
)
if not set(SECOND_FACTOR_REQUIRED_ROLES) <= {"secretary", "council", "admin"}:
    raise environ.ImproperlyConfigured(
        "SECOND_FACTOR_REQUIRED_ROLES lists roles among secretary, council, admin."
    )
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Thi đua Móng Cái")
RECOVERY_CODES = 10
# Idle sessions end: after SESSION_IDLE_MINUTES without a click, sooner for
# admins. SESSION_COOKIE_AGE (below) bounds a session however busy.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_IDLE_MINUTES_ADMIN = env.int("SESSION_IDLE_MINUTES_ADMIN", default=15)
# Invitation and password reset links: single use, valid this many hours.
PASSWORD_RESET_TIMEOUT = env.int("ACCOUNT_LINK_HOURS", default=72) * 3600
if min(SESSION_IDLE_MINUTES, SESSION_IDLE_MINUTES_ADMIN, PASSWORD_RESET_TIMEOUT) < 1:
    raise environ.ImproperlyConfigured(
        "SESSION_IDLE_MINUTES, SESSION_IDLE_MINUTES_ADMIN and ACCOUNT_LINK_HOURS must be >= 1."
    )

# Vietnamese first, English available. Formats (dd/mm/yyyy, 1.234,5) live in
# mongcai/formats/<lang>/formats.py.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["mongcai.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed files need `collectstatic` first; the demo and the tests
# serve the plain files.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without the manifest (demo, tests) WhiteNoise serves straight from the sources.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
# Evidence files are served only through the scoped download view, never from MEDIA_URL.
# Limits on what users send, far past honest use, checked before anything is
# parsed or stored (docs/reporting.md, "Limits"). MB = 1024 × 1024 bytes.
MB = 1024 * 1024
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_MB", default=10) * MB
# A DOCX or XLSX unpacked: a scanned 10 MB report is about as large unpacked;
# a zip bomb is a thousand times larger.
EVIDENCE_MAX_UNPACKED_BYTES = env.int("EVIDENCE_MAX_UNPACKED_MB", default=100) * MB
EVIDENCE_MAX_FILES = env.int("EVIDENCE_MAX_FILES", default=20)  # per report
# The Excel report template: a few kB for 50 indicators.
TEMPLATE_MAX_BYTES = env.int("TEMPLATE_MAX_MB", default=2) * MB
TEMPLATE_MAX_UNPACKED_BYTES = env.int("TEMPLATE_MAX_UNPACKED_MB", default=10) * MB
TEMPLATE_MAX_ROWS = env.int("TEMPLATE_MAX_ROWS", default=2000)
# Free text: a report's highlights, a justification, a comment (about eight
# pages); a single line: a name, an explanation next to a figure.
TEXT_MAX_CHARS = env.int("TEXT_MAX_CHARS", default=20_000)
LINE_MAX_CHARS = env.int("LINE_MAX_CHARS", default=1_000)
# How often the dashboard asks whether newer tallies have landed.
DASHBOARD_POLL_SECONDS = env.int("DASHBOARD_POLL_SECONDS", default=15)
# Rendered dashboard bodies (campaigns.dashboard_cache). In-process by default;
# CACHE_URL=redis://127.0.0.1:6379/2 shares them between gunicorn workers.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# The API's request counters per token (api.throttling): Redis in production
# (API_CACHE_URL=redis://127.0.0.1:6379/3) so that every gunicorn worker counts
# the same requests; in-process for the demo.
CACHES["api"] = env.cache_url("API_CACHE_URL", default=env.str("CACHE_URL", "locmemcache://"))
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=3600)
# The last dashboard bodies each process served, in its own memory in front of the
# shared cache (campaigns.dashboard_cache): a key names its body for good.
# Django's Redis backend builds a client for every operation; ours keeps one per
# connection pool (mongcai.lib.redis_cache).
for _cache in CACHES.values():
    if _cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        _cache["BACKEND"] = "mongcai.lib.redis_cache.RedisCache"
# Sessions are read from the cache when it is shared (Redis), and written to both
# it and the database. A process's own memory would keep a session that another
# gunicorn worker ended, so without CACHE_URL they are read from the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"] == "mongcai.lib.redis_cache.RedisCache"
    else "django.contrib.sessions.backends.db"
)
CACHES["dashboard_local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "dashboard-bodies",
    "OPTIONS": {"MAX_ENTRIES": 32},
}
# The public honour board (awards.honour): kept in the cache until a decision is
# issued or annulled, and at most this long; each address may ask for it this many
# times a minute (counted in the cache: Redis when CACHE_URL points to it).
HONOUR_BOARD_CACHE_SECONDS = env.int("HONOUR_BOARD_CACHE_SECONDS", default=3600)
HONOUR_BOARD_RATE_PER_MINUTE = env.int("HONOUR_BOARD_RATE_PER_MINUTE", default=60)
# The public check of a certificate (its QR code, awards.certificate_views): requests
# per address and minute, counted like the honour board's; cached with it.
CERTIFICATE_CHECK_RATE_PER_MINUTE = env.int("CERTIFICATE_CHECK_RATE_PER_MINUTE", default=30)
# Secretaries are reminded when a report is due within this many days (or late).
REMINDER_DAYS_BEFORE = env.int("REMINDER_DAYS_BEFORE", default=3)
# The văn thư's register (awards.register; docs/awards.md, "Numbers from the register"):
# empty, the admin types the number and date the register gave when issuing; else a
# dotted path to a Python callable or an http(s) URL that reserves the next number.
AWARDS_REGISTER = env.str("AWARDS_REGISTER", default="")
AWARDS_REGISTER_TIMEOUT = env.int("AWARDS_REGISTER_TIMEOUT_SECONDS", default=10)
# Signed decisions (awards.signatures): beside the certificates the admin adds, a PEM
# file of trusted root and intermediate certificates (e.g. the Government's CA), and
# the largest signed PDF accepted.
AWARDS_TRUSTED_CERTIFICATES_FILE = env.str("AWARDS_TRUSTED_CERTIFICATES_FILE", default="")
AWARDS_SIGNED_PDF_MAX_BYTES = env.int("AWARDS_SIGNED_PDF_MAX_MB", default=20) * MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: strict by default outside DEBUG; each can be relaxed by env
# (e.g. an intranet without TLS sets SECURE_SSL_REDIRECT=0 knowingly).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (docs/design.md): scripts, styles, images and fonts
# only from this site (the vendored assets under static/); no inline script or
# style unless it carries the page's nonce (none does today: behaviour lives in
# static/js/app.js); images may also be data: URLs (Bootstrap draws its icons
# so); no plugins, no framing, forms post only here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)

# E-mail (reminders, invitations, password resets) goes to the console in the demo;
# production sends through SMTP, configured by the EMAIL_* variables.
EMAIL_BACKEND_PATH = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends."
    + ("console.EmailBackend" if DEBUG else "smtp.EmailBackend"),
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": (
            {
                "host": env.str("EMAIL_HOST", default="localhost"),
                "port": env.int("EMAIL_PORT", default=25),
                "username": env.str("EMAIL_HOST_USER", default=""),
                "password": env.str("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=False),
                "use_ssl": env.bool("EMAIL_USE_SSL", default=False),
                "timeout": env.int("EMAIL_TIMEOUT", default=10),
            }
            if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="thidua@mongcai.local")
# The address links in e-mails (invitations, password resets) and the certificates'
# QR codes point to: e-mails are written by a worker, which has no request to take the
# host from, and a certificate must name the public address, not the office's.
SITE_URL = env.str(
    "SITE_URL",
    default="http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0]}",
).rstrip("/")

# Celery. Without a broker the demo runs tasks in-process (eager); with one,
# publishing is bounded so that a broker outage never hangs a web request.
# How long after a report's submission (or return) its roll-up runs: the first
# roll-up of a burst gathers every report of the campaign waiting by then, so
# the dashboards' cached bodies go stale once per burst, not once per report
# (campaigns.services.rollup.tally_roll_up_waiting). Without a broker (the
# demo) the roll-up runs at once.
ROLLUP_GATHER_SECONDS = env.float("ROLLUP_GATHER_SECONDS", default=0.5)
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="mongcai")
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One quick retry, then give up: the caller records the work as pending.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
}
CELERY_TIMEZONE = TIME_ZONE

# Background jobs a user waits for (mongcai/lib/jobs.py): a job is sent again
# when it has waited JOBS_PENDING_AFTER_SECONDS without a worker taking it
# (lost while the broker was down) or when its worker has not reported for
# JOBS_STALE_AFTER_SECONDS (the worker died); it fails, with the reason shown
# to the user, after JOBS_MAX_ATTEMPTS. A failed attempt is retried after
# JOBS_RETRY_BACKOFF_SECONDS, doubled at each attempt.
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=3)
JOBS_PENDING_AFTER_SECONDS = env.int("JOBS_PENDING_AFTER_SECONDS", default=300)
JOBS_STALE_AFTER_SECONDS = env.int("JOBS_STALE_AFTER_SECONDS", default=300)
JOBS_RETRY_BACKOFF_SECONDS = env.int("JOBS_RETRY_BACKOFF_SECONDS", default=10)
if JOBS_MAX_ATTEMPTS < 1 or min(JOBS_PENDING_AFTER_SECONDS, JOBS_STALE_AFTER_SECONDS) < 1:
    raise environ.ImproperlyConfigured(
        "JOBS_MAX_ATTEMPTS, JOBS_PENDING_AFTER_SECONDS and JOBS_STALE_AFTER_SECONDS must be >= 1."
    )
if JOBS_RETRY_BACKOFF_SECONDS < 0:
    raise environ.ImproperlyConfigured("JOBS_RETRY_BACKOFF_SECONDS must be >= 0.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # axes logs every sign-in at INFO; the security record keeps them (accounts).
    "loggers": {"axes": {"level": "WARNING"}},
}

# The REST API (api/, docs/api.md): personal access tokens (Authorization:
# Bearer …) for other systems, the session for the browsable pages; every
# request counted per token in the "api" cache (API_THROTTLE_RATE, e.g.
# "600/minute"); pages of API_PAGE_SIZE rows, at most API_MAX_PAGE_SIZE.
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="600/minute")
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=50)
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=200)
# Days a new token may live, offered on the tokens page (the longest is the limit).
API_TOKEN_LIFETIMES_DAYS = [30, 90, 365]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "api.views.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Móng Cái emulation tracker API",
    "DESCRIPTION": "Campaigns, indicators, periods, units, tallies, completeness, reports, "
    "nominations and decisions; a unit's report filed as a draft or submitted. "
    "Authenticate with a personal access token: `Authorization: Bearer <token>` "
    "(created on the account's API tokens page). See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "campaigns.models.ReportStatus",
        "PeriodKindEnum": "campaigns.models.PeriodKind",
        "CampaignKindEnum": "campaigns.models.CampaignKind",
        "UnitKindEnum": "blocs.models.UnitKind",
        "NominationStatusEnum": "awards.models.NominationStatus",
        "DecisionStatusEnum": "awards.models.DecisionStatus",
        "AwardKindEnum": "awards.models.AwardKind",
    },
    # api.urls's <id:…> converter: an id a bigint holds, so a longer one is a 404.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 1, "maximum": 999_999_999_999_999_999},
    },
}
