"""Settings shared by every environment. Environment-specific files import * from here."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from kombu import Exchange, Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{name} must be a boolean, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pgtrigger",
    "core",
    "accounts",
    "enterprises",
    "checklists",
    "campaigns",
    "inspections",
    "hazards",
    "enforcement",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.session_middleware.SessionIdleTimeoutMiddleware",
    "accounts.session_middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # An initial password set by an administrator must be changed before anything else (accounts).
    "accounts.password_middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.notifications",
            ],
        },
    },
]


# An embedded SQLite file unless DATABASE_URL names a server (PostgreSQL in tests and production).
def database_from_url(url: str) -> dict:
    """One DATABASES entry from a URL, with the connection options every alias shares."""
    return dj_database_url.parse(
        url,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # With persistent connections (DB_CONN_MAX_AGE > 0), check a reused connection before a
        # request uses it: after a database restart or failover the first request reconnects
        # instead of failing (tests/core/test_two_servers.py terminates the backend to show it).
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )


def add_replica(databases: dict) -> list[str]:
    """With DATABASE_REPLICA_URL (a PostgreSQL streaming standby of default), add the "replica"
    alias and return the router that sends the dashboard, statistics and export reads to it
    (core/replica.py, config/routers.py); without it, nothing changes and no router is installed.
    Under the test runner the alias mirrors default (no second test database is made)."""
    url = env_str("DATABASE_REPLICA_URL", "")
    if not url:
        return []
    databases["replica"] = {**database_from_url(url), "TEST": {"MIRROR": "default"}}
    return ["config.routers.ReplicaRouter"]


DATABASES = {"default": database_from_url(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"))}
DATABASE_ROUTERS = add_replica(DATABASES)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins (a wrong password or a wrong second-factor code) lock out the pair (username,
# address): a stranger guessing one account elsewhere does not lock its owner out, nor a whole
# office behind a shared address. One address is also locked for every account after a larger
# number of failures, so it cannot try a few passwords on each of many accounts
# (accounts/lockout.py). The address is the client's real one: set CLIENT_IP_HEADER to the header
# the reverse proxy overwrites with it (e.g. HTTP_X_REAL_IP), or TRUSTED_PROXY_COUNT to the number
# of proxies appending to X-Forwarded-For; with neither, REMOTE_ADDR (forwarding headers ignored).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_FAILURE_LIMIT_PER_ADDRESS = env_int("AXES_FAILURE_LIMIT_PER_ADDRESS", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "accounts.lockout.AxesHandler"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip_address"
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Two-factor login (accounts/otp.py): an authenticator app (TOTP) and backup codes. Required for
# officials and back-office staff when on (production turns it on; the demo leaves it off, with
# one demo official, nn_2fa, who has it); anyone may opt in.
OTP_REQUIRED_FOR_OFFICIALS = env_bool("OTP_REQUIRED_FOR_OFFICIALS", False)
OTP_TOTP_ISSUER = "安全生产专项行动平台"
OTP_BACKUP_CODE_COUNT = 10
OTP_PENDING_SECONDS = 300  # between the password and the second step

# Sessions end when the browser closes, after SESSION_MAX_AGE_HOURS at most, and after a period
# without activity (accounts/session_middleware.py): 30 minutes for officials and staff by default.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("SESSION_MAX_AGE_HOURS", 12) * 3600
SESSION_IDLE_TIMEOUT_OFFICIALS = env_int("SESSION_IDLE_MINUTES_OFFICIALS", 30) * 60
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 120) * 60

# Content-Security-Policy (django-csp): scripts only from this site, so no inline script or on*
# handler in any page (behaviours live in static/js; data goes in json_script blocks). Inline
# style attributes stay allowed (progress bars, widths); the QR code is inline SVG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# ISO input formats first so <input type=date> shows saved dates under zh-hans (config/formats/).
FORMAT_MODULE_PATH = "config.formats"
# A failed CSRF check answers the Chinese 403 page in the site's layout (config/errors.py).
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
# Front-end packages come from the npm registry (package.json); the app serves them itself.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
]
# Uploaded evidence lives outside the web root and is served only through permission-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
PRIVATE_STORAGE_ROOT = Path(env_str("PRIVATE_STORAGE_ROOT", str(BASE_DIR / "var" / "private")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Spreadsheet imports: hard limits before any parsing.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 30 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_SYNC_MAX_ROWS = env_int("IMPORT_SYNC_MAX_ROWS", 20_000)

# Lists count exactly up to this many rows; above it they show PostgreSQL's estimate labelled 约
# (core.keyset): a page view never counts a million rows.
LIST_EXACT_COUNT_LIMIT = env_int("LIST_EXACT_COUNT_LIMIT", 2000)
# The dashboard's figures are computed at most once per this many seconds for a jurisdiction and a
# choice of filters (reports.dashboard.cached_dashboard_data); the page says when. 0: always live.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 300)

REST_FRAMEWORK = {
    # Token first: DRF takes the first class's `WWW-Authenticate`, so a missing or bad token
    # answers 401 with `WWW-Authenticate: Token` (a client knows to log in), not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "安全生产专项行动平台 API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["core.api.schema_drop_slash_twins"],
    # The schema tells the truth: request bodies documented apart from responses (read-only fields
    # only in answers), every operation's error codes, unknown request fields refused.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "core.api.schema_truth"],
    # Stable, readable enum names where several models share a field name (kind, level, status).
    "ENUM_NAME_OVERRIDES": {
        "UserKindEnum": "accounts.choices.UserKind",
        "NotificationKindEnum": "accounts.choices.NotificationKind",
        "AgencyKindEnum": "accounts.choices.AgencyKind",
        "OfficialRoleEnum": "accounts.choices.OfficialRole",
        "GroupRoleEnum": "campaigns.choices.GroupRole",
        "CampaignKindEnum": "campaigns.choices.CampaignKind",
        "TemplateKindEnum": "checklists.choices.TemplateKind",
        "HazardLevelEnum": "checklists.choices.HazardLevel",
        "TaskStatusEnum": "campaigns.choices.TaskStatus",
        "SubmissionStatusEnum": "campaigns.choices.SubmissionStatus",
        "RegionLevelEnum": "core.choices.RegionLevel",
        "ImportStatusEnum": "enterprises.choices.ImportStatus",
        "HazardStatusEnum": "hazards.choices.HazardStatus",
        "SupervisionLevelEnum": "hazards.choices.SupervisionLevel",
        "PublicReportStatusEnum": "hazards.choices.PublicReportStatus",
        "EnforcementKindEnum": "enforcement.choices.EnforcementKind",
        "EnforcementStatusEnum": "enforcement.choices.EnforcementStatus",
        "BlacklistStatusEnum": "enforcement.choices.BlacklistStatus",
        "PublicationKindEnum": "enforcement.choices.PublicationKind",
        "InspectionKindEnum": "inspections.choices.InspectionKind",
        "InspectionStatusEnum": "inspections.choices.InspectionStatus",
        "StatFormEnum": "campaigns.choices.StatForm",
        "StatReportStatusEnum": "reports.models.StatReportStatus",
        "BulletinKindEnum": "reports.models.BulletinKind",
        "BulletinStatusEnum": "reports.models.BulletinStatus",
        "ExportStatusEnum": "reports.models.ExportStatus",
    },
}

# Celery: a real broker when REDIS_URL is set; otherwise tasks run in-process (the demo).
REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# Queues by kind of work, each served by its own workers scaled on their own (docker-compose.yml:
# worker-interactive, worker-exports, worker-reports, and beat's worker): a 200,000-row export never
# delays a notification. CELERY_QUEUE_PREFIX prefixes every name (the test suite's worker fixture
# gives each worker its own, so that runs sharing one Redis never take each other's messages).
CELERY_QUEUE_PREFIX = env_str("CELERY_QUEUE_PREFIX", "")
CELERY_QUEUE_KINDS = {
    "interactive": "notifications and short jobs a user waits for",
    "exports": "export and import jobs (下载中心, 企业导入)",
    "reports": "statistics reports, bulletins, PDFs",
    "beat": "periodic sweepers and daily jobs",
}
# Each queue its own direct exchange and routing key (a queue bound to a shared exchange with an
# empty key would receive the messages of the others).
CELERY_TASK_QUEUES = [
    Queue(CELERY_QUEUE_PREFIX + kind, Exchange(CELERY_QUEUE_PREFIX + kind), routing_key=CELERY_QUEUE_PREFIX + kind)
    for kind in CELERY_QUEUE_KINDS
]
CELERY_TASK_DEFAULT_QUEUE = CELERY_QUEUE_PREFIX + "interactive"
# Every task of the project, by kind (tests/core/test_queues.py fails on a task left out).
_TASK_KINDS = {
    "accounts.tasks.deliver_notification": "interactive",
    "enterprises.tasks.run_enterprise_import": "exports",
    "reports.tasks.run_export": "exports",
    "reports.tasks.generate_due_stat_reports": "reports",
    "accounts.tasks.sweep_notifications": "beat",
    "campaigns.tasks.generate_due_submissions": "beat",
    "campaigns.tasks.remind_overdue": "beat",
    "enforcement.tasks.expire_blacklist": "beat",
    "enterprises.tasks.sweep_imports": "beat",
    "hazards.tasks.escalate_overdue": "beat",
    "inspections.tasks.remind_overdue": "beat",
    "reports.tasks.sweep_exports": "beat",
    "reports.tasks.expire_exports": "beat",
}
CELERY_TASK_ROUTES = {task: {"queue": CELERY_QUEUE_PREFIX + kind} for task, kind in _TASK_KINDS.items()}
# Daily jobs at fixed local times (CELERY_TIMEZONE is Asia/Shanghai); each is idempotent.
CELERY_BEAT_SCHEDULE: dict = {
    "campaigns-generate-due-submissions": {
        "task": "campaigns.tasks.generate_due_submissions",
        "schedule": crontab(hour=0, minute=10),
    },
    "campaigns-remind-overdue": {"task": "campaigns.tasks.remind_overdue", "schedule": crontab(hour=9, minute=0)},
    "enforcement-expire-blacklist": {
        "task": "enforcement.tasks.expire_blacklist",
        "schedule": crontab(hour=0, minute=30),
    },
    "hazards-escalate-overdue": {"task": "hazards.tasks.escalate_overdue", "schedule": crontab(hour=8, minute=0)},
    "inspections-remind-overdue": {"task": "inspections.tasks.remind_overdue", "schedule": crontab(hour=9, minute=30)},
    "enterprises-sweep-imports": {"task": "enterprises.tasks.sweep_imports", "schedule": crontab(minute="*/2")},
    "reports-sweep-exports": {"task": "reports.tasks.sweep_exports", "schedule": crontab(minute="*/2")},
    "reports-expire-exports": {"task": "reports.tasks.expire_exports", "schedule": crontab(hour=3, minute=0)},
    "accounts-sweep-notifications": {"task": "accounts.tasks.sweep_notifications", "schedule": crontab(minute="*/2")},
    "reports-generate-due-stat-reports": {
        "task": "reports.tasks.generate_due_stat_reports",
        "schedule": crontab(hour=0, minute=20),
    },
}
# Demo loaders (`manage.py load_demo`), in the order of the layers; each is idempotent.
DEMO_LOADERS = [
    "core.demo.load_core_demo",
    "accounts.demo.load_accounts_demo",
    "accounts.otp_demo.load_otp_demo",
    "enterprises.demo.load_enterprises_demo",
    "checklists.loaders.load_checklists_demo",
    "campaigns.loaders.load_campaigns_demo",
    "inspections.demo.load_inspections_demo",
    "hazards.demo.load_hazards_demo",
    "enforcement.demo.load_enforcement_demo",
]
# The living demo (a year of inspections, ~200 hazards, enforcement, reports): on for `make run`;
# off in tests (config/settings/test.py), whose `demo` fixtures want the small, fast data set.
DEMO_LIVING = env_bool("DEMO_LIVING", True)
# Hazards and enforcement (national rules: three-year blacklist term, removal after a year).
BLACKLIST_TERM_DAYS = 3 * 365
BLACKLIST_MIN_DAYS_BEFORE_REMOVAL = 365
BLACKLIST_OBJECTION_DAYS = 5
MAJOR_FINE_THRESHOLD = 50000
HAZARD_ESCALATION_DAYS = 3
PUBLIC_REPORT_RATE_LIMIT = 5  # per address per hour

# One cache shared by every process (rate limits, captchas) when Redis is configured.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Notifications (消息): the channels in use (accounts/channels.py); SMS or WeChat Work joins here.
NOTIFICATION_CHANNELS = ["accounts.channels.InAppChannel", "accounts.channels.EmailChannel"]
# Email goes through Django's backend: the console in development (production.py: SMTP from the
# environment; test.py: locmem). SITE_URL makes the links in emails absolute.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "安全生产专项行动平台 <noreply@anquan.local>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
