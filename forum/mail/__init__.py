"""E-mail: the outbox, rendering in the recipient's language, and the sending worker."""

from __future__ import annotations

from flask import Flask

from forum.extensions import forum_cli


def init_app(app: Flask) -> None:
    """Add the `send-mail` command."""
    from forum.mail.commands import send_mail_command

    forum_cli.add_command(send_mail_command)
