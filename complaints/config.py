"""Default configuration: safe values for development, and no secrets.

Layers, each overriding the one before: these defaults, then ``instance/config.py``,
then ``COMPLAINTS_*`` environment variables, then the mapping a test passes in.
"""

# Environment: "development" generates a SECRET_KEY into instance/; anything else
# refuses to start without one.
ENV = "development"

# The force the service belongs to: shown in the header, page titles and reports.
FORCE_NAME = "Northshire Police"
SERVICE_NAME = "Complaints and conduct"
# The Professional Standards Department's postal address, printed on letters (lines).
PSD_ADDRESS = ("Professional Standards Department", "Police Headquarters", "Northshire")

# SQLAlchemy URL. None means SQLite at instance/complaints.sqlite3.
DATABASE_URL = None

SECRET_KEY = None

# Sessions and cookies.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
REMEMBER_COOKIE_HTTPONLY = True
PERMANENT_SESSION_LIFETIME = 8 * 60 * 60  # one working shift, in seconds
SESSION_IDLE_MINUTES = 30  # signed out after this long without a request
# Production refuses to start with cookies that travel over plain HTTP, unless this says
# the service is knowingly run without HTTPS (a closed test network).
ALLOW_PLAIN_HTTP = False

# Forms.
WTF_CSRF_ENABLED = True
WTF_CSRF_TIME_LIMIT = 8 * 60 * 60

# Password hashing cost: an argon2-cffi profile name. Lower only for tests.
PASSWORD_HASH_PROFILE = "RFC_9106_LOW_MEMORY"  # noqa: S105 (a cost profile, not a password)

# Redis (e.g. "redis://127.0.0.1:6379/0"): shared sign-in throttling counters for every
# app process. None keeps them in the process's memory (one process: the embedded default).
REDIS_URL = None
# Sign-in throttling: wrong guesses allowed per window, by what is counted (see
# complaints/auth/throttle.py); a mapping here overrides any of its defaults, e.g.
# {"account": "5/minute;10/hour"}. Keys are prefixed with THROTTLE_NAMESPACE in Redis.
THROTTLE_LIMITS: dict[str, str] = {}
THROTTLE_NAMESPACE = "complaints"
# The public complaint form: sent sooner than this after it was started, it is taken to be
# a program's and quietly dropped (a person cannot read and answer every page so fast).
PUBLIC_FORM_MIN_SECONDS = 10
# How long a browser that completed a sign-in with the second factor is trusted as the
# person's usual place, so that an attack on their account does not keep them out.
DEVICE_COOKIE_DAYS = 180
# How long between the password and the second factor before the sign-in starts again.
PENDING_SIGN_IN_MINUTES = 10
# The issuer an authenticator app shows beside the code.
TWO_FACTOR_ISSUER = None  # None: the service and force name
# Mail (SMTP). No MAIL_SERVER keeps every message unsent, listed on the administrators'
# "Sent mail" page (development and demonstration).
MAIL_SERVER = None
MAIL_PORT = 25
MAIL_STARTTLS = False
MAIL_USERNAME = None
MAIL_PASSWORD = None  # a secret: set it in instance/config.py or the environment
MAIL_FROM = "Complaints and conduct <complaints@localhost>"
MAIL_TIMEOUT_SECONDS = 30
MAIL_MAX_ATTEMPTS = 8  # then the message is marked failed; retries wait 1, 2, 4... minutes
# The address people open the service at, for the links in emails (the daily digest).
SERVICE_URL = "http://127.0.0.1:5000"
# Jobs (sending mail): "redis" with REDIS_URL set, else "thread" (in the app process).
JOB_MODE = None
# Seconds before the idle sign-out at which the page warns and offers to stay signed in.
SESSION_WARNING_SECONDS = 120

# The audit trail's checkpoints: `flask audit checkpoint` appends the chain's head here and
# `flask audit verify` checks against every line. Keep the file, or a copy, where the
# database's owner cannot change it (docs/deployment.md). None means
# instance/audit-checkpoints.txt.
AUDIT_CHECKPOINT_FILE = None

# The largest request accepted (uploads of evidence and correspondence), in bytes.
MAX_CONTENT_LENGTH = 25 * 1024 * 1024

# Lists.
PAGE_SIZE = 25

# Where uploaded files and generated documents are kept (outside the web root).
# None means instance/files.
FILES_DIR = None

# Behind a reverse proxy, trust this many X-Forwarded-* hops.
PROXY_FIX_HOPS = 0

# Time zone in which dates are shown.
DISPLAY_TIMEZONE = "Europe/London"

# Monthly board report (domain.md A6). Counts from 1 to one below this threshold show as
# "fewer than N" in the version circulated to the board.
REPORT_SMALL_COUNT_THRESHOLD = 5
# The force's own targets for the timeliness measures, in the measure's own unit.
REPORT_TARGETS = {
    "working_days_to_log": 2,
    "working_days_to_contact": 5,
    "days_to_finalise_outside_schedule_3": 20,
    "days_to_finalise_under_schedule_3": 140,
}
# National comparators (England and Wales, IOPC statistics; domain.md B4), same units.
REPORT_NATIONAL_COMPARATORS = {
    "working_days_to_log": 6,
    "working_days_to_contact": 6,
    "days_to_finalise_outside_schedule_3": 22,
    "days_to_finalise_under_schedule_3": 146,
    "days_to_finalise_under_schedule_3_excluding_suspensions": 138,
}
# The folder of mapping files (*.toml) the Imports page offers for legacy extracts; None:
# the ones shipped in docs/import/ (docs/import.md).
IMPORT_MAPPINGS_DIR = None
