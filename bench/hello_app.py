"""A bare Flask app that answers "hello": the most gunicorn and Flask give on this machine.

``bench/scale.py`` serves it with the same gunicorn settings as the service and reports
the service's throughput as a share of this one's, which says more than requests per
second on a machine whose speed the reader does not know.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
