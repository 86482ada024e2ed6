"""Responses every area builds the same way: files to save."""

from __future__ import annotations

import pytest
from werkzeug.http import parse_options_header

from forum.web import download


@pytest.mark.parametrize(
    "filename", ["signatories-2018-20181208-0930.csv", "إعلان-مراكش.pdf", "déclaration.pdf"]
)
def test_a_download_names_its_file_as_clients_read_it_back(app, filename):
    with app.app_context():
        response = download(b"%PDF", filename, "application/pdf")
    header = response.headers["Content-Disposition"]
    header.encode("latin-1")  # what a header may hold: a non-ASCII name travels encoded
    kind, options = parse_options_header(header)
    assert (kind, options["filename"]) == ("attachment", filename)
    assert response.get_data() == b"%PDF"
