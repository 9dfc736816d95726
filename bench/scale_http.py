"""The app as people reach it: served by gunicorn, signed in through the form, over HTTP.

``bench/pages.py`` times pages through Flask's test client, in the same process; at
national scale what matters is the whole path (sockets, gunicorn's workers, the session
cookie, the CSRF-protected sign-in), so this drives a real server with plain
``http.client`` and, for throughput, ``wrk``.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

from complaints.auth import two_factor
from complaints.common.clock import utcnow
from complaints.demo.tuning import DEMO_TOTP_SECRET

PROJECT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
WORKERS = 2
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


@contextlib.contextmanager
def serve(app: str, port: int, env: dict[str, str] | None = None) -> Iterator[str]:
    """``gunicorn -w 2 app`` on 127.0.0.1:port until the block ends; yields its base URL.
    Both apps compared are served with exactly these settings."""
    command = [
        str(GUNICORN),
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "300",  # a slow dashboard is a result to print, not a worker to kill
        "--log-level",
        "warning",
        app,
    ]
    environment = {**os.environ, **(env or {})}
    process = subprocess.Popen(command, cwd=PROJECT, env=environment)  # noqa: S603 (ours)
    try:
        _wait_until_up(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with exit code {process.returncode}")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {seconds:.0f} s")


def app_environment(database_url: str, folder: str) -> dict[str, str]:
    """The service configured as in production (docs/deployment.md), files in ``folder``."""
    return {
        "COMPLAINTS_ENV": "production",
        "COMPLAINTS_SECRET_KEY": "scale-benchmark-not-secret",
        "COMPLAINTS_DATABASE_URL": database_url,
        "COMPLAINTS_INSTANCE_PATH": folder,
        "COMPLAINTS_FILES_DIR": str(Path(folder) / "files"),
        # Plain HTTP on loopback, said so, as production otherwise refuses it.
        "COMPLAINTS_ALLOW_PLAIN_HTTP": "true",
    }


class Client:
    """One person's browser: a cookie jar and GET/POST on a fresh connection each time
    (gunicorn's sync workers close the connection after every response)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": self.cookie_header} if self.cookies else {}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            connection.close()

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def sign_in(self, email: str, password: str) -> None:
        """Through the form, as a person would: its CSRF token first, then the POST."""
        status, page = self.request("GET", "/sign-in")
        found = CSRF.search(page)
        if status != 200 or not found:
            raise RuntimeError(f"/sign-in answered {status} without a CSRF token")
        token = unescape(found.group(1) or found.group(2))
        form = {"csrf_token": token, "email": email, "password": password}
        status, _ = self.request("POST", "/sign-in", form)
        if status != 302:
            raise RuntimeError(f"signing in as {email} answered {status}, not a redirect")
        status, page = self.request("GET", "/sign-in/two-factor")
        found = CSRF.search(page)
        if status != 200 or not found:
            raise RuntimeError(f"/sign-in/two-factor answered {status} without a CSRF token")
        code = two_factor.current_code(DEMO_TOTP_SECRET, utcnow())
        form = {"csrf_token": unescape(found.group(1) or found.group(2)), "code": code}
        status, _ = self.request("POST", "/sign-in/two-factor", form)
        if status != 302:
            raise RuntimeError(f"the code for {email} answered {status}, not a redirect")

    def get_ms(self, path: str) -> float:
        started = time.perf_counter()
        status, _ = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return (time.perf_counter() - started) * 1000

    def time(
        self, paths: list[str], repeat: int, budget: float, least: int = 5
    ) -> tuple[float, list[float]]:
        """Milliseconds of the first sight of the page, and of ``repeat`` GETs through
        ``paths`` in turn after it; fewer (but at least ``least``) once the page has taken
        ``budget`` seconds. The first sight is one request per worker at once, so that
        every worker has shown the page before the timed ones (a worker keeps what it has
        computed, such as a dashboard's figures); the slowest of them is reported."""
        began = time.perf_counter()
        with ThreadPoolExecutor(WORKERS) as pool:
            first = max(pool.map(self.get_ms, [paths[0]] * WORKERS))
        timings: list[float] = []
        for n in range(repeat):
            timings.append(self.get_ms(paths[n % len(paths)]))
            if len(timings) >= least and time.perf_counter() - began > budget:
                break
        return first, timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def median(values: list[float]) -> float:
    return statistics.median(values)


@dataclass(frozen=True)
class Throughput:
    requests_per_second: float
    errors: int  # non-2xx/3xx answers and socket errors: the figure means nothing if > 0
    # CPU time a request cost, in milliseconds: in gunicorn's processes (Python) and in
    # PostgreSQL's (its statements, its commits). A rate depends on the machine; these
    # say where a request's time goes on any machine. None where /proc cannot be read.
    app_cpu_ms: float | None = None
    database_cpu_ms: float | None = None


def wrk(url: str, cookie: str | None, seconds: int, connections: int) -> Throughput:
    """``wrk`` against one URL, signed in through the session cookie if given."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: apt-get install -y -qq wrk")
    # A slow answer is a slow answer, not an error: wrk's own time-out is 2 seconds.
    command = ["wrk", f"-t{WORKERS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    before = cpu_seconds_by_server()
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)  # noqa: S603
    after = cpu_seconds_by_server()
    output = done.stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    answered = re.search(r"(\d+) requests in", output)
    if rate is None or answered is None:
        raise RuntimeError(f"wrk printed no rate:\n{output}")
    errors = sum(
        int(n)
        for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output)
        + re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
    )
    requests = max(1, int(answered.group(1)))
    app, database = (
        (1000 * (after[server] - before[server]) / requests if before and after else None)
        for server in ("gunicorn", "postgres")
    )
    return Throughput(float(rate.group(1)), errors, app, database)


def cpu_seconds_by_server() -> dict[str, float] | None:
    """CPU seconds used so far by the processes of gunicorn and of PostgreSQL (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {"gunicorn": 0.0, "postgres": 0.0}
    try:
        processes = [p for p in Path("/proc").iterdir() if p.name.isdigit()]
    except OSError:
        return None
    for process in processes:
        try:
            stat = (process / "stat").read_text()
            command = (process / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue  # ended meanwhile
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        if name == "postgres" or command.startswith("postgres"):
            used["postgres"] += seconds
        elif "gunicorn" in command:
            used["gunicorn"] += seconds
    return used


def cpu_busy(seconds: float = 1.0) -> float | None:
    """The share of the machine's CPU time in use over ``seconds`` (Linux), by anything:
    timings taken while something else runs are slower than the service is."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # all, idle + iowait

    try:
        total_0, idle_0 = sample()
        time.sleep(seconds)
        total_1, idle_1 = sample()
    except OSError:
        return None
    return 1 - (idle_1 - idle_0) / max(1, total_1 - total_0)


@contextlib.contextmanager
def scratch_folder() -> Iterator[str]:
    """The served app's instance folder: nothing of the working tree's instance/ is used."""
    with tempfile.TemporaryDirectory(prefix="complaints-scale-") as folder:
        yield folder
