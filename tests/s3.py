"""A real S3-compatible server for the tests: moto's standalone server, over HTTP on
127.0.0.1, which boto3 talks to exactly as it would to AWS or MinIO. (No S3 server such as
MinIO installs from the package registries these machines reach; moto's server does, from PyPI.)
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator

import pytest

REGION = "eu-west-2"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1 at a free port, for the whole test session."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def new_bucket(s3_endpoint) -> Callable[[], dict]:
    """Makes a fresh, empty bucket; returns the STORAGE=s3 settings that name it."""
    from portal.storage import make_storage

    def _new() -> dict:
        settings = {
            "STORAGE": "s3",
            "S3_BUCKET": f"portal-test-{secrets.token_hex(6)}",
            "S3_ENDPOINT_URL": s3_endpoint,
            "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": "portal-test",
            "S3_SECRET_ACCESS_KEY": "portal-test-secret",
        }
        make_storage(settings).client.create_bucket(
            Bucket=settings["S3_BUCKET"], CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return settings

    return _new


@pytest.fixture
def s3_settings(new_bucket) -> dict:
    """The STORAGE=s3 settings for a fresh, empty bucket of this test's own."""
    return new_bucket()
