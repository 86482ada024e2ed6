"""`flask forum …` commands of the agenda area."""

from __future__ import annotations

from forum.cli import forum_cli  # noqa: F401  (commands below attach to it)
