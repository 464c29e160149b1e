"""Two hosts behind a load balancer: each its own gunicorn (two processes, their own page
caches), its own worker and its own local disk, on one PostgreSQL, one Redis and one S3 bucket.
Whatever one host does, the other sees at once; nothing works only on the host that did it.

The hosts run the Procfile's own commands with production settings, after its `release` line
has migrated a fresh database once, as a deployment does. Each test speaks to the hosts over
HTTP only, alternating between them as a load balancer would, and counts in the database (or
the bucket, or the mail server) only where counting is the point.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import secrets
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
import redis
from aiosmtpd.controller import Controller
from botocore.exceptions import ClientError
from PIL import Image
from sqlalchemy import func, select

from portal import create_app
from portal.config import PROJECT_ROOT, STATIC_DIR
from portal.extensions import db
from tests.conftest import Inbox, make_config
from tests.databases import drop_postgres_database, postgres_url
from tests.factories import LEAFLET_PDF, make_business, make_event, make_library_item, make_user
from tests.s3 import REGION
from tests.scale_out.visitor import Visitor, form_with
from tests.served import Served, free_port, procfile, start, wait_until_answering
from tests.two_step import fresh_code

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RUN = f"{os.getpid()}-{secrets.token_hex(3)}"  # in names other runs on this machine never use
SECRET_KEY = "a-two-host-secret-that-is-long-enough-0123456789"
FAMILIES, PLACES = 30, 5
WORKER_INTERVAL = 1


@dataclass
class Deployment:
    a: str  # host A's address, as the load balancer reaches it
    b: str
    setup: object  # an app on the same database, for making accounts and counting rows
    inbox: Inbox
    bucket: str
    s3: object  # a boto3 client for the bucket
    redis_prefix: str
    workers: list[Served]

    @contextlib.contextmanager
    def database(self):
        with self.setup.app_context():
            try:
                yield
            finally:
                db.session.remove()


def _redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        message = f"The two-host test needs Redis at {REDIS_URL}: {error}"
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"{message} (REQUIRE_REDIS=1, so this is an error)", pytrace=False)
        pytest.skip(message)


def _bucket(endpoint: str) -> tuple[dict, object]:
    settings = {
        "STORAGE": "s3",
        "S3_BUCKET": f"portal-twohost-{RUN}",
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": REGION,
        "S3_ACCESS_KEY_ID": "portal-test",
        "S3_SECRET_ACCESS_KEY": "portal-test-secret",
    }
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="portal-test",
        aws_secret_access_key="portal-test-secret",
    )
    client.create_bucket(
        Bucket=settings["S3_BUCKET"], CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return settings, client


@pytest.fixture(scope="module")
def hosts(s3_endpoint, tmp_path_factory):
    """Migrate once, then start host A and host B (web and worker each) and wait for both."""
    _redis_or_skip()
    name = f"portal_twohost_{os.getpid()}"
    database_url = postgres_url(name)  # skips (or fails with REQUIRE_POSTGRES=1) without one
    s3_settings, s3 = _bucket(s3_endpoint)
    inbox = Inbox()
    mail = Controller(inbox, hostname="127.0.0.1", port=free_port())
    mail.start()
    folder = tmp_path_factory.mktemp("two-hosts")
    prefix = f"portal-twohost-{RUN}"
    shared = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        # The subprocesses run this checkout's code, whatever the virtualenv has installed.
        "PYTHONPATH": str(PROJECT_ROOT),
        "PORTAL_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "PUBLIC_URL": "http://127.0.0.1",
        "DATABASE_URL": database_url,
        "DATABASE_POOL_SIZE": "2",
        "DATABASE_MAX_OVERFLOW": "2",
        "REDIS_URL": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": prefix,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail.port),
        "WORKER_INTERVAL_SECONDS": str(WORKER_INTERVAL),
        "WEB_CONCURRENCY": "2",
        "AWS_EC2_METADATA_DISABLED": "true",
        **s3_settings,
    }
    commands = procfile(PROJECT_ROOT / "deploy" / "Procfile")
    release = start("release", commands["release"], env=shared, cwd=folder, logs=folder)
    assert release.process.wait(timeout=120) == 0, release.output()

    served: list[Served] = []
    addresses = {}
    try:
        for host in ("a", "b"):
            own = folder / host  # nothing is shared through a host's own disk
            (own / "tmp").mkdir(parents=True)
            port = free_port()
            env = {
                **shared,
                "PORT": str(port),
                "INSTANCE_PATH": str(own),
                "TMPDIR": str(own / "tmp"),
            }
            for kind in ("web", "worker"):
                served.append(start(f"{kind}-{host}", commands[kind], env=env, cwd=own, logs=own))
            addresses[host] = f"http://127.0.0.1:{port}"
        for web, host in ((served[0], "a"), (served[2], "b")):
            wait_until_answering(web, f"{addresses[host]}/healthz")

        setup = create_app(make_config(database_url, folder / "setup", **s3_settings))
        yield Deployment(
            a=addresses["a"],
            b=addresses["b"],
            setup=setup,
            inbox=inbox,
            bucket=s3_settings["S3_BUCKET"],
            s3=s3,
            redis_prefix=prefix,
            workers=[served[1], served[3]],
        )
        with setup.app_context():
            db.engine.dispose()
    finally:
        for process in served:
            process.stop()
        mail.stop()
        connection = redis.Redis.from_url(REDIS_URL)
        for key in connection.scan_iter(f"*{prefix}*"):
            connection.delete(key)
        connection.close()
        for key in s3.list_objects_v2(Bucket=s3_settings["S3_BUCKET"]).get("Contents", []):
            s3.delete_object(Bucket=s3_settings["S3_BUCKET"], Key=key["Key"])
        s3.delete_bucket(Bucket=s3_settings["S3_BUCKET"])
        drop_postgres_database(name)


def _alternate(hosts: Deployment, n: int) -> str:
    """The host the load balancer sends request `n` to: A, B, A, B..."""
    return hosts.a if n % 2 == 0 else hosts.b


def _until(condition, *, timeout: float, what: str, every: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"waited {timeout} s for {what}")


def _staff(hosts: Deployment, at: str) -> Visitor:
    """A member of staff signed in at `at`, with their password and a code from their app."""
    email = f"staff-{secrets.token_hex(3)}-{RUN}@example.org"
    with hosts.database():
        make_user(email=email, role="staff", full_name="Sam Staff")
    staff = Visitor()
    assert staff.sign_in(at, email) == 302
    with hosts.database():
        code = fresh_code(email)
    answer = staff.post(f"{at}/login/code", {"code": code})
    assert answer.status_code == 302, answer.text
    return staff


def _in_bucket(hosts: Deployment, key: str) -> bool:
    try:
        hosts.s3.head_object(Bucket=hosts.bucket, Key=key)
    except ClientError as error:
        assert error.response["Error"]["Code"] in {"404", "NoSuchKey"}, error
        return False
    return True


def test_thirty_families_racing_through_both_hosts_book_exactly_the_places_there_are(hosts):
    from portal.events.models import Booking, Event

    with hosts.database():
        event_id = make_event(capacity=PLACES, title="The last places").id
        emails = [make_user(email=f"family{n}-{RUN}@example.org").email for n in range(FAMILIES)]

    def ready_to_confirm(n: int) -> tuple[Visitor, str]:
        host, family = _alternate(hosts, n), Visitor()
        assert family.sign_in(host, emails[n]) == 302
        book = f"{host}/events/{event_id}/book"
        answer = family.post(f"{book}/who", {"adults": 1, "children": 0, "carer": "no"})
        assert answer.status_code == 302, answer.text
        assert family.post(f"{book}/needs", {}).status_code == 302
        return family, host

    with ThreadPoolExecutor(4) as pool:  # as many as the hosts have processes
        families = list(pool.map(ready_to_confirm, range(FAMILIES)))

    start = threading.Barrier(FAMILIES, timeout=60)
    statuses: list[int] = []

    def confirm(family: Visitor, host: str) -> None:
        token = family.token(f"{host}/events/{event_id}/book/check")
        start.wait()
        answer = family.request(
            "POST",
            f"{host}/events/{event_id}/book/check",
            data={"csrf_token": token, "choice": "book"},
        )
        statuses.append(answer.status_code)

    threads = [threading.Thread(target=confirm, args=pair) for pair in families]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(thread.is_alive() for thread in threads), "a confirmation never answered"

    assert len(statuses) == FAMILIES
    assert set(statuses) <= {302, 409, 503}, statuses  # booked, full, or busy: never a 500
    assert statuses.count(302) == PLACES
    with hosts.database():
        event = db.session.get(Event, event_id)
        booked = db.session.scalar(
            select(func.coalesce(func.sum(Booking.places), 0)).where(
                Booking.event_id == event_id, Booking.status == "confirmed"
            )
        )
        assert (event.places_booked, booked) == (PLACES, PLACES)


def test_a_staff_edit_through_a_shows_at_once_through_b(hosts):
    with hosts.database():
        event_id = make_event(title="Through their eyes").id
    page = f"{hosts.b}/events/{event_id}"
    for _ in range(6):  # both of B's processes now keep the page with the old title
        answer = Visitor().get(page)
        assert answer.status_code == 200
        assert "Through their eyes" in answer.text

    staff = _staff(hosts, hosts.a)
    edit = f"{hosts.a}/staff/sessions/{event_id}/edit"
    fields = [
        (name, "Through their eyes, again" if name == "title" else value)
        for name, value in form_with(staff.get(edit).text, "title")
    ]
    saved = staff.request("POST", edit, data=fields)
    assert saved.status_code == 302, saved.text

    for _ in range(6):
        answer = Visitor().get(page)
        assert answer.status_code == 200
        assert "Through their eyes, again" in answer.text


def test_a_photo_uploaded_through_a_is_served_by_b_and_deleted_everywhere(hosts):
    from portal.pledges.models import BusinessPhoto

    email = f"owner-{RUN}@example.org"
    with hosts.database():
        business = make_business(make_user(email=email, role="business"))
        slug, business_id = business.slug, business.id
    owner = Visitor()
    assert owner.sign_in(hosts.a, email) == 302
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (91, 42, 134)).save(picture, format="PNG")
    added = owner.post(
        f"{hosts.a}/business/{slug}/photos",
        {"alt_text": "The glass front doors", "caption": ""},
        form_at=f"{hosts.a}/business/{slug}/photos",
        files={"photo": ("door.png", picture.getvalue(), "image/png")},
    )
    assert added.status_code == 302, added.text
    with hosts.database():
        photo = db.session.scalar(
            select(BusinessPhoto).where(BusinessPhoto.business_id == business_id)
        )
        photo_id, key = photo.id, photo.filename
    stored = hosts.s3.get_object(Bucket=hosts.bucket, Key=key)["Body"].read()

    part = Visitor().get(f"{hosts.b}/media/{key}", headers={"Range": "bytes=0-15"})
    assert part.status_code == 206
    assert part.content == stored[:16]
    assert part.headers["Content-Range"] == f"bytes 0-15/{len(stored)}"

    gone = owner.post(
        f"{hosts.a}/business/{slug}/photos/{photo_id}/delete",
        form_at=f"{hosts.a}/business/{slug}/photos",
    )
    assert gone.status_code == 302, gone.text
    assert Visitor().get(f"{hosts.b}/media/{key}").status_code == 404
    assert not _in_bucket(hosts, key)


def test_a_library_file_uploaded_through_a_is_served_by_b_and_deleted_everywhere(hosts):
    from portal.library.files import library_key
    from portal.library.models import LibraryFile

    with hosts.database():
        item_id = make_library_item(title=f"Our leaflet {RUN}").id
    staff = _staff(hosts, hosts.a)
    upload = f"{hosts.a}/staff/library/{item_id}/files"

    def replace_the_leaflet(content: bytes) -> tuple[int, str]:
        answer = staff.post(
            upload,
            {"role": "main", "format_label": "", "language": "English"},
            form_at=f"{hosts.a}/staff/library/{item_id}",
            files={"file": ("leaflet.pdf", content, "application/pdf")},
        )
        assert answer.status_code == 302, answer.text
        with hosts.database():
            stored = db.session.scalar(
                select(LibraryFile).where(
                    LibraryFile.item_id == item_id, LibraryFile.role == "main"
                )
            )
            return stored.id, stored.filename

    first = LEAFLET_PDF.replace(b"x" * 100, b"first " * 10 + b"y" * 40, 1)
    file_id, filename = replace_the_leaflet(first)
    url = f"{hosts.b}/library/files/{file_id}/{filename}"

    part = Visitor().get(url, headers={"Range": "bytes=9-40"})
    assert part.status_code == 206
    assert part.content == first[9:41]
    assert part.headers["Content-Range"] == f"bytes 9-40/{len(first)}"

    replace_the_leaflet(LEAFLET_PDF)  # the first file is deleted once the new one is kept
    assert Visitor().get(url).status_code == 404
    assert not _in_bucket(hosts, library_key(filename))


def test_failed_sign_ins_through_both_hosts_are_counted_together(hosts):
    email = f"nobody-{RUN}@example.org"
    statuses = []
    for attempt in range(8):
        host = _alternate(hosts, attempt)
        answer = Visitor().post(f"{host}/login", {"email": email, "password": "wrong guess"})
        statuses.append(answer.status_code)

    # Six failed sign-ins for one address in ten minutes, wherever they arrived; then refused.
    assert statuses == [200] * 6 + [429, 429]
    connection = redis.Redis.from_url(REDIS_URL)
    assert any(connection.scan_iter(f"*{hosts.redis_prefix}*"))  # the count is in Redis
    connection.close()


def test_a_session_cookie_from_a_works_on_b(hosts):
    email = f"parent-{RUN}@example.org"
    with hosts.database():
        make_user(email=email, full_name="Priya Shah")
    parent = Visitor()
    assert parent.sign_in(hosts.a, email) == 302

    for host in (hosts.b, hosts.b, hosts.a):
        account = parent.get(f"{host}/account")
        assert account.status_code == 200
        assert "Priya Shah" in account.text

    assert parent.post(f"{hosts.b}/logout", form_at=f"{hosts.b}/account").status_code == 302
    assert parent.get(f"{hosts.a}/account").status_code == 302  # to sign in: signed out on A


def test_the_workers_on_both_hosts_run_each_job_once_and_send_each_email_once(hosts):
    from portal.jobs.models import JobRun
    from portal.jobs.schedule import JOBS
    from portal.outbox.models import OutboxMessage, OutboxStatus

    names = {job.name for job in JOBS}

    def finished_runs():
        with hosts.database():
            runs = db.session.execute(select(JobRun.job, JobRun.due_at, JobRun.outcome)).all()
        done = {job for job, _, outcome in runs if outcome != "running"}
        return runs if done >= names else None

    runs = _until(finished_runs, timeout=60, what="every scheduled job to run")
    assert all(worker.process.poll() is None for worker in hosts.workers)
    assert {outcome for _, _, outcome in runs} == {"ok"}, runs
    # One run per job and due time, and one worker or the other ran it, never both.
    assert Counter((job, due_at) for job, due_at, _ in runs) == {
        (job, due_at): 1 for job, due_at, _ in runs
    }
    logs = "".join(worker.output() for worker in hosts.workers)
    for name in names:
        ran = [run for run in runs if run[0] == name]
        assert len(re.findall(rf"^{re.escape(name)}: ok$", logs, re.MULTILINE)) == len(ran)

    recipients = [f"outbox{n}-{RUN}@example.org" for n in range(6)]
    with hosts.database():
        for to in recipients:
            db.session.add(
                OutboxMessage(
                    recipient=to,
                    subject="Your booking",
                    body_text="See you there.",
                    body_html="<p>See you there.</p>",
                )
            )
        db.session.commit()

    def all_sent():
        with hosts.database():
            statuses = db.session.scalars(
                select(OutboxMessage.status).where(OutboxMessage.recipient.in_(recipients))
            ).all()
        return set(statuses) == {OutboxStatus.SENT}

    _until(all_sent, timeout=60, what="the workers to send the email")
    time.sleep(3 * WORKER_INTERVAL)  # both workers look again: nothing is sent twice
    received = Counter(to for message in hosts.inbox.messages for to in message.rcpt_tos)
    assert {to: received[to] for to in recipients} == dict.fromkeys(recipients, 1)


def test_a_page_from_a_names_assets_that_b_serves(hosts):
    page = Visitor().get(f"{hosts.a}/events").text
    named = re.findall(r'(?:href|src)="(/static/dist/[^"]+\.(?:css|js))"', page)
    assert {Path(path).suffix for path in named} == {".css", ".js"}, named
    for path in named:
        from_a, from_b = Visitor().get(hosts.a + path), Visitor().get(hosts.b + path)
        assert from_b.status_code == 200
        assert from_b.content == from_a.content
        assert "immutable" in from_b.headers["Cache-Control"]


def test_a_page_naming_the_previous_builds_assets_still_gets_them(hosts):
    """During a rolling upgrade a host still on the old build renders pages that name the old
    files; every host on the new build still serves them (static/dist/previous.json)."""
    previous = json.loads((STATIC_DIR / "dist" / "previous.json").read_text())
    current = json.loads((STATIC_DIR / "dist" / "manifest.json").read_text())
    kept = [name for plain, name in previous.items() if current.get(plain) != name]
    assert kept, "previous.json names no file of an earlier build"
    for name in kept:
        answer = Visitor().get(f"{hosts.b}/static/dist/{name}")
        assert answer.status_code == 200
        assert "immutable" in answer.headers["Cache-Control"]
