"""CSV downloads that spreadsheets open safely.

Files are UTF-8 with a byte-order mark (so Excel reads accents and apostrophes correctly),
every field quoted, and any cell that starts with =, +, - or @ prefixed with an apostrophe so a
spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import io

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text, never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(rows: list[list], filename: str) -> Response:
    """`rows` as a CSV download called `filename`, never kept in a cache."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
