"""WSGI entry point for production servers: gunicorn wsgi:app"""

from complaints import create_app

app = create_app()
