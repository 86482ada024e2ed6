"""Accounts: passwords for staff and organisers, single-use magic links for delegates."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from forum.auth.models import Role, User
from forum.db import utcnow
from forum.errors import DomainError
from forum.extensions import db

MIN_PASSWORD_LENGTH = 12
MAGIC_LINK_SALT = "magic-link-sign-in"


class InvalidLink(DomainError):
    """A sign-in link that is forged, expired or already used."""

    status = 400


def normalise_email(email: str) -> str:
    """E-mail addresses compare without surrounding space and case."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """The user with this e-mail address, if any."""
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def find_or_create_delegate(email: str, display_name: str, *, locale: str | None = None) -> User:
    """The account behind an e-mail address, created as a delegate on first use."""
    user = find_user(email)
    if user is not None:
        return user
    user = User(
        email=normalise_email(email),
        display_name=display_name,
        role=Role.DELEGATE,
        preferred_locale=locale,
    )
    try:
        # A savepoint: when a parallel request created the account a moment ago, the unique
        # address refuses ours and theirs is used, and our transaction goes on.
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        user = find_user(email)
        if user is None:
            raise
    return user


def create_user(email: str, role: Role, password: str | None, display_name: str = "") -> User:
    """Create an account, or change the role and password of an existing one."""
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            "weak_password",
            _("Passwords need at least %(count)d characters.", count=MIN_PASSWORD_LENGTH),
        )
    user = find_user(email) or User(email=normalise_email(email))
    user.role = role
    user.display_name = display_name or user.display_name or user.email
    db.session.add(user)
    db.session.flush()
    if password is not None:
        set_password(user, password)
    return user


def set_password(user: User, password: str) -> None:
    """Give ``user`` a new password; every session opened with the old one ends."""
    user.password_hash = generate_password_hash(password)
    end_sessions(user)


def end_sessions(user: User) -> None:
    """Sign ``user`` out everywhere: every session and remember-me cookie stops working."""
    db.session.flush()
    # In SQL, so two bumps at once both count (either one alone already ends the old sessions).
    db.session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(session_version=User.session_version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, ["session_version"])


def may_use_magic_links(user: User) -> bool:
    """Only delegates: staff, organisers and admins sign in with their password."""
    return user.is_active and not user.has_role(Role.STAFF)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = find_user(email)
    if user is None or not user.password_hash or not user.is_active:
        # Spend the same time as a real check, so timing does not reveal accounts.
        check_password_hash(generate_password_hash("x"), password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    user.last_login_at = utcnow()
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=MAGIC_LINK_SALT)


def magic_link_token(user: User, next_path: str | None = None) -> str:
    """A signed token that signs ``user`` in once, until it expires, then opens ``next_path``."""
    data: dict[str, object] = {"user": user.id, "n": user.login_counter}
    if next_path:
        data["next"] = next_path  # signed with the rest: nobody can swap it in the mail
    return _serializer().dumps(data)


def redeem_magic_link(token: str) -> tuple[User, str | None]:
    """Sign in with a magic-link token, spending it: the person and the page they were going
    to; raises InvalidLink when it cannot."""
    max_age = current_app.config["MAGIC_LINK_MAX_AGE_SECONDS"]
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise InvalidLink("link_expired", _("This sign-in link has expired.")) from exc
    except BadSignature as exc:
        raise InvalidLink("link_invalid", _("This sign-in link is not valid.")) from exc
    _refuse_privileged(db.session.get(User, data["user"]))
    # One conditional update: of two clicks racing on the same link, only one wins.
    spent = db.session.execute(
        sa.update(User)
        .where(User.id == data["user"], User.login_counter == data["n"])
        .values(login_counter=User.login_counter + 1, last_login_at=utcnow())
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidLink("link_used", _("This sign-in link has already been used."))
    user = db.session.get(User, data["user"])
    assert user is not None
    if not user.is_active:
        raise InvalidLink("account_disabled", _("This account is disabled."))
    next_path = data.get("next")
    return user, next_path if isinstance(next_path, str) else None


def _refuse_privileged(user: User | None) -> None:
    """A link alone never opens a staff, organiser or admin account (mail can be read by
    others; the password, and the second factor, are what guard those powers)."""
    if user is None:
        raise InvalidLink("link_invalid", _("This sign-in link is not valid."))
    if user.has_role(Role.STAFF):
        raise InvalidLink(
            "password_required", _("Staff and organisers sign in with their password.")
        )
