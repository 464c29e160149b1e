"""Profile one page in-process with pyinstrument: where a request's time goes.

    .venv/bin/python bench/profile.py /events/1 [--requests 300] [--no-cache] [--all]
    .venv/bin/python bench/profile.py /staff --as staff     # signed in (see bench/signed_in.py)

Uses the settings from the environment (DATABASE_URL and the rest, as for gunicorn), requests
the page as a visitor who is not signed in (or, with `--as`, as the family or the member of
staff that bench/signed_in.py measures), and prints the call tree. Profiling slows Python
down, so read the shares, not the absolute times; bench/run.py measures the real figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from pyinstrument import Profiler

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's portal

from portal import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--no-cache", action="store_true", help="render every request")
    parser.add_argument("--all", action="store_true", help="show library frames too")
    parser.add_argument("--as", dest="person", choices=["family", "staff"], help="signed in")
    args = parser.parse_args()

    app = create_app()
    if args.no_cache:
        app.config["PAGE_CACHE_SECONDS"] = 0
    public = app.config["PUBLIC_URL"]
    client = app.test_client()
    headers = {"Accept-Encoding": "br, gzip", "Host": urlsplit(public).netloc}
    if args.person:
        from signed_in import pages, sign_in  # beside this file

        from portal.dates import utcnow

        with app.app_context():
            _, family, staff = pages(utcnow())
        sign_in(client, staff if args.person == "staff" else family, public)

    def get():
        return client.get(args.path, base_url=public, headers=headers)

    for _ in range(20):  # compile templates, fill the pool and the page cache
        response = get()
    profiler = Profiler(interval=0.0002)
    started = time.perf_counter()
    profiler.start()
    for _ in range(args.requests):
        response = get()
    profiler.stop()
    each = (time.perf_counter() - started) / args.requests * 1000
    print(f"{args.path}: {response.status_code}, {each:.2f} ms a request while profiled")
    print(profiler.output_text(unicode=True, color=False, show_all=args.all))


if __name__ == "__main__":
    main()
