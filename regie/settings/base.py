"""Settings shared by every environment. Everything that differs per deployment comes from the
environment (12-factor); see the README for the variables."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# The key of the audit chain's seals (core/auditchain/). Unset, it is derived from SECRET_KEY, so rotating
# SECRET_KEY would make every existing seal fail: set a key of its own in production and keep it.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "health_check",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "notifications",
    "parties",
    "incidents",
    "changes",
    "majorincidents",
    "problems",
    "governance",
    "statuspage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.DutchByDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: its 400 page is the portal's own, navigation included.
    "core.middleware.RejectNulBytesMiddleware",
    "core.middleware.SecurityEventMiddleware",
    # After authentication: turns a locked-out log-in (portal or admin) into the lock-out page.
    "axes.middleware.AxesMiddleware",
    "core.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so its process_exception sees a lost database connection first: 503 "try again".
    "core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "regie.urls"
WSGI_APPLICATION = "regie.wsgi.application"

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
                "regie.context_processors.principal",
            ],
        },
    },
]

# Unset DATABASE_URL means the embedded mode: a SQLite file beside the project.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'regie.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No just-in-time compilation: PostgreSQL compiles a query whose estimated cost is high, and the portal's
    # reports have such estimates (a correlated subquery per history row) for queries that run in a tenth of a
    # second; compiling one took 0.64 s (docs/performance.md, "No JIT").
    # Added to the options DATABASE_URL may give (`?options=...`), not in their place.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
    # Parameters bound on the server, so that psycopg prepares a statement once a connection has run it five times
    # and PostgreSQL keeps its plan: the incident page's main query (ten tables joined) took 4.4 ms to plan and
    # 0.15 ms to run (docs/performance.md, "Prepared statements"). Connections live CONN_MAX_AGE seconds, so each
    # worker keeps its plans. A pooler in transaction mode must then support prepared statements (PgBouncer 1.21+).
    _options["server_side_binding"] = True
    _options["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Sessions end after SESSION_COOKIE_AGE seconds (default a working day) or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Scripts read the CSRF token from the page's form, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.error_pages.csrf_failure"

# How many reverse proxies in front of the app append to X-Forwarded-For; 0 trusts only REMOTE_ADDR. Every
# client address (security log, log-in throttling, API throttling) comes from core.logging.client_ip, which
# reads X-Forwarded-For only through this count; core.checks verifies it at start-up.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"]}
        if os.environ.get("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# With a shared cache, sessions are read from it (written through to the database), and each user's standing in
# the chain (parties.access.principal_for) is kept in it across requests, replaced after every committed write
# to a role assignment or party. Never with the per-process LocMem cache: one worker would not see another's
# log-out or permission change. The standing also expires after PRINCIPAL_CACHE_TIMEOUT seconds, in case a
# process without CACHE_URL (and so without the cache to tell) changed a role.
SHARED_CACHE = bool(os.environ.get("CACHE_URL"))
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if SHARED_CACHE else 'db'}"
PRINCIPAL_CACHE_TIMEOUT = int(os.environ.get("PRINCIPAL_CACHE_TIMEOUT", "600")) if SHARED_CACHE else 0
# The terms a filing's SLA clock starts under (the chain SLA's version, target and calendar) are kept per component,
# priority and day for this many seconds, replaced after every write to an agreement, target or calendar
# (incidents.clock_terms). Only with a shared cache: with the per-process one, another worker would keep old terms.
SLA_TERMS_CACHE_TIMEOUT = int(os.environ.get("SLA_TERMS_CACHE_TIMEOUT", "3600")) if SHARED_CACHE else 0
# The badge of "Wat wacht op mij" in the navigation is kept per user for this many seconds (0: counted on every
# page). Every write to an incident, change or report replaces its generation (core.inbox), so with a shared
# cache it is never stale; with the per-process cache another worker's badge may lag by at most this long.
INBOX_CACHE_TIMEOUT = int(os.environ.get("INBOX_CACHE_TIMEOUT", "60"))
# The public status page's overview is kept for this many seconds (0: worked out on every request); every write
# to an incident, change or component replaces it at once (statuspage/cache.py).
STATUS_PAGE_CACHE_TIMEOUT = int(os.environ.get("STATUS_PAGE_CACHE_TIMEOUT", "60"))

# Seconds the service catalogue (services, components, dependencies) may be kept per process (parties.catalogue).
CATALOGUE_CACHE_TIMEOUT = int(os.environ.get("CATALOGUE_CACHE_TIMEOUT", "300"))

# The known errors the incident page shows per component (problems.known_errors), replaced on every write to a
# problem or its incident links in the same way; 0 reads them on every page.
KNOWN_ERRORS_CACHE_TIMEOUT = int(os.environ.get("KNOWN_ERRORS_CACHE_TIMEOUT", "60"))

# Log-in throttling (django-axes), for the portal's log-in and the admin's alike: after AXES_FAILURE_LIMIT failed
# log-ins for one username (any case) from one address, that pair is refused for AXES_COOLOFF_TIME (a 429 page).
# Counting the pair, not the name or the address alone, means a guesser can neither lock a named user out from
# everywhere nor lock out everyone behind one shared proxy. The failures are rows in the database (visible and
# removable in the admin, shared by every worker); attempts while locked out do not extend the lock.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "core.sso.SsoBackend",  # authenticates nobody while OIDC_RP_CLIENT_ID is unset
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "core.logging.client_ip"
AXES_USERNAME_CALLABLE = "core.accounts.throttled_username"
AXES_LOCKOUT_CALLABLE = "core.accounts.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# Only failures are kept; axes' log of every successful log-in would duplicate the security log.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no banner on every manage.py command

# A second factor (core.second_factor: a TOTP app, with recovery codes) after the password. Required for staff, for
# those who approve changes and for those who manage agreements when on (production); off in the demo and the tests.
# Whoever has set one up is asked for it at every log-in either way.
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Regie"
# The admin never shows a device's key (nor its QR code): only the user sees it, once, when setting it up.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Single sign-on through the organisation's OpenID Connect provider (core.sso): on when OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")  # the provider's end_session_endpoint
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # for the provider's log-out (id_token_hint)
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"  # used as given, not resolved

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "regie@localhost")
# The portal's address as its users reach it: the links in mail start with it.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that an unauthenticated request answers 401 with `WWW-Authenticate: Token`.
        "core.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # Per signed-in user (or per client address when anonymous), counted in the default cache.
    "DEFAULT_THROTTLE_CLASSES": ["core.throttling.UserRateThrottle", "core.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_THROTTLE_USER_RATE", "3000/hour"),
        "anon": os.environ.get("API_THROTTLE_ANON_RATE", "300/hour"),
    },
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "core.parsers.FormParser",
        "core.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Regie API",
    "DESCRIPTION": "Parties, components, agreements and service calendars of the service chain.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema maps every endpoint and field: only for users who have logged in (or hold a token).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Names for choice sets whose field name ("kind") other models also use.
    "ENUM_NAME_OVERRIDES": {
        "ChangeIncidentLinkKindEnum": "changes.models.LinkKind",
        "ChangeStatusEnum": "changes.models.ChangeStatus",
        "IncidentStatusEnum": "incidents.models.Status",
        "ProblemStatusEnum": "problems.models.ProblemStatus",
        "ProposalStatusEnum": "problems.models.ProposalStatus",
        "MajorIncidentStatusEnum": "majorincidents.models.MajorStatus",
        "AnalysisActionStatusEnum": "governance.models.analysis.ActionStatus",
        "ReadinessStatusEnum": "governance.models.readiness.ReadinessStatus",
    },
}

# History reasons are sentences ("Toegewezen aan KPN: …"), not 100-character labels.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Celery: without a broker, tasks run eagerly in-process (the embedded mode).
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fixup opens a new database connection for every task unless this is set: a worker now keeps its
# connection (and the statements prepared on it) for up to this many tasks, within CONN_MAX_AGE (regie/celery.py).
CELERY_DB_REUSE_MAX = 1000
# A broker that is down or hangs must not hold up a request: publishing gives up within a few seconds
# (refused: well under one) and the outbox (notifications/) keeps the message for the beat task and the
# next worker start. socket_timeout stays above the Redis transport's 1 s BRPOP wait.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 3, "max_retries": 1}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# /healthz reports unhealthy when a notification has waited in the outbox longer than this (seconds); the beat task
# delivers what is pending every minute.
NOTIFICATION_OUTBOX_MAX_AGE = int(os.environ.get("NOTIFICATION_OUTBOX_MAX_AGE", "600"))
CELERY_BEAT_SCHEDULE = {
    # CELERY_TIMEZONE is Europe/Amsterdam, so this is Monday 06:00 local time, summer and winter.
    "weekly-trend-report": {
        "task": "governance.tasks.compute_weekly_report",
        "schedule": crontab(minute=0, hour=6, day_of_week="mon"),
    },
    # After the weekly report: propose problems from the incidents that recurred in the week before.
    "propose-recurring-problems": {
        "task": "problems.tasks.propose_recurring_problems",
        "schedule": crontab(minute=30, hour=6, day_of_week="mon"),
    },
    # The dashboard's current-week figures (governance/reports/live.py); one not started within its minute is
    # dropped, the next one replaces it.
    "refresh-live-figures": {
        "task": "governance.tasks.refresh_live_figures",
        "schedule": 60.0,
        "options": {"expires": 60},
    },
    "check-sla-clocks": {"task": "incidents.tasks.check_sla_clocks", "schedule": 300.0},
    "auto-close-resolved-incidents": {"task": "incidents.tasks.auto_close_resolved_incidents", "schedule": 3600.0},
    "verify-audit-chain": {"task": "core.tasks.verify_audit_chain", "schedule": crontab(minute=0, hour=3)},
    # The outbox: whatever the broker missed (it was down when the change was committed).
    "deliver-pending-notifications": {
        "task": "notifications.tasks.deliver_pending_notifications",
        "schedule": 60.0,
    },
    # Mail: one digest per user who chose it, on working days at 07:30; reminders of what waits too long.
    "send-daily-digests": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(minute=30, hour=7, day_of_week="mon-fri"),
    },
    "remind-unanswered-questions": {"task": "incidents.tasks.remind_unanswered_questions", "schedule": 900.0},
    "remind-unacknowledged-assignments": {
        "task": "incidents.tasks.remind_unacknowledged_assignments",
        "schedule": 300.0,
    },
    # The coordinator of a major incident whose next update (the SLA's cadence) is due.
    "remind-due-major-updates": {"task": "majorincidents.tasks.remind_due_major_updates", "schedule": 60.0},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Security events (see governance/logging.py): one JSON object per line on stderr.
        "security": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "celery.app.trace": {"level": os.environ.get("CELERY_TASK_LOG_LEVEL", "WARNING")},
        "regie.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        # The PDF renderer (core/pdf.py) reports each step, and each rule of the browsers' stylesheets it skips.
        "weasyprint": {"level": "ERROR"},
    },
}
