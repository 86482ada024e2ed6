"""Cluster benchmark: two app nodes and two background workers on one PostgreSQL and one Redis.

It prints figures; nothing passes or fails on speed, and it exits 0 once it has run (1 when the
cluster could not be started). It runs the scenario of tests/cluster (the same harness and the
same races, ``tests.cluster.scenario``): two ``gunicorn`` nodes (deploy/gunicorn.conf.py, 2 sync
workers each, production configuration) and two ``forum worker --interval 0.2`` on a scratch
database ``cluster_<pid>_<random>``, dropped afterwards, with an SMTP sink in this process.

Each race sends all its requests at once, half through each node: 50 session sign-ups for 10
seats, 20 approvals for the last 10 places, 20 scans of one badge, 20 endorsements for one
city, 16 wrong passwords against a limit of 8 a minute; then 60 e-mails with one worker killed
(SIGKILL) mid-way, and how long a change made through one node takes to show on the other.

Usage, from the repository root::

    .venv/bin/python bench/cluster.py
    .venv/bin/python bench/cluster.py \\
        --postgres-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        --redis-url redis://127.0.0.1:6379/9

The Redis database is emptied at the start (its rate-limit counters): give one nothing else uses.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `tests` lives at the root

from bench.common import mark, percentile, versions
from tests.cluster import scenario
from tests.cluster.harness import (
    LOGIN_LIMIT,
    POSTGRES,
    REDIS,
    SMTP_DELAY_S,
    Cluster,
    running_cluster,
)
from tests.cluster.http import Answer


def print_race(race: scenario.Race, invariant: str, held: bool) -> None:
    """One race: answers, latency per request, errors, and whether its invariant held."""
    ms = [s * 1000 for s in race.seconds]
    answers = ", ".join(f"{status}: {n}" for status, n in sorted(race.statuses().items(), key=str))
    print(f"\n{race.name}")
    print(f"  answers      {answers}")
    if all(a.headers.get("Content-Type", "").startswith("application/json")
           for a in race.answers if isinstance(a, Answer)):  # fmt: skip
        print(f"  statuses     {dict(race.json_statuses())}")
    print(f"  per request  p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms,"
          f" max {max(ms):.1f} ms")  # fmt: skip
    print(f"  errors       {race.errors}")
    print(f"  invariant    {invariant} {mark(held)}")


def races(cluster: Cluster) -> None:
    seeded = cluster.seeded
    race = scenario.session_sign_ups(cluster)
    seated = cluster.scalar("SELECT count(*) FROM session_signups WHERE session_id = :s",
                            s=seeded["session"])  # fmt: skip
    print_race(race, f"{seated} seated for 10 seats", seated == 10)
    race = scenario.approvals(cluster)
    approved = cluster.scalar("SELECT count(*) FROM registrations WHERE id = ANY(:ids)"
                              " AND status = 'approved'", ids=seeded["pending"])  # fmt: skip
    print_race(race, f"{approved} approved for the 10 places left", approved == 10)
    race = scenario.scans(cluster)
    ok = cluster.scalar("SELECT count(*) FROM check_ins WHERE status = 'ok'")  # the only one yet
    print_race(race, f"{ok} admission(s) of one badge", ok == 1)
    race = scenario.session_door(cluster)
    door = f"session:{seeded['door_session']}"
    seated = cluster.scalar("SELECT count(*) FROM check_ins WHERE status = 'ok'"
                            " AND checkpoint = :c", c=door)  # fmt: skip
    print_race(race, f"{seated} admitted to a 5-seat room", seated == 5)
    replayed = nonce()
    race = scenario.replays(cluster, replayed)
    rows = cluster.scalar("SELECT count(*) FROM check_ins WHERE nonce = :n", n=replayed)
    same = race.json_statuses() == {"ok": 10}
    print_race(race, f"{rows} row, the first answer to every replay: {same}", rows == 1 and same)
    race = scenario.endorsements(cluster)
    standing = cluster.scalar("SELECT count(*) FROM endorsements WHERE withdrawn_at IS NULL")
    print_race(race, f"{standing} endorsement(s) for one city", standing == 1)
    race = scenario.logins(cluster)
    passed = race.statuses()[200]
    print_race(race, f"{passed} attempts let through for a limit of {LOGIN_LIMIT}",
               passed == LOGIN_LIMIT)  # fmt: skip


def staleness(cluster: Cluster) -> None:
    """How long a change made through node 0 (or the CLI) takes to show on node 1."""
    seeded, watcher, writer = cluster.seeded, cluster.browser(1), cluster.browser(0)
    print("\ncaches across nodes (a change, then node 1 polled every 20 ms for up to 1 s)")
    wall = f"/api/v1/declarations/{seeded['declaration']}/endorsements"
    etag = watcher.get(wall).headers["ETag"]
    auth = {"Authorization": f"Bearer {seeded['token']}"}
    writer.post_json(
        "/api/v1/endorsements", {"code": seeded["late_badge"], "nonce": nonce()}, **auth
    )
    shown("endorsement through node 0, on node 1's wall",
          lambda: watcher.get(wall, **{"If-None-Match": etag}).status == 200)  # fmt: skip
    feed, link = f"/calendar/{seeded['calendar_secret']}.ics", seeded["links"][0]
    token = writer.form_token(f"/r/{link}/sessions")
    writer.post_form(f"/r/{link}/sessions/{seeded['plenary']}/pick", {"csrf_token": token})
    shown("pick through node 0, in node 1's calendar feed",
          lambda: "Plenary on mobility" in watcher.get(feed).text)  # fmt: skip
    spare = {"Authorization": f"Bearer {seeded['spare_token']}"}
    scan = {"code": "garbage", "checkpoint": "entrance"}
    watcher.post_json("/api/v1/checkins", scan | {"nonce": nonce()}, **spare)
    cluster.run_command("forum", "revoke-token", "--name", "Door B")
    shown("device token revoked (CLI), refused by node 1",
          lambda: watcher.post_json("/api/v1/checkins", scan | {"nonce": nonce()},
                                    **spare).status == 401)  # fmt: skip


def nonce() -> str:
    return str(uuid.uuid4())


def shown(what: str, check: Callable[[], bool]) -> None:
    seen = scenario.seconds_until(check)
    figure = "not within 1 s" if seen is None else f"{seen * 1000:.1f} ms"
    print(f"  {what}: {figure} {mark(seen is not None)}")


def mail(cluster: Cluster) -> None:
    sent = scenario.mail_with_a_worker_killed(cluster)
    received = sent["received"]
    lost = len(sent["ids"] - set(received))
    twice = sum(1 for n in received.values() if n > 1)
    print(
        f"\n{scenario.MAILS} e-mails, worker 0 killed after {sent['killed_after']} were delivered"
    )
    print(f"  first to last {sent['seconds']:.2f} s ({scenario.MAILS / sent['seconds']:.0f}/s,"
          f" the sink takes {1000 * SMTP_DELAY_S:.0f} ms per e-mail)")  # fmt: skip
    print(f"  lost {lost}, delivered twice {twice} (at most 1 per killed worker)"
          f" {mark(lost == 0 and twice <= 1)}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres-url", default=POSTGRES, help="the server (a scratch DB is made)"
    )
    parser.add_argument("--redis-url", default=REDIS, help="a Redis database for this run only")
    args = parser.parse_args()
    print(f"cluster benchmark: 2 nodes x 2 gunicorn workers, 2 background workers; {versions()}")
    started = time.perf_counter()
    try:
        with running_cluster(postgres=args.postgres_url, redis_url=args.redis_url) as cluster:
            print(
                f"cluster up in {time.perf_counter() - started:.1f} s: {', '.join(cluster.nodes)}"
            )
            races(cluster)
            staleness(cluster)
            mail(cluster)
    except Exception as error:  # could not run: say why, exit 1
        print(f"the cluster could not run: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
