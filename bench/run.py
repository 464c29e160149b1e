"""Benchmarks at borough scale: throughput, page weight, booking time and queries per page.

    make bench                      # or: .venv/bin/python bench/run.py [--duration 10] ...

What it does, in order (see docs/benchmarks.md for the figures and what they mean):
1. Makes two PostgreSQL databases, migrated and loaded with `demo-data --scale 0.01` and
   `--scale 1` (kept between runs; `--fresh` makes them again).
2. Counts SQL queries per public page at both sizes, in-process, with the page cache off.
3. Starts the portal under gunicorn (2 sync workers, production settings, no --max-requests)
   on the N=1 database, and the framework floor (bench/floor.py: a minimal Flask app returning
   the same page's bytes from memory) under the same settings.
4. Drives each page with wrk for a fixed time at fixed concurrency on loopback: requests per
   second, p50 and p99, and the ratio portal / floor. Once with the page cache as configured
   for production, and once with it off (every request renders).
5. Times complete booking journeys (fresh family each time, signed in beforehand): the server's
   own time per request from gunicorn's access log (%(D)s), summed over the journey.
6. Loads each page in headless Chromium with an empty cache and counts bytes on the wire
   (HTML, CSS, JS, fonts, images as served, compressed) and requests.
7. Prints one table and writes it to docs/benchmarks.md with the date, machine and versions.

Throughput is measured here and never asserted by a test: it depends on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookiejar import Cookie, CookieJar, DefaultCookiePolicy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/"
PORTAL_PORT, FLOOR_PORT, JOURNEY_PORT, BURST_PORT = 8311, 8312, 8313, 8314
BURST_RATE = 20  # bookings a second during the burst
BURST_PLACES = 3  # each burst booking: 2 adults and a child
PAGES_SCRIPT = ROOT / "bench" / "pages.lua"
WARM_UP_FAMILIES = 4  # untimed journeys first, so both workers have compiled their templates
REDIS_DB = 7  # the bench's own Redis database, emptied before each run (rate limits)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PARTS = ["queries", "load", "journey", "first-load", "signed-in", "burst", "memory"]
NOTES_MARKER = "<!-- Written by people: make bench keeps everything below this line. -->"
GOALS = {
    "session_rps": 1000,
    "session_ratio": 0.25,
    "first_load_kb": 60,
    "first_load_requests": 6,
    "journey_ms": 25,
    "queries": 10,
    "signed_in_ms": 15,
    "burst_p95_ratio": 3,
    "library_ratio": 0.25,
    "rendered_session_ratio": 0.15,
}


@dataclass
class Page:
    name: str
    path: str


@dataclass
class Results:
    loaded: dict = field(default_factory=dict)
    queries: dict = field(default_factory=dict)
    load: dict = field(default_factory=dict)
    journey: dict = field(default_factory=dict)
    first_load: dict = field(default_factory=dict)
    signed_in: dict = field(default_factory=dict)
    burst: dict = field(default_factory=dict)
    memory: dict = field(default_factory=dict)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def database_name(scale: float) -> str:
    return "portal_bench_" + str(scale).replace(".", "_")


def portal_env(database: str, **extra) -> dict:
    env = {
        **os.environ,
        "PORTAL_ENV": "production",
        "SECRET_KEY": "bench-" + "x" * 40,
        "PUBLIC_URL": f"http://127.0.0.1:{PORTAL_PORT}",
        "TRUSTED_HOSTS": "127.0.0.1",
        "DATABASE_URL": PG + database,
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "MEDIA_FOLDER": str(ROOT / "instance" / "bench-media"),
    }
    env.update(extra)
    return env


def flask(database: str, *args: str, **extra) -> str:
    result = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=portal_env(database, **extra),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def prepare_database(scale: float, fresh: bool) -> float | None:
    """Make and load the database for `scale` unless it is there already. Seconds taken."""
    name = database_name(scale)
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"
    if exists and not fresh:
        loaded = psql("SELECT count(*) FROM events", name)
        if loaded and int(loaded) > 0:
            log(f"{name}: already loaded ({loaded} sessions)")
            return None
    if exists:
        psql(f'DROP DATABASE "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')
    log(f"{name}: migrating and loading demo-data --scale {scale}")
    flask(name, "db", "upgrade")
    started = time.perf_counter()
    flask(name, "demo-data", "--scale", str(scale), PORTAL_ENV="development")
    return time.perf_counter() - started


def pages_for(database: str) -> list[Page]:
    """The public pages to measure, with real ids and words from this database."""
    session_id = psql(
        "SELECT id FROM events WHERE status = 'published' AND starts_at > now() "
        "ORDER BY starts_at LIMIT 1",
        database,
    )
    commitment = psql(
        "SELECT c.slug FROM commitments c JOIN pledge_commitments pc ON pc.commitment_id = c.id "
        "GROUP BY c.slug ORDER BY count(*) DESC LIMIT 1",
        database,
    )
    return [
        Page("home", "/"),
        Page("sessions", "/events"),
        Page("one session", f"/events/{session_id}"),
        Page("pledges, filtered", f"/pledges?commitment={commitment}"),
        Page("library, search", "/library?q=school"),
    ]


def count_queries(database: str) -> dict[str, int]:
    """SQL statements per page, in-process, page cache off (every request renders)."""
    code = f"""
import json, sys
from sqlalchemy import event
from portal import create_app
from portal.extensions import db
app = create_app()
paths = json.loads(sys.argv[1])
counts = {{}}
with app.app_context():
    engine = db.engine
client = app.test_client()
for name, path in paths:
    statements = []
    listener = lambda *args: statements.append(args[2])
    event.listen(engine, "before_cursor_execute", listener)
    response = client.get(path, base_url="http://127.0.0.1:{PORTAL_PORT}")
    event.remove(engine, "before_cursor_execute", listener)
    assert response.status_code == 200, (path, response.status_code)
    counts[name] = len(statements)
print(json.dumps(counts))
"""
    paths = json.dumps([(p.name, p.path) for p in pages_for(database)])
    result = subprocess.run(
        [sys.executable, "-c", code, paths],
        cwd=ROOT,
        env=portal_env(database, PAGE_CACHE_SECONDS="0"),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


class Server:
    """A gunicorn process on loopback, stopped on exit."""

    def __init__(self, app: str, port: int, env: dict, extra: list[str] | None = None):
        self.port = port
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                *(extra or []),
                app,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return
            except urllib.error.HTTPError:
                return  # it answers (the floor has no /healthz)
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {self.port} did not start")

    def worker_rss_mb(self) -> list[float]:
        """The resident size of each worker (gunicorn's children), in MB."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        sizes = []
        for child in children:
            status = Path(f"/proc/{child}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
        return sorted(sizes)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def fetch(url: str) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        headers = {"Content-Type": response.headers["Content-Type"]}
        if response.headers.get("Content-Encoding"):
            headers["Content-Encoding"] = response.headers["Content-Encoding"]
        return response.read(), headers


LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)


def wrk_command(duration: int, connections: int, *rest: str) -> list[str]:
    """wrk on 2 threads for `duration` s with `connections` connections, then `rest`."""
    threads = ["--threads", "2", "--connections", str(connections)]
    return ["wrk", *threads, "--duration", f"{duration}s", *rest]


def wrk(url: str, duration: int, connections: int) -> dict:
    output = subprocess.run(
        wrk_command(
            duration, connections, "--latency", "--header", "Accept-Encoding: br, gzip", url
        ),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    """Requests per second, p50 and p99 in ms, and non-2xx/3xx count from wrk --latency."""
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    latency = {p: float(v) * scale[u] for p, v, u in LATENCY.findall(output)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def measure_load(database: str, duration: int, connections: int) -> dict:
    pages = pages_for(database)
    results: dict = {}
    captured = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    portal = Server("wsgi:app", PORTAL_PORT, portal_env(database))
    try:
        for index, page in enumerate(pages):
            body, headers = fetch(f"http://127.0.0.1:{PORTAL_PORT}{page.path}")
            (captured / f"p{index}.body").write_bytes(body)
            (captured / f"p{index}.headers").write_text(json.dumps(headers))
        for page in pages:
            log(f"wrk {page.path} (page cache on)")
            results[page.name] = {
                "bytes": len((captured / f"p{pages.index(page)}.body").read_bytes()),
                "cached": wrk(f"http://127.0.0.1:{PORTAL_PORT}{page.path}", duration, connections),
            }
    finally:
        portal.stop()
    portal = Server("wsgi:app", PORTAL_PORT, portal_env(database, PAGE_CACHE_SECONDS="0"))
    try:
        for page in pages:
            log(f"wrk {page.path} (page cache off)")
            url = f"http://127.0.0.1:{PORTAL_PORT}{page.path}"
            results[page.name]["rendered"] = wrk(url, duration, connections)
    finally:
        portal.stop()
    floor = Server(
        "bench.floor:app", FLOOR_PORT, {**os.environ, "FLOOR_PAGES": str(captured)}, extra=[]
    )
    try:
        for index, page in enumerate(pages):
            log(f"wrk floor for {page.path}")
            url = f"http://127.0.0.1:{FLOOR_PORT}/p{index}"
            results[page.name]["floor"] = wrk(url, duration, connections)
    finally:
        floor.stop()
        shutil.rmtree(captured, ignore_errors=True)
    return results


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _LoopbackCookies(DefaultCookiePolicy):
    """Send the portal's Secure cookies over plain HTTP: production settings, but on loopback
    with no TLS proxy in front (gunicorn behind one would see the same requests)."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


class Family:
    """One family's browser: its own cookies, no redirects followed."""

    CSRF = re.compile(
        r'name="csrf_token" type="hidden" value="([^"]+)"|'
        r'name="csrf_token" value="([^"]+)"'
    )

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar(_LoopbackCookies())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects()
        )

    def open(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers.get("Location", "")

    def form(self, path: str) -> str:
        status, page, _ = self.open(path)
        assert status == 200, (path, status)
        match = self.CSRF.search(page)
        return next(group for group in match.groups() if group)

    def post(self, path: str, data: dict) -> str:
        status, _, location = self.open(path, {"csrf_token": self.form(path), **data})
        assert status == 302, (path, status)
        return location

    def set_cookie(self, name: str, value: str) -> None:
        """Start with a cookie the server made (a signed-in session), as a browser would."""
        host = urllib.parse.urlsplit(self.base).hostname
        self.jar.set_cookie(
            Cookie(0, name, value, None, False, host, False, False, "/", True, True, None,
                   False, None, None, {})
        )  # fmt: skip

    def book(self, event_id: str) -> str:
        """Book 2 adults and a child (BURST_PLACES) from the session page to the confirmation:
        8 requests. When the last places went meanwhile, the portal says so (409) and the
        family joins the waiting list instead. "booked" or "waiting"."""
        _, session_page, _ = self.open(f"/events/{event_id}")
        who = re.search(r'href="([^"]+)"[^>]*>\s*Book a place', session_page).group(1)
        party = {"adults": "2", "children": "1", "children_ages": "7", "carer": "no"}
        needs = self.post(who, party)
        check = urllib.parse.urlsplit(self.post(urllib.parse.urlsplit(needs).path, {})).path
        _, page, _ = self.open(check)
        choice = "wait" if 'value="wait"' in page else "book"
        token = next(group for group in self.CSRF.search(page).groups() if group)
        status, _, confirmed = self.open(check, {"csrf_token": token, "choice": choice})
        if status == 409 and choice == "book":
            choice = "wait"
            status, _, confirmed = self.open(
                check, {"csrf_token": self.form(check), "choice": choice}
            )
        assert status == 302, (check, status)
        status, page, _ = self.open(urllib.parse.urlsplit(confirmed).path)
        assert status == 200 and "BRM-" in page, status
        return "waiting" if choice == "wait" else "booked"


def new_session(database: str, title: str, capacity: int) -> str:
    """A published session in 60 days with `capacity` places: its id."""
    return psql(
        "INSERT INTO events (title, summary, description, audience, kind, starts_at, ends_at,"
        " venue_id, capacity, places_booked, status, lighting, noise, cancel_reason,"
        " low_stimulus, crowd_size, participation, breaks, created_at) "
        f"SELECT '{title}', 'For the benchmark', 'For the benchmark', 'parents',"
        " 'theatre', now() + interval '60 days', now() + interval '60 days 2 hours', id,"
        f" {int(capacity)}, 0, 'published', '', '', '', false, '', '', '', now() "
        "FROM venues ORDER BY id LIMIT 1 RETURNING id",
        database,
    ).splitlines()[0]


def measure_journeys(database: str, families: int) -> dict:
    """Book `families` times, fresh family each time; sum the server's time per journey."""
    event_id = psql(
        "SELECT id FROM events WHERE title = 'Benchmark session' AND status = 'published'",
        database,
    )
    if not event_id:
        event_id = new_session(database, "Benchmark session", 100000)
    run = secrets.token_hex(3)
    emails = [f"bench-{run}-{n}@example.org" for n in range(families + WARM_UP_FAMILIES)]
    password = "benchmark family password " + run
    for email in emails:
        flask(database, "users", "create", email, "--password", password)
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "FLUSHDB"], check=True, capture_output=True)
    access_log = Path(tempfile.mkstemp(prefix="bench-access-", suffix=".log")[1])
    server = Server(
        "wsgi:app",
        JOURNEY_PORT,
        portal_env(database, PUBLIC_URL=f"http://127.0.0.1:{JOURNEY_PORT}"),
        extra=[
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(m)s %(U)s %(s)s %(D)s %({x-bench-family}i)s",
        ],
    )
    try:
        # The first journeys on each worker compile templates and fill caches: done untimed,
        # as a server that has been up for a while would have.
        for email in emails:
            family = Family(f"http://127.0.0.1:{JOURNEY_PORT}")
            family.post("/login", {"email": email, "password": password})
            family.opener.addheaders = [("X-Bench-Family", email)]
            family.book(event_id)
    finally:
        server.stop()
    per_family: dict[str, list[tuple[str, float]]] = {
        email: [] for email in emails[WARM_UP_FAMILIES:]
    }
    for line in access_log.read_text().splitlines():
        method, path, status, micros, family = line.split(" ")
        if family in per_family:
            per_family[family].append((f"{method} {path} {status}", int(micros) / 1000))
    access_log.unlink()
    totals = [sum(ms for _, ms in requests) for requests in per_family.values()]
    example = next(iter(per_family.values()))
    return {
        "families": families,
        "requests": len(example),
        "median_ms": statistics.median(totals),
        "max_ms": max(totals),
        "all_ms": sorted(round(t, 1) for t in totals),
        "steps": [(step, round(ms, 2)) for step, ms in example],
    }


def bench_script(database: str, *args: str, **extra) -> dict:
    """Run bench/signed_in.py against `database`; its JSON."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "signed_in.py"), *args],
        cwd=ROOT,
        env=portal_env(database, **extra),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_signed_in(databases: list[str]) -> dict:
    """Server time p50 (in-process) and queries for signed-in pages, at each size."""
    return {database: bench_script(database) for database in databases}


def wrk_pages(port: int, pages: list[Page], duration: int, connections: int):
    """wrk reading the pages in turn (bench/pages.lua); returns the running process."""
    return subprocess.Popen(
        wrk_command(
            duration, connections, "--script", str(PAGES_SCRIPT), f"http://127.0.0.1:{port}/"
        ),
        env={**os.environ, "BENCH_PATHS": " ".join(page.path for page in pages)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wrk_result(process) -> dict:
    output, _ = process.communicate(timeout=600)
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def burst_bookings(base: str, event_id: str, families: dict, rate: int) -> dict:
    """Start one booking every 1/rate s, each by a family signed in beforehand, on threads."""
    from concurrent.futures import ThreadPoolExecutor

    def book(cookie: str) -> str:
        family = Family(base)
        family.set_cookie(families["cookie_name"], cookie)
        try:
            return family.book(event_id)
        except (AssertionError, AttributeError, OSError) as error:
            return f"failed: {error!r}"

    started = time.monotonic()
    futures = []
    with ThreadPoolExecutor(max_workers=32) as pool:
        for n, cookie in enumerate(families["cookies"]):
            time.sleep(max(0.0, started + n / rate - time.monotonic()))
            futures.append(pool.submit(book, cookie))
        outcomes = [future.result() for future in futures]
    seconds = time.monotonic() - started
    return {
        "asked": len(outcomes),
        "seconds": seconds,
        "booked": outcomes.count("booked"),
        "waiting": outcomes.count("waiting"),
        "failed": [o for o in outcomes if o.startswith("failed")][:3],
        "failures": sum(o.startswith("failed") for o in outcomes),
    }


def places_guard(database: str, event_id: str, prefix: str) -> dict:
    """After the burst, from the database: places kept against the session's capacity."""
    capacity, kept, counted, confirmed, waiting, emails = psql(
        "SELECT e.capacity, e.places_booked,"
        " (SELECT coalesce(sum(places), 0) FROM bookings b"
        "  WHERE b.event_id = e.id AND b.status = 'confirmed'),"
        " (SELECT count(*) FROM bookings b WHERE b.event_id = e.id AND b.status = 'confirmed'),"
        " (SELECT count(*) FROM bookings b WHERE b.event_id = e.id AND b.status = 'waiting'),"
        f" (SELECT count(*) FROM outbox_messages WHERE recipient LIKE '{prefix}-%')"
        f" FROM events e WHERE e.id = {int(event_id)}",
        database,
    ).split("|")
    return {
        "capacity": int(capacity),
        "places_booked": int(kept),
        "places_counted": int(counted),
        "confirmed": int(confirmed),
        "waiting": int(waiting),
        "emails": int(emails),
        "holds": int(kept) == int(counted) <= int(capacity),
    }


def measure_burst(database: str, seconds: int, connections: int) -> dict:
    """The public pages read by wrk, quiet and then during a burst of bookings, with
    revisions by area and with one global revision. Returns both."""
    pages = pages_for(database)
    results = {}
    for name, one_revision in (("by area", "0"), ("one global revision", "1")):
        run = secrets.token_hex(3)
        count = BURST_RATE * seconds
        families = bench_script(database, "--families", str(count), "--prefix", f"burst-{run}")
        # Room for two bookings in three, so the waiting list and the guard are exercised.
        event_id = new_session(database, f"Burst session {run}", count * BURST_PLACES * 2 // 3)
        subprocess.run(["redis-cli", "-n", str(REDIS_DB), "FLUSHDB"], check=True)
        base = f"http://127.0.0.1:{BURST_PORT}"
        server = Server(
            "wsgi:app",
            BURST_PORT,
            portal_env(database, PUBLIC_URL=base, PAGE_CACHE_ONE_REVISION=one_revision),
        )
        try:
            for page in pages:
                fetch(base + page.path)
            log(f"burst ({name}): quiet")
            quiet = wrk_result(wrk_pages(BURST_PORT, pages, seconds, connections))
            log(f"burst ({name}): {count} bookings at {BURST_RATE} a second")
            reading = wrk_pages(BURST_PORT, pages, seconds, connections)
            bookings = burst_bookings(base, event_id, families, BURST_RATE)
            burst = wrk_result(reading)
            rss = server.worker_rss_mb()
        finally:
            server.stop()
        results[name] = {
            "quiet": quiet,
            "burst": burst,
            "bookings": bookings,
            "guard": places_guard(database, event_id, f"burst-{run}"),
            "rss_mb": rss,
        }
    return results


def measure_memory(databases: dict[float, str], duration: int, connections: int) -> dict:
    """Each worker's resident size when started and after wrk has read the public pages for
    `duration` s, at each data size."""
    results = {}
    for scale, database in databases.items():
        pages = pages_for(database)
        server = Server("wsgi:app", PORTAL_PORT, portal_env(database))
        try:
            started = server.worker_rss_mb()
            wrk_result(wrk_pages(PORTAL_PORT, pages, duration, connections))
            results[scale] = {"started_mb": started, "after_mb": server.worker_rss_mb()}
        finally:
            server.stop()
    return results


def measure_first_load(database: str) -> dict:
    from playwright.sync_api import sync_playwright

    pages = pages_for(database)
    results = {}
    server = Server("wsgi:app", PORTAL_PORT, portal_env(database))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            for page_spec in pages:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                responses: list = []
                # (Playwright cannot take a bound builtin such as list.append as a handler.)
                page.on("requestfinished", lambda request, sink=responses: sink.append(request))
                page.goto(f"http://127.0.0.1:{PORTAL_PORT}{page_spec.path}")
                page.wait_for_load_state("networkidle")
                total = 0
                kinds: dict[str, int] = {}
                for request in responses:
                    sizes = request.sizes()
                    size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    total += size
                    kinds[request.resource_type] = kinds.get(request.resource_type, 0) + size
                results[page_spec.name] = {
                    "bytes": total,
                    "requests": len(responses),
                    "by_type": kinds,
                }
                context.close()
            browser.close()
    finally:
        server.stop()
    return results


def versions() -> dict:
    def run(*command: str) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "not found"

    from importlib.metadata import version

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {
        "machine": f"{os.cpu_count()} cores ({cpu}), {memory_kb // 1024 // 1024} GB RAM",
        "os": platform.platform(),
        "python": platform.python_version(),
        "flask": version("flask"),
        "sqlalchemy": version("sqlalchemy"),
        "gunicorn": version("gunicorn"),
        "psycopg": version("psycopg"),
        "postgresql": psql("SHOW server_version"),
        "wrk": run("wrk", "--version").splitlines()[0] if shutil.which("wrk") else "not found",
        "chromium": run("/usr/bin/chromium", "--version"),
    }


def verdict(value: float, goal: float, *, at_most: bool) -> str:
    met = value <= goal if at_most else value >= goal
    return "met" if met else "**not met**"


def report(results: Results, args, info: dict) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `make bench` "
        f"(wrk: {args.duration} s per page, {args.connections} connections, 2 threads; "
        f"{args.families} booking journeys). What was slow and what fixed it is written below "
        "the tables.",
        "",
        f"- Machine: {info['machine']}; {info['os']}",
        f"- Python {info['python']}, Flask {info['flask']}, SQLAlchemy {info['sqlalchemy']}, "
        f"gunicorn {info['gunicorn']} (2 sync workers), psycopg {info['psycopg']}, "
        f"PostgreSQL {info['postgresql']}; {info['wrk']}; {info['chromium']}",
        "",
    ]
    if results.loaded:
        loaded = ", ".join(f"N={s}: {t:.0f} s" for s, t in results.loaded.items())
        lines += [f"Loading the demo data took {loaded}.", ""]
    if results.load:
        lines += [
            "## Throughput at N=1 (requests per second, latency in ms)",
            "",
            "| Page | Bytes sent | Portal req/s | p50 | p99 | Floor req/s | Portal / floor "
            "| Rendered every time: req/s | p50 | p99 |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, row in results.load.items():
            cached, floor, rendered = row["cached"], row["floor"], row["rendered"]
            ratio = cached["rps"] / floor["rps"]
            errors = sum(r["errors"] for r in (cached, floor, rendered))
            flag = f" ({errors} errors)" if errors else ""
            lines.append(
                f"| {name}{flag} | {row['bytes']:,} | {cached['rps']:,.0f} | {cached['p50']:.1f} "
                f"| {cached['p99']:.1f} | {floor['rps']:,.0f} | {ratio:.2f} "
                f"| {rendered['rps']:,.0f} | {rendered['p50']:.1f} | {rendered['p99']:.1f} |"
            )
        lines.append("")
    if results.journey:
        journey = results.journey
        lines += [
            "## A complete booking",
            "",
            f"{journey['families']} families, each signed in beforehand, each booked once: "
            f"{journey['requests']} requests from the session page to the confirmation. "
            f"Server time (gunicorn's own %(D)s) summed over the journey: median "
            f"**{journey['median_ms']:.1f} ms**, slowest {journey['max_ms']:.1f} ms.",
            "",
            "| Request (one family) | Server ms |",
            "|---|---:|",
            *[f"| `{step}` | {ms} |" for step, ms in journey["steps"]],
            "",
        ]
    if results.first_load:
        lines += [
            "## First load in Chromium (390 px wide, empty cache)",
            "",
            "| Page | Bytes on the wire | Requests | By type |",
            "|---|---:|---:|---|",
        ]
        for name, row in results.first_load.items():
            kinds = ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in sorted(row["by_type"].items()))
            lines.append(f"| {name} | {row['bytes'] / 1024:.1f} KB | {row['requests']} | {kinds} |")
        lines.append("")
    if results.queries:
        sizes = list(results.queries)
        lines += [
            "## SQL queries per page (page cache off)",
            "",
            "| Page | " + " | ".join(f"N={s}" for s in sizes) + " |",
            "|---|" + "---:|" * len(sizes),
        ]
        for name in results.queries[sizes[0]]:
            counts = " | ".join(str(results.queries[s][name]) for s in sizes)
            lines.append(f"| {name} | {counts} |")
        lines.append("")
    lines += signed_in_table(results) + burst_table(results, args) + memory_table(results)
    lines += goals(results)
    return "\n".join(lines) + "\n"


def signed_in_table(results: Results) -> list[str]:
    if not results.signed_in:
        return []
    sizes = list(results.signed_in)
    large = results.signed_in[sizes[-1]]
    lines = [
        "## Pages for signed-in people (never kept; server time in-process)",
        "",
        f"Each page requested 40 times after 5 untimed, by the family with the most bookings "
        f"or the member of staff (bench/signed_in.py). Time at N={sizes[-1]}.",
        "",
        "| Page | Server ms p50 | p90 | "
        + " | ".join(f"Queries at N={size}" for size in sizes)
        + " |",
        "|---|---:|---:|" + "---:|" * len(sizes),
    ]
    for name, row in large.items():
        counts = " | ".join(str(results.signed_in[size][name]["queries"]) for size in sizes)
        lines.append(f"| {name} | {row['p50_ms']:.1f} | {row['p90_ms']:.1f} | {counts} |")
    return [*lines, ""]


def burst_table(results: Results, args) -> list[str]:
    if not results.burst:
        return []
    lines = [
        "## Public pages during a booking burst (N=1, page cache on)",
        "",
        f"wrk reads the five pages in turn ({args.connections} connections) for {args.burst} s "
        f"while nothing else happens (quiet), then again while families book the same session "
        f"at {BURST_RATE} bookings a second, each signed in beforehand (burst). The session "
        "has room for two bookings in three; the rest go on its waiting list.",
        "",
        "| Revisions | Quiet req/s | Quiet p95 | Burst req/s | Burst p95 | p95 burst / quiet "
        "| Errors | Bookings (a second) | Booked + waiting | Places kept = counted ≤ capacity "
        "| Emails queued | Worker RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for name, row in results.burst.items():
        quiet, burst, bookings, guard = row["quiet"], row["burst"], row["bookings"], row["guard"]
        errors = quiet["errors"] + burst["errors"] + bookings["failures"]
        holds = "holds" if guard["holds"] else "**BROKEN**"
        lines.append(
            f"| {name} | {quiet['requests'] / quiet['seconds']:,.0f} | {quiet['p95']:.1f} "
            f"| {burst['requests'] / burst['seconds']:,.0f} | {burst['p95']:.1f} "
            f"| {burst['p95'] / quiet['p95']:.1f} | {errors} "
            f"| {bookings['asked']} ({bookings['asked'] / bookings['seconds']:.1f}) "
            f"| {bookings['booked']} + {bookings['waiting']} "
            f"| {holds}: {guard['places_booked']} = {guard['places_counted']} ≤ "
            f"{guard['capacity']} | {guard['emails']} "
            f"| {', '.join(f'{mb:.0f}' for mb in row['rss_mb'])} |"
        )
    failed = [f for row in results.burst.values() for f in row["bookings"]["failed"]]
    if failed:
        lines += ["", "Failed bookings (first few): " + "; ".join(failed)]
    return [*lines, ""]


def memory_table(results: Results) -> list[str]:
    if not results.memory:
        return []
    lines = [
        "## Memory: each worker's resident size (MB)",
        "",
        "| Data | Started | After wrk read the five pages |",
        "|---|---:|---:|",
    ]
    for scale, row in results.memory.items():
        started = ", ".join(f"{mb:.0f}" for mb in row["started_mb"])
        after = ", ".join(f"{mb:.0f}" for mb in row["after_mb"])
        lines.append(f"| N={scale} | {started} | {after} |")
    return [*lines, ""]


def goals(results: Results) -> list[str]:
    lines = ["## Against the goals", "", "| Goal | Measured | |", "|---|---|---|"]
    if results.load:
        session = results.load["one session"]
        rps, floor = session["cached"]["rps"], session["floor"]["rps"]
        lines.append(
            f"| Session page ≥ {GOALS['session_rps']:,} req/s | {rps:,.0f} "
            f"| {verdict(rps, GOALS['session_rps'], at_most=False)} |"
        )
        lines.append(
            f"| Session page ≥ {GOALS['session_ratio']} x the floor | {rps / floor:.2f} x "
            f"| {verdict(rps / floor, GOALS['session_ratio'], at_most=False)} |"
        )
    if results.first_load:
        heaviest = max(results.first_load.values(), key=lambda row: row["bytes"])
        most = max(row["requests"] for row in results.first_load.values())
        kb = heaviest["bytes"] / 1024
        lines.append(
            f"| First load ≤ {GOALS['first_load_kb']} KB | heaviest page {kb:.1f} KB "
            f"| {verdict(kb, GOALS['first_load_kb'], at_most=True)} |"
        )
        lines.append(
            f"| First load ≤ {GOALS['first_load_requests']} requests | at most {most} "
            f"| {verdict(most, GOALS['first_load_requests'], at_most=True)} |"
        )
    if results.journey:
        median = results.journey["median_ms"]
        lines.append(
            f"| Booking ≤ {GOALS['journey_ms']} ms server time | median {median:.1f} ms "
            f"| {verdict(median, GOALS['journey_ms'], at_most=True)} |"
        )
    if results.load and "library, search" in results.load:
        library = results.load["library, search"]
        ratio = library["cached"]["rps"] / library["floor"]["rps"]
        lines.append(
            f"| Library search ≥ {GOALS['library_ratio']} x the floor | {ratio:.2f} x, "
            f"p50 {library['cached']['p50']:.1f} ms "
            f"| {verdict(ratio, GOALS['library_ratio'], at_most=False)} |"
        )
    if results.load:
        session = results.load["one session"]
        ratio = session["rendered"]["rps"] / session["floor"]["rps"]
        lines.append(
            f"| Session page rendered every time ≥ {GOALS['rendered_session_ratio']} x the floor "
            f"| {ratio:.2f} x | {verdict(ratio, GOALS['rendered_session_ratio'], at_most=False)} |"
        )
    if results.signed_in:
        sizes = list(results.signed_in)
        large = results.signed_in[sizes[-1]]
        slowest = max(row["p50_ms"] for row in large.values())
        lines.append(
            f"| Signed-in pages ≤ {GOALS['signed_in_ms']} ms p50 | slowest {slowest:.1f} ms "
            f"| {verdict(slowest, GOALS['signed_in_ms'], at_most=True)} |"
        )
        counts = [{k: v["queries"] for k, v in results.signed_in[s].items()} for s in sizes]
        constant = all(c == counts[0] for c in counts)
        most = max(max(c.values()) for c in counts)
        lines.append(
            f"| Signed-in queries constant and ≤ {GOALS['queries']} | "
            f"{'constant' if constant else 'NOT constant'}, at most {most} "
            f"| {'met' if constant and most <= GOALS['queries'] else '**not met**'} |"
        )
    for name, row in results.burst.items():
        ratio = row["burst"]["p95"] / row["quiet"]["p95"]
        errors = row["quiet"]["errors"] + row["burst"]["errors"] + row["bookings"]["failures"]
        holds = row["guard"]["holds"]
        met = ratio <= GOALS["burst_p95_ratio"] and not errors and holds
        lines.append(
            f"| Burst ({name}): p95 ≤ {GOALS['burst_p95_ratio']} x quiet, no errors, guard holds "
            f"| {ratio:.1f} x, {errors} errors, guard {'holds' if holds else 'BROKEN'} "
            f"| {'met' if met else '**not met**'} |"
        )
    if results.queries:
        sizes = list(results.queries)
        constant = all(results.queries[sizes[0]] == results.queries[s] for s in sizes)
        most = max(max(counts.values()) for counts in results.queries.values())
        lines.append(
            f"| Queries per page constant and ≤ {GOALS['queries']} | "
            f"{'constant' if constant else 'NOT constant'}, at most {most} "
            f"| {'met' if constant and most <= GOALS['queries'] else '**not met**'} |"
        )
    return [*lines, ""]


def preflight() -> None:
    """Say plainly what is missing, rather than fail half-way through."""
    missing = []
    if not shutil.which("wrk"):
        missing.append("wrk (apt-get install -y wrk)")
    if not Path("/usr/bin/chromium").exists():
        missing.append("Chromium (apt-get install -y chromium)")
    ready = shutil.which("pg_isready")
    if not ready or subprocess.run([ready, "-q", "-h", "127.0.0.1"]).returncode:
        missing.append("PostgreSQL on 127.0.0.1:5432 (pg_ctlcluster ... main start)")
    redis = subprocess.run(["redis-cli", "ping"], capture_output=True, text=True)
    if redis.returncode or redis.stdout.strip() != "PONG":
        missing.append("Redis on 127.0.0.1:6379")
    if missing:
        sys.exit("The benchmark needs: " + "; ".join(missing))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--families", type=int, default=15, help="booking journeys to time")
    parser.add_argument("--burst", type=int, default=10, help="seconds of the booking burst")
    parser.add_argument("--scale", type=float, default=1.0, help="the large data size")
    parser.add_argument("--fresh", action="store_true", help="make the databases again")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument(
        "--only",
        choices=PARTS,
        action="append",
        help="run only these parts (repeatable); the report then has only them",
    )
    args = parser.parse_args()
    preflight()
    parts = set(args.only or PARTS)

    results = Results()
    small, large = 0.01, args.scale
    for scale in (small, large):
        seconds = prepare_database(scale, args.fresh)
        if seconds is not None:
            results.loaded[scale] = seconds
    big = database_name(large)
    if "queries" in parts:
        for scale in (small, large):
            results.queries[scale] = count_queries(database_name(scale))
    if "load" in parts:
        results.load = measure_load(big, args.duration, args.connections)
    if "journey" in parts:
        results.journey = measure_journeys(big, args.families)
    if "first-load" in parts:
        results.first_load = measure_first_load(big)
    if "signed-in" in parts:
        measured = measure_signed_in([database_name(small), big])
        results.signed_in = {scale: measured[database_name(scale)] for scale in (small, large)}
    if "burst" in parts:
        results.burst = measure_burst(big, args.burst, args.connections)
    if "memory" in parts:
        sizes = {scale: database_name(scale) for scale in (small, large)}
        results.memory = measure_memory(sizes, args.duration, args.connections)

    text = report(results, args, versions())
    print(text)
    write_report(Path(args.output), text)
    log(f"written to {args.output}")


def write_report(output: Path, text: str) -> None:
    """Replace the tables; keep the notes people wrote below NOTES_MARKER."""
    output.parent.mkdir(parents=True, exist_ok=True)
    _, marker, notes = output.read_text().partition(NOTES_MARKER) if output.exists() else ("",) * 3
    output.write_text(text + marker + notes)


if __name__ == "__main__":
    main()
