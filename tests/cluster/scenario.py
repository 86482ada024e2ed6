"""The races the cluster is driven through, half of each through each node, shared by the test
(which asserts the invariants) and bench/cluster.py (which prints the figures)."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from tests.cluster.harness import LOGIN_LIMIT, Cluster, seed_answer
from tests.cluster.http import Answer, Browser

MAILS = 60
MAIL_DOMAIN = "@mail.cluster.example"  # the 60 e-mails' recipients, and no one else's
KILL_AFTER = 15  # e-mails delivered before one worker is killed
VISIBLE_WITHIN_S = 1.0


@dataclass
class Race:
    """What one race gave: each call's answer (or error) and how long it took."""

    name: str
    answers: list[Answer | Exception] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def statuses(self) -> Counter[int | str]:
        return Counter(
            a.status if isinstance(a, Answer) else type(a).__name__ for a in self.answers
        )

    def json_statuses(self) -> Counter[str]:
        return Counter(str(a.json()["status"]) for a in self.answers if isinstance(a, Answer))  # type: ignore[index]

    @property
    def errors(self) -> int:
        return sum(1 for a in self.answers if not isinstance(a, Answer) or a.status >= 500)


def race(name: str, calls: list[Callable[[], Answer]]) -> Race:
    """Run every call at once (a barrier lets them go together); answers in call order."""
    barrier = threading.Barrier(len(calls))

    def timed(call: Callable[[], Answer]) -> tuple[Answer | Exception, float]:
        barrier.wait()
        started = time.perf_counter()
        try:
            answer: Answer | Exception = call()
        except Exception as error:  # an error is a figure too
            answer = error
        return answer, time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        done = list(pool.map(timed, calls))
    return Race(name, [a for a, _s in done], [s for _a, s in done])


def session_sign_ups(cluster: Cluster) -> Race:
    """50 approved delegates pick the 10-seat session, through their private links."""
    session = cluster.seeded["session"]
    calls = []
    for index, link in enumerate(cluster.seeded["links"]):
        browser = cluster.browser(index)
        token = browser.form_token(f"/r/{link}/sessions")
        path = f"/r/{link}/sessions/{session}/pick"
        calls.append(lambda b=browser, p=path, t=token: b.post_form(p, {"csrf_token": t}))
    return race("session sign-ups (50 for 10 seats)", calls)


def organiser(cluster: Cluster) -> Browser:
    """The organiser, signed in on node 0 (its session cookie works on every node)."""
    cluster.reset_rate_limits()  # the sign-in counts against the login limit too
    browser = cluster.browser(0)
    email, password = cluster.seeded["organiser"]
    token = browser.form_token("/login")
    answer = browser.post_form(
        "/login", {"csrf_token": token, "email": email, "password": password}
    )
    assert answer.status == 302, answer.status
    return browser


def approvals(cluster: Cluster) -> Race:
    """20 pending registrations approved at once while 10 places are left in the edition."""
    signed_in = organiser(cluster)
    calls = []
    for index, registration in enumerate(cluster.seeded["pending"]):
        browser = Browser(cluster.nodes[index % len(cluster.nodes)], dict(signed_in.cookies))
        token = browser.form_token(f"/admin/registrations/{registration}")
        path = f"/admin/registrations/{registration}/decide"
        fields = {"csrf_token": token, "decision": "approved"}
        calls.append(lambda b=browser, p=path, f=fields: b.post_form(p, f))
    return race("approvals at the capacity edge (20 for 10 places)", calls)


def scans(cluster: Cluster) -> Race:
    """20 scans of one badge at the entrance, from doors on both nodes."""
    auth = {"Authorization": f"Bearer {cluster.seeded['token']}"}
    calls = []
    for index in range(20):
        body = {
            "code": cluster.seeded["badge"],
            "checkpoint": "entrance",
            "nonce": str(uuid.uuid4()),
        }
        browser = cluster.browser(index)
        calls.append(lambda b=browser, j=body: b.post_json("/api/v1/checkins", j, **auth))
    return race("scans of one badge (20)", calls)


def session_door(cluster: Cluster) -> Race:
    """12 delegates signed up for a session in a 5-seat room, scanned at its door at once."""
    auth = {"Authorization": f"Bearer {cluster.seeded['token']}"}
    checkpoint = f"session:{cluster.seeded['door_session']}"
    calls = []
    for index, code in enumerate(cluster.seeded["door_badges"]):
        body = {"code": code, "checkpoint": checkpoint, "nonce": str(uuid.uuid4())}
        browser = cluster.browser(index)
        calls.append(lambda b=browser, j=body: b.post_json("/api/v1/checkins", j, **auth))
    return race("session door (12 for a 5-seat room)", calls)


def replays(cluster: Cluster, nonce: str) -> Race:
    """One scan (one nonce) sent 10 times at once through both nodes, as a retrying scanner."""
    auth = {"Authorization": f"Bearer {cluster.seeded['token']}"}
    body = {"code": cluster.seeded["replay_badge"], "checkpoint": "entrance", "nonce": nonce}
    calls = []
    for index in range(10):
        browser = cluster.browser(index)
        calls.append(lambda b=browser: b.post_json("/api/v1/checkins", body, **auth))
    return race("one scan replayed (10 times, one nonce)", calls)


def endorsements(cluster: Cluster) -> Race:
    """20 mayors of one city at the endorsement desks of both nodes at once."""
    auth = {"Authorization": f"Bearer {cluster.seeded['token']}"}
    calls = []
    for index, code in enumerate(cluster.seeded["mayor_badges"]):
        body = {"code": code, "nonce": str(uuid.uuid4())}
        browser = cluster.browser(index)
        calls.append(lambda b=browser, j=body: b.post_json("/api/v1/endorsements", j, **auth))
    return race("endorsements for one city (20)", calls)


def logins(cluster: Cluster, attempts: int = 2 * LOGIN_LIMIT) -> Race:
    """Wrong passwords from one address, alternating nodes, past the shared per-minute limit."""
    cluster.reset_rate_limits()
    calls = []
    for index in range(attempts):
        browser = cluster.browser(index)
        token = browser.form_token("/login")
        fields = {"csrf_token": token, "email": "nobody@cluster.example", "password": "wrong-guess"}
        calls.append(lambda b=browser, f=fields: b.post_form("/login", f))
    return race(f"login attempts ({attempts}, limit {LOGIN_LIMIT}/min)", calls)


def mail_with_a_worker_killed(cluster: Cluster, timeout_s: float = 60) -> dict[str, Any]:
    """60 e-mails queued; worker 0 SIGKILLed once KILL_AFTER are delivered; wait for the rest."""
    queueing = cluster.start_seed("mail", str(MAILS))  # watched while it runs: no time lost
    deadline, first = time.monotonic() + timeout_s, None
    while (delivered := len(cluster.sink.received(MAIL_DOMAIN))) < KILL_AFTER:
        assert time.monotonic() < deadline, "the workers never sent the e-mails"
        first = first or (time.perf_counter() if delivered else None)
        time.sleep(0.002)
    cluster.kill_worker(0)
    killed_after = len(set(cluster.sink.received(MAIL_DOMAIN)))
    ids = set(seed_answer(queueing)["ids"])
    query = "SELECT count(*) FROM outbox_emails WHERE status <> 'sent' AND id = ANY(:ids)"
    while cluster.scalar(query, ids=list(ids)):
        assert time.monotonic() < deadline, "e-mails left unsent after a worker was killed"
        time.sleep(0.05)
    seconds = time.perf_counter() - (first or time.perf_counter())  # first delivery to last
    received = Counter(cluster.sink.received(MAIL_DOMAIN))
    return {"ids": ids, "received": received, "killed_after": killed_after, "seconds": seconds}


def seconds_until(check: Callable[[], bool], bound_s: float = VISIBLE_WITHIN_S) -> float | None:
    """How long until ``check()`` holds, polled; None when it still fails after ``bound_s``."""
    started = time.perf_counter()
    while True:
        if check():
            return time.perf_counter() - started
        if time.perf_counter() - started > bound_s:
            return None
        time.sleep(0.02)
