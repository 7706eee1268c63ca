"""What a document upload is, decided from its content: PDF, JPEG and PNG only, within the size
limit read in chunks, and pictures of a size a document needs (no app, no database)."""

from __future__ import annotations

import io

import pytest

from portal.domain.documents import MAX_DOCUMENT_BYTES, document_asked_for, size_in_words
from portal.uploads import DocumentRefused, check_stream, original_name
from tests.document_files import EXE, HTML, jpeg_bytes, pdf_bytes, png_bytes, zip_bytes


class CountingStream(io.BytesIO):
    """A stream that remembers how much was read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk


@pytest.mark.parametrize(("data", "kind"), [
    (pdf_bytes(), "application/pdf"),
    (png_bytes(), "image/png"),
    (jpeg_bytes(), "image/jpeg"),
])
def test_a_pdf_a_png_and_a_jpeg_are_recognised_by_their_content_whatever_their_name(data, kind):
    checked = check_stream(io.BytesIO(data), "scan.txt")
    assert (checked.content_type, checked.size, checked.original_name) == (kind, len(data),
                                                                            "scan.txt")
    assert checked.data.read() == data


@pytest.mark.parametrize("data", [EXE, HTML, b"just some words", zip_bytes()])
def test_a_file_named_like_a_pdf_that_is_something_else_is_refused_kindly(data):
    with pytest.raises(DocumentRefused) as refused:
        check_stream(io.BytesIO(data), "receipt.pdf")
    message = str(refused.value)
    assert "“receipt.pdf” is named like a PDF or a picture, but what is inside is another kind" \
        in message
    assert "We take PDF files and JPEG or PNG pictures, up to 10 MB each." in message


def test_a_file_of_another_kind_with_its_own_name_is_refused_naming_what_we_take():
    with pytest.raises(DocumentRefused, match="“setup.exe” is not a kind of file we can take"):
        check_stream(io.BytesIO(EXE), "setup.exe")


def test_a_zip_dressed_as_a_png_is_refused():
    with pytest.raises(DocumentRefused, match="“photo.png” is named like a PDF or a picture"):
        check_stream(io.BytesIO(zip_bytes()), "photo.png")


def test_an_html_page_that_carries_a_pdf_signature_later_on_is_not_a_pdf():
    with pytest.raises(DocumentRefused):
        check_stream(io.BytesIO(b"<html><body>%PDF-1.4</body></html>"), "receipt.pdf")


@pytest.mark.parametrize("data", [
    png_bytes(100_000, 100_000, pixels=False), png_bytes(40_000, 10, pixels=False),
    jpeg_bytes(60_000, 60_000),
])
def test_a_picture_claiming_absurd_dimensions_is_refused_as_a_bomb(data):
    assert len(data) < 2000  # small file, vast picture
    with pytest.raises(DocumentRefused, match="far larger than any photo or scan"):
        check_stream(io.BytesIO(data), "photo.png")


def test_a_picture_that_starts_right_but_says_nothing_of_its_size_is_refused_as_damaged():
    with pytest.raises(DocumentRefused, match="starts like a JPEG image but could not be read"):
        check_stream(io.BytesIO(b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 50), "photo.jpg")
    with pytest.raises(DocumentRefused, match="starts like a PNG image but could not be read"):
        check_stream(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30), "photo.png")


def test_a_large_ordinary_photo_is_accepted():
    assert check_stream(io.BytesIO(jpeg_bytes(8000, 6000)), "photo.jpg").content_type == \
        "image/jpeg"


def test_an_empty_file_is_refused_kindly():
    with pytest.raises(DocumentRefused, match="“matb1.pdf” is empty, so there was nothing"):
        check_stream(io.BytesIO(b""), "matb1.pdf")


def test_a_file_over_ten_megabytes_is_refused_after_reading_one_byte_past_the_limit():
    stream = CountingStream(pdf_bytes() + b"\x00" * (MAX_DOCUMENT_BYTES + 5_000_000))
    with pytest.raises(DocumentRefused, match="larger than 10 MB"):
        check_stream(stream, "big.pdf")
    assert stream.read_bytes == MAX_DOCUMENT_BYTES + 1


def test_a_file_of_exactly_ten_megabytes_is_accepted():
    data = pdf_bytes()
    data += b"\x00" * (MAX_DOCUMENT_BYTES - len(data))
    assert check_stream(io.BytesIO(data), "exact.pdf").size == MAX_DOCUMENT_BYTES


@pytest.mark.parametrize(("sent", "kept"), [
    ("C:\\Users\\ana\\Scans\\MATB1.pdf", "MATB1.pdf"),
    ("../../etc/passwd", "passwd"),
    ("", "document"),
    (None, "document"),
    ("re\x00ce\u202eipt\r\n.pdf", "receipt.pdf"),
    ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
])
def test_the_original_name_is_kept_as_plain_text_without_folders_or_control_characters(
    sent, kept
):
    assert original_name(sent) == kept


def test_a_request_for_information_asks_for_a_document_until_the_next_one():
    assert document_asked_for(["submit", "request_information", "document_requested"])
    assert not document_asked_for(["request_information", "document_requested", "answer",
                                   "request_information"])
    assert not document_asked_for(["submit", "request_information"])


@pytest.mark.parametrize(("size", "words"), [
    (0, "0 KB"), (300, "1 KB"), (850_000, "830 KB"), (2_500_000, "2.4 MB"),
    (MAX_DOCUMENT_BYTES, "10 MB"),
])
def test_sizes_read_as_people_say_them(size, words):
    assert size_in_words(size) == words
