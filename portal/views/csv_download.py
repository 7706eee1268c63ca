"""CSV downloads streamed a batch at a time, safe to read after the request has ended.

A real server (flask run, gunicorn) reads a streamed body after the view has returned: by then
the request's teardown has closed its database session, and the signed-in person loaded for it
is detached (and, after any commit or rollback, expired). Anything in the body that reaches
back for them fails with DetachedInstanceError half-way through the response; Flask-Babel
choosing the reader's language from `current_user` is the usual culprit. So `csv_download`
decides everything that needs the person before the first byte: the header row is translated
and the language chosen in the view. The rows are read while the body streams, under that
language, in a database session of the stream's own: `stream_with_context` pushes the app and
request contexts again, and their teardown closes that session once the last row is sent. So
the rows come from a function called then, given plain values (dates, a month), never rows or
ORM objects the view loaded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from flask import Response, stream_with_context
from flask_babel import force_locale, get_locale
from werkzeug.http import dump_options_header

from portal.i18n import DEFAULT_LANGUAGE

ROWS_PER_CHUNK = 500


def csv_download(
    header: Iterable[object],
    read_rows: Callable[[], Iterable[Iterable[object]]],
    filename: str,
    *,
    byte_order_mark: bool = False,
    headers: dict[str, str] | None = None,
) -> Response:
    """A text/csv attachment: `header`, translated now, then the rows `read_rows()` returns,
    called once the body streams (so its query runs in the stream's own session)."""
    first_row = [str(cell) for cell in header]  # in the reader's language, decided now
    language = str(get_locale() or DEFAULT_LANGUAGE)

    def lines() -> Iterator[str]:
        with force_locale(language):  # words in the rows, without asking who is signed in
            buffer = io.StringIO()
            if byte_order_mark:
                buffer.write("\ufeff")  # Excel then reads the file as UTF-8
            writer = csv.writer(buffer)
            writer.writerow(first_row)
            for number, row in enumerate(read_rows(), start=1):
                writer.writerow(row)
                if number % ROWS_PER_CHUNK == 0:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()

    return Response(
        stream_with_context(lines()), mimetype="text/csv",
        headers={"Content-Disposition": dump_options_header("attachment", {"filename": filename}),
                 **(headers or {})},
    )
