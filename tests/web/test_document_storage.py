"""The document store: a directory, or an S3-compatible bucket (moto's real server on a loopback
port), behind one interface; the portal keeps and serves documents from either."""

from __future__ import annotations

import io
import secrets
from datetime import date, timedelta

import boto3
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy import select

from portal.extensions import db
from portal.models import Document
from portal.services import requests
from portal.storage import (
    DirectoryStore,
    S3Store,
    StorageUnavailable,
    UnknownKey,
    document_store,
    new_key,
    store_for,
)
from tests.builders import make_employee, sign_in
from tests.document_files import pdf_bytes, png_bytes

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server, on a free loopback port, for the whole test session."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    """A new, empty bucket, with the usual AWS environment pointing at it."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    name = f"documents-{secrets.token_hex(4)}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").create_bucket(
        Bucket=name)
    return name


@pytest.fixture(params=["directory", "s3"])
def store(request, tmp_path):
    if request.param == "directory":
        return DirectoryStore(tmp_path / "documents")
    bucket = request.getfixturevalue("bucket")
    return S3Store(bucket, endpoint_url=request.getfixturevalue("s3_endpoint"))


def test_a_store_keeps_opens_and_deletes_a_file_by_its_key(store):
    key, data = new_key(), pdf_bytes() + b"\x00" * 3_000_000
    assert not store.exists(key)
    store.save(key, io.BytesIO(data))
    assert store.exists(key)
    stream = store.open(key)
    try:
        assert stream.read() == data
    finally:
        stream.close()
    store.delete(key)
    assert not store.exists(key)
    with pytest.raises(UnknownKey):
        store.open(key)
    store.delete(key)  # deleting twice is no error


def test_a_key_is_random_and_a_store_takes_no_other_kind_of_name(store):
    assert len({new_key() for _ in range(100)}) == 100
    for bad in ("../../etc/passwd", "short", "a/b" * 10, ""):
        with pytest.raises(ValueError):
            store.exists(bad)


def test_an_unreachable_bucket_is_reported_as_unavailable(monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    store = S3Store("documents", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(StorageUnavailable):
        store.save(new_key(), io.BytesIO(b"x"))
    with pytest.raises(StorageUnavailable):
        store.exists(new_key())


def test_the_settings_choose_the_store(tmp_path, s3_endpoint):
    assert isinstance(store_for({"DOCUMENT_DIRECTORY": str(tmp_path)}), DirectoryStore)
    chosen = store_for({"DOCUMENT_DIRECTORY": str(tmp_path), "DOCUMENT_S3_BUCKET": "docs",
                        "DOCUMENT_S3_ENDPOINT_URL": s3_endpoint,
                        "DOCUMENT_S3_REGION": "eu-west-1"})
    assert isinstance(chosen, S3Store) and chosen.bucket == "docs"


def test_the_portal_keeps_and_serves_documents_from_an_s3_bucket(app, bucket, s3_endpoint,
                                                                  monkeypatch):
    monkeypatch.setitem(app.config, "DOCUMENT_S3_BUCKET", bucket)
    monkeypatch.setitem(app.config, "DOCUMENT_S3_ENDPOINT_URL", s3_endpoint)
    employee = make_employee(name="Erin Employee")
    hr = make_employee(name="Harper HR", is_hr=True)
    request = requests.file_request(employee, requests.RequestInput(
        role="birthing", event="birth", event_date=date.today() + timedelta(days=120)),
        "key-1", submit=True)
    client = app.test_client()
    sign_in(client, employee.email)
    png = png_bytes()
    response = client.post(f"/leave/requests/{request.id}/documents",
                           data={"documents": (io.BytesIO(png), "ultrasound.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    document = db.session.scalars(select(Document)).one()
    assert isinstance(document_store(), S3Store)
    listed = boto3.client("s3", endpoint_url=s3_endpoint).list_objects_v2(Bucket=bucket)
    assert [item["Key"] for item in listed["Contents"]] == [document.storage_key]

    hr_client = app.test_client()
    sign_in(hr_client, hr.email)
    download = hr_client.get(f"/documents/{document.id}")
    assert download.status_code == 200 and download.data == png
    assert download.headers["Content-Disposition"] == "attachment; filename=ultrasound.png"


def test_a_document_the_store_cannot_fetch_gets_a_kind_page_not_a_500(app, bucket,
                                                                    s3_endpoint, monkeypatch):
    employee = make_employee(name="Erin Employee")
    request = requests.file_request(employee, requests.RequestInput(
        role="birthing", event="birth", event_date=date.today() + timedelta(days=120)),
        "key-1", submit=True)
    db.session.add(Document(employee_id=employee.id, uploaded_by_id=employee.id,
                            leave_request_id=request.id, storage_key=new_key(),
                            original_name="lost.pdf", content_type="application/pdf", size=10))
    db.session.commit()
    document = db.session.scalars(select(Document)).one()
    monkeypatch.setitem(app.config, "DOCUMENT_S3_BUCKET", bucket)
    monkeypatch.setitem(app.config, "DOCUMENT_S3_ENDPOINT_URL", s3_endpoint)
    client = app.test_client()
    sign_in(client, employee.email)
    response = client.get(f"/documents/{document.id}")
    assert response.status_code == 503
    assert "We could not fetch this document just now." in response.get_data(as_text=True)
