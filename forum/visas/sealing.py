"""Passport data encrypted at rest with Fernet (the `cryptography` library).

VISA_DATA_KEY holds one or more Fernet keys, comma-separated: the first seals, every one
opens, so a key can be rotated without losing what the old one sealed.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app


class SealingUnavailable(RuntimeError):
    """No key is configured, or the stored data was sealed with a key no longer configured."""


def _keys() -> MultiFernet:
    configured = str(current_app.config.get("VISA_DATA_KEY") or "")
    keys = [key.strip() for key in configured.split(",") if key.strip()]
    if not keys:
        raise SealingUnavailable("VISA_DATA_KEY is not set")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise SealingUnavailable("VISA_DATA_KEY is not a Fernet key") from error


def sealing_available() -> bool:
    """True when passport data can be stored (a valid key is configured)."""
    try:
        _keys()
    except SealingUnavailable:
        return False
    return True


def seal(data: dict[str, Any]) -> str:
    """The data as an encrypted, authenticated token."""
    return _keys().encrypt(json.dumps(data, sort_keys=True).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    """The data sealed in ``token``; SealingUnavailable when no configured key opens it."""
    try:
        opened: dict[str, Any] = json.loads(_keys().decrypt(token.encode()))
    except InvalidToken as error:
        raise SealingUnavailable("no configured key opens this data") from error
    return opened
