"""Badge tests keep their batch PDFs in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask


@pytest.fixture(autouse=True)
def badge_folder(app: Flask, tmp_path: Path) -> Iterator[Path]:
    """Where this test's badge batches are written."""
    folder = tmp_path / "badge-jobs"
    app.config["BADGE_JOB_DIR"] = str(folder)
    yield folder
    app.config.pop("BADGE_JOB_DIR", None)
