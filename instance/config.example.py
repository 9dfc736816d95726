# Copy to instance/config.py and edit. instance/config.py is not tracked by git.
# Any setting in complaints/config.py may be set here or as COMPLAINTS_<NAME>.

# ENV = "production"
# SECRET_KEY = "a long random string: python -c 'import secrets; print(secrets.token_hex(32))'"
# DATABASE_URL = "postgresql+psycopg://complaints@db.internal/complaints"
# FORCE_NAME = "Northshire Police"
# SESSION_COOKIE_SECURE = True
# PROXY_FIX_HOPS = 1
