"""Files in an S3-compatible object store, shared by every host that runs the portal.

boto3 talks to the bucket (AWS S3, or any server that speaks its protocol: MinIO, Ceph, a
cloud's object storage) at S3_ENDPOINT_URL. A custom endpoint is addressed by path
(`https://host/bucket/key`), which every such server understands.
"""

from __future__ import annotations

import logging
from typing import BinaryIO
from urllib.parse import quote

import boto3
from boto3.s3.transfer import TransferConfig
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from portal.storage.base import (
    NOT_SAVED,
    NotSaved,
    NotStored,
    Storage,
    StorageError,
    StoredInfo,
    Window,
    checked_key,
    checked_prefix,
)

log = logging.getLogger(__name__)
MISSING = {"404", "NoSuchKey", "NotFound"}
# Files up to this size go in one request; larger ones in parts, which the store joins only
# once every part is there (so a failed upload leaves nothing under the key).
TRANSFER = TransferConfig(multipart_threshold=64 * 1024 * 1024, use_threads=False)


def _missing(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") in MISSING


class _ObjectWindow(Window):
    def __init__(self, storage: S3Storage, key: str, size: int, start, end) -> None:
        self._storage, self._key = storage, key
        super().__init__(size, start, end)

    def _fetch(self, start: int, end: int):
        try:
            answer = self._storage.client.get_object(
                Bucket=self._storage.bucket, Key=self._key, Range=f"bytes={start}-{end - 1}"
            )
        except ClientError as error:
            if _missing(error):
                raise NotStored(f"Nothing is stored as {self._key}") from error
            raise StorageError(f"The object store could not read {self._key}") from error
        return answer["Body"]


class S3Storage(Storage):
    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
    ) -> None:
        self.bucket = bucket
        self._where = {"endpoint_url": endpoint_url or None, "region_name": region or None}
        self._addressing = {"addressing_style": "path" if endpoint_url else "auto"}
        self._credentials = {
            "aws_access_key_id": access_key_id or None,
            "aws_secret_access_key": secret_access_key or None,
        }
        self.client = self._client(attempts=3, connect_timeout=5, read_timeout=60)

    def _client(self, *, attempts: int, connect_timeout: float, read_timeout: float):
        return boto3.client(
            "s3",
            **self._where,
            **self._credentials,
            config=Config(
                signature_version="s3v4",
                s3=self._addressing,
                retries={"max_attempts": attempts, "mode": "standard"},
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
            ),
        )

    def __repr__(self) -> str:
        return f"S3Storage({self.bucket!r}, endpoint_url={self.client.meta.endpoint_url!r})"

    def save(self, key: str, data: bytes | BinaryIO, content_type: str) -> int:
        checked_key(key)
        try:
            if isinstance(data, bytes | bytearray | memoryview):
                self.client.put_object(
                    Bucket=self.bucket, Key=key, Body=bytes(data), ContentType=content_type
                )
            else:
                self.client.upload_fileobj(
                    data,
                    self.bucket,
                    key,
                    ExtraArgs={"ContentType": content_type},
                    Config=TRANSFER,
                )
            return self.size(key)
        except (BotoCoreError, ClientError, StorageError) as error:
            log.warning("Could not store %s in bucket %s: %s", key, self.bucket, error)
            raise NotSaved(NOT_SAVED) from error

    def open(self, key: str, start: int | None = None, end: int | None = None) -> BinaryIO:
        size = self.size(key)
        return _ObjectWindow(self, key, size, start, end)

    def info(self, key: str) -> StoredInfo:
        checked_key(key)
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if _missing(error):
                raise NotStored(f"Nothing is stored as {key}") from error
            raise StorageError(f"The object store could not find {key}") from error
        except BotoCoreError as error:
            raise StorageError(f"The object store could not be reached for {key}") from error
        return StoredInfo(head["ContentLength"], head["LastModified"])

    def delete(self, key: str) -> None:
        checked_key(key)
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key)
        except (BotoCoreError, ClientError) as error:
            raise StorageError(f"The object store could not delete {key}") from error

    def reachable(self) -> bool:
        """A HEAD on the bucket (no object is read), through a client that gives up within
        about three seconds: a health check must not hang on a store that does not answer."""
        quick = self._client(attempts=1, connect_timeout=1, read_timeout=2)
        try:
            quick.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError):
            return False
        return True

    def keys(self, prefix: str = "") -> list[str]:
        checked_prefix(prefix)
        found = []
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=prefix
            )
            for page in pages:
                found.extend(item["Key"] for item in page.get("Contents", []))
        except (BotoCoreError, ClientError) as error:
            raise StorageError(
                f"The object store could not list {prefix or 'its files'}"
            ) from error
        return sorted(found)

    def copy(self, source: str, key: str) -> None:
        """Copied inside the store: the bytes never come to this host."""
        checked_key(source)
        checked_key(key)
        try:
            self.client.copy_object(
                Bucket=self.bucket, Key=key, CopySource={"Bucket": self.bucket, "Key": source}
            )
        except ClientError as error:
            if _missing(error):
                raise NotStored(f"Nothing is stored as {source}") from error
            raise NotSaved(NOT_SAVED) from error
        except BotoCoreError as error:
            raise NotSaved(NOT_SAVED) from error

    def url(
        self,
        key: str,
        *,
        expires: int,
        content_type: str | None = None,
        download_name: str | None = None,
    ) -> str:
        """A presigned link to the object, good for `expires` seconds."""
        checked_key(key)
        params = {"Bucket": self.bucket, "Key": key}
        if content_type:
            params["ResponseContentType"] = content_type
        if download_name:
            params["ResponseContentDisposition"] = (
                f"inline; filename*=UTF-8''{quote(download_name, safe='')}"
            )
        return self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=expires)

    def origin(self) -> str:
        """The scheme and host links to this store start with (for the CSP's media-src).
        Worked out without signing, so it needs no credentials (an instance role may not
        answer yet when the app starts)."""
        unsigned = boto3.client(
            "s3", **self._where, config=Config(signature_version=UNSIGNED, s3=self._addressing)
        )
        link = unsigned.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": "k"}
        )
        scheme, _, rest = link.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}"
