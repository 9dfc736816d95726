# Copy to instance/config.py and edit. instance/config.py is not tracked by git.
# Any setting in complaints/config.py may be set here or as COMPLAINTS_<NAME>.

# ENV = "production"
# SECRET_KEY = "a long random string: python -c 'import secrets; print(secrets.token_hex(32))'"
# DATABASE_URL = "postgresql+psycopg://complaints@db.internal/complaints"
# FORCE_NAME = "Northshire Police"
# SESSION_COOKIE_SECURE = True
# PROXY_FIX_HOPS = 1
# REDIS_URL = "redis://127.0.0.1:6379/0"   # shared sign-in throttling and the job queue
# MAIL_SERVER = "smtp.force.example"       # without it, mail is kept, not sent
# MAIL_PORT = 587
# MAIL_STARTTLS = True
# MAIL_USERNAME = "complaints"
# MAIL_PASSWORD = "…"
# MAIL_FROM = "Professional Standards <psd@force.example>"
# AUDIT_CHECKPOINT_FILE = "/srv/audit-checkpoints/complaints.txt"   # beyond the database owner's reach
