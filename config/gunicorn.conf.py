"""Gunicorn settings for Simpul: ``.venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi``.

Command-line flags override these (``-b``, ``-w``, ``--threads``); the environment sets the
defaults: ``SIMPUL_BIND`` (127.0.0.1:8000), ``SIMPUL_WEB_WORKERS`` (4), ``SIMPUL_WEB_THREADS`` (4).

The application is loaded once in the master (``preload_app``) and then **warmed**: a few
anonymous GET requests go through the whole stack (URLconf, middleware, templates, translation
catalogues, the database), so the workers fork with all of that already imported and compiled.
Without it each worker pays ~1 s of lazy imports on its first requests, while its siblings are
already busy, and under load that showed as a multi-second p99 (``bench/aspirasi.py``). The
database connections used by the warm-up are closed before the fork; the Redis pool re-opens
itself in each child. A warm-up that fails (the database not up yet) is logged and skipped.
"""

from __future__ import annotations

import io
import os
import sys

bind = os.environ.get("SIMPUL_BIND", "127.0.0.1:8000")
# One worker per core plus one (3 on the 2-core reference machine): measured there with the
# aspiration intake under wrk, -w 3 --threads 4 gave 209-219 submissions/s (p99 227-253 ms)
# where -w 4 gave 182-187/s (p99 344-424 ms) and -w 2 --threads 8 144-182/s: a fourth process
# on two cores competes with PostgreSQL and the task worker (docs/aspirasi.md "Measuring").
workers = int(os.environ.get("SIMPUL_WEB_WORKERS", str((os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("SIMPUL_WEB_THREADS", "4"))
worker_class = "gthread"
preload_app = True
backlog = 2048
# Pages to request once in the master before forking (the public ones every visitor meets).
PANASKAN = ["/", "/aspirasi/", "/kim/", "/berita/", "/sehat/"]


def _lingkungan(path: str, host: str) -> dict:
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": host,
        "SERVER_PORT": "80", "HTTP_HOST": host, "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_ACCEPT_ENCODING": "gzip", "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "wsgi.multithread": True,
        "wsgi.multiprocess": True, "wsgi.run_once": False,
    }


def when_ready(server) -> None:
    """In the master, after the preload and before the first fork: warm the application."""
    from django.conf import settings
    from django.db import connections

    host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*",) and not h.startswith(".")), "localhost")
    app = server.app.wsgi()
    status = {}
    try:
        for path in PANASKAN:
            body = app(_lingkungan(path, host), lambda s, h, exc_info=None, p=path: status.__setitem__(p, s))
            for _chunk in body:
                pass
            getattr(body, "close", lambda: None)()
        server.log.info("warmed: %s", ", ".join(f"{p} {s.split()[0]}" for p, s in status.items()))
    except Exception as exc:  # noqa: BLE001 (a cold start is slower, never fatal)
        server.log.warning("warm-up skipped: %s", exc)
    finally:
        connections.close_all()
