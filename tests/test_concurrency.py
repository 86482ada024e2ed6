"""Concurrent organisers cannot push an edition past its capacity."""

from __future__ import annotations

import threading

import sqlalchemy as sa
from flask import Flask

from forum.extensions import db
from forum.registration.models import Registration
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.conftest import Auth, csrf_token


def test_concurrent_approvals_never_exceed_capacity(app: Flask):
    with app.app_context():
        edition = factories.edition(capacity=5)
        factories.organiser()
        ids = [factories.registration(edition, f"d{i}@example.org").id for i in range(16)]
        db.session.commit()

    clients = []
    for _ in ids:
        client = app.test_client()
        Auth(client).login(*factories.ORGANISER)
        clients.append(client)
    tokens = [
        csrf_token(c.get(f"/admin/registrations/{i}").get_data(as_text=True))
        for c, i in zip(clients, ids, strict=True)
    ]
    barrier = threading.Barrier(len(ids))
    codes: list[int] = []

    def approve(index: int) -> None:
        barrier.wait()
        response = clients[index].post(
            f"/admin/registrations/{ids[index]}/decide",
            data={"csrf_token": tokens[index], "decision": "approved"},
        )
        codes.append(response.status_code)

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(len(ids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert codes == [302] * len(ids)
    with app.app_context():
        statuses = db.session.scalars(sa.select(Registration.status)).all()
        assert statuses.count(S.APPROVED) == 5
        assert statuses.count(S.WAITLISTED) == 11
