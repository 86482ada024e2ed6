"""Matching on the pages: "connect us" on a public need and under a delegate's private link,
a city's matches to accept, the organisers' board, and the matches made in the API."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from forum.auth.services import magic_link_token
from forum.commitments.access import Editor
from forum.commitments.match_models import Match, MatchStage, Side
from forum.commitments.matches import accept, propose
from forum.commitments.models import Commitment
from forum.extensions import db
from forum.registration.links import private_link_token
from forum.registration.models import Registration
from tests import factories
from tests.commitments.helpers import delegate, entry
from tests.commitments.match_helpers import outbox, scene
from tests.conftest import Auth, csrf_token

NOW = factories.NOW


@dataclass
class Ids:
    need: int
    offer: int
    action: int
    freetown: str
    quito: str
    lagos: str


def _ids(app) -> Ids:
    """The scene, committed, as ids and private-link tokens (Freetown reads in English)."""
    with app.app_context():
        s = scene(factories.edition())
        s.freetown.user.preferred_locale = None
        lagos = delegate(s.edition, "l@lagos.example", city=("Lagos", "NG"))
        db.session.commit()
        tokens = [private_link_token(r) for r in (s.freetown, s.quito, lagos)]
        return Ids(s.need.id, s.offer.id, s.action.id, *tokens)


def _matches(app) -> list[tuple[int, MatchStage, Side | None, bool, bool]]:
    """Each match as (counterpart, stage, asking side, need accepted, offer accepted)."""
    with app.app_context():
        rows = db.session.scalars(sa.select(Match).order_by(Match.id))
        return [(m.offer_id or m.action_id, m.stage, m.proposed_by_side,
                 m.need_accepted_at is not None, m.offer_accepted_at is not None)
                for m in rows]  # fmt: skip


def _freetown(ids: Ids) -> Registration:
    """Freetown's delegate (the need's contact), in the caller's app context."""
    need = db.session.get(Commitment, ids.need)
    assert need is not None and need.contact is not None
    return need.contact


def _recipients(app) -> list[str]:
    with app.app_context():
        return sorted(mail.recipient for mail in outbox())


def test_a_signed_in_delegate_asks_to_connect_from_the_public_need_anonymous_cannot(app, client):
    ids = _ids(app)
    page = client.get(f"/commitments/{ids.need}").get_data(as_text=True)
    assert "Data tools" in page and "Connect us" not in page  # nobody signed in
    token = csrf_token(client.get("/login").get_data(as_text=True))
    anonymous = client.post(f"/commitments/{ids.need}/connect",
                            data={"csrf_token": token, "offer_id": str(ids.offer)})  # fmt: skip
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert _matches(app) == []
    with app.app_context():
        path = f"/login/magic/{magic_link_token(_freetown(ids).user)}"
    client.post(path, data={"csrf_token": csrf_token(client.get(path).get_data(as_text=True))})
    page = client.get(f"/commitments/{ids.need}").get_data(as_text=True)
    assert "Connect us" in page
    client.post(f"/commitments/{ids.need}/connect",
                data={"csrf_token": csrf_token(page), "offer_id": str(ids.offer)})  # fmt: skip
    assert _matches(app) == [(ids.offer, MatchStage.PROPOSED, Side.NEED, True, False)]
    page = client.get(f"/commitments/{ids.need}").get_data(as_text=True)
    assert f'name="offer_id" value="{ids.offer}"' not in page  # matched: its stage instead
    assert f'name="action_id" value="{ids.action}"' in page


def test_without_a_csrf_token_connect_us_does_nothing(app, client):
    ids = _ids(app)
    client.post(f"/r/{ids.freetown}/commitments/{ids.need}/connect", data={"offer_id": ids.offer})
    assert _matches(app) == []


def test_both_cities_answer_under_their_private_links_and_another_city_cannot(app, client):
    ids = _ids(app)
    entry_page = client.get(f"/r/{ids.freetown}/commitments/{ids.need}").get_data(as_text=True)
    assert "Our newcomer survey" in entry_page and "Connect us" in entry_page
    asked = {"csrf_token": csrf_token(entry_page), "action_id": str(ids.action)}
    client.post(f"/r/{ids.freetown}/commitments/{ids.need}/connect", data=asked)
    entry_page = client.get(f"/r/{ids.freetown}/commitments/{ids.need}").get_data(as_text=True)
    assert f'name="action_id" value="{ids.action}"' not in entry_page
    assert f'name="offer_id" value="{ids.offer}"' in entry_page
    with app.app_context():
        match_id = db.session.scalar(sa.select(Match.id))
    waiting = client.get(f"/r/{ids.quito}/commitments/matches").get_data(as_text=True)
    assert "Waiting for your answer" in waiting and "Accept: introduce us" in waiting
    form = {"csrf_token": csrf_token(waiting)}
    assert client.post(f"/r/{ids.lagos}/matches/{match_id}/accept", data=form).status_code == 404
    assert _recipients(app) == []
    client.post(f"/r/{ids.quito}/matches/{match_id}/accept", data=form)
    assert _matches(app) == [(ids.action, MatchStage.ACCEPTED, Side.NEED, True, True)]
    assert _recipients(app) == ["alcalde@quito.example", "mayor@freetown.example"]
    again = client.get(f"/r/{ids.quito}/commitments/matches").get_data(as_text=True)
    assert "No match is waiting for your answer." in again and "We are working together" in again


def test_the_acting_city_offers_its_action_from_its_entry_page(app, client):
    ids = _ids(app)
    page = client.get(f"/r/{ids.quito}/commitments/{ids.action}").get_data(as_text=True)
    assert "Cities that need what you did" in page and "Data on newcomers" in page
    client.post(f"/r/{ids.quito}/commitments/{ids.action}/connect",
                data={"csrf_token": csrf_token(page), "need_id": str(ids.need)})  # fmt: skip
    assert _matches(app) == [(ids.action, MatchStage.PROPOSED, Side.OFFER, False, True)]


def test_the_matching_board_proposes_accepts_for_an_organisation_and_closes(app, client):
    ids = _ids(app)
    with app.app_context():
        factories.organiser()
        db.session.commit()
    assert client.get("/admin/commitments/matching").status_code in (302, 403)
    Auth(client).login(*factories.ORGANISER)
    assert "Matching board" in client.get("/admin/commitments/").get_data(as_text=True)
    board = client.get("/admin/commitments/matching").get_data(as_text=True)
    assert "Open needs" in board and "Unanswered needs" in board and "Data tools" in board
    client.post("/admin/commitments/matching/propose",
                data={"csrf_token": csrf_token(board), "need_id": str(ids.need),
                      "offer_id": str(ids.offer)})  # fmt: skip
    assert _matches(app) == [(ids.offer, MatchStage.PROPOSED, None, False, False)]
    board = client.get("/admin/commitments/matching").get_data(as_text=True)
    assert "Accept for the organisation" in board
    with app.app_context():
        match_id = db.session.scalar(sa.select(Match.id))
    client.post(f"/admin/commitments/matches/{match_id}/accept",
                data={"csrf_token": csrf_token(board)})  # fmt: skip
    assert _recipients(app) == []  # the city has not agreed yet
    with app.app_context():
        freetown = _freetown(ids)
        accept(match_id, Side.NEED, editor=Editor(user=freetown.user, registration=freetown),
               now=NOW)  # fmt: skip
        db.session.commit()
    client.post(f"/admin/commitments/matches/{match_id}/close",
                data={"csrf_token": csrf_token(board)})  # fmt: skip
    assert _matches(app) == [(ids.offer, MatchStage.CLOSED, None, True, True)]
    assert _recipients(app) == ["mayor@freetown.example", "offers@agency.example"]


def test_the_api_and_the_need_page_list_the_matches_made_not_declined_ones(app, client):
    with app.app_context():
        s = scene(factories.edition())
        match = propose(s.need.id, offer_id=s.offer.id, editor=s.need_side, now=NOW)
        db.session.commit()
        need_id, offer_id, match_id = s.need.id, s.offer.id, match.id
    body = client.get(f"/api/v1/commitments/{need_id}/matches").get_json()
    assert body["made"] == [{
        "id": match_id, "type": "offer", "counterpart": offer_id, "title": "Data tools",
        "title_lang": "fr",
        "by": "A UN agency", "stage": "proposed", "need_accepted": True,
        "offer_accepted": False, "proposed_at": "2018-12-08T09:00:00+00:00",
    }]  # fmt: skip
    page = client.get(f"/commitments/{need_id}").get_data(as_text=True)
    assert "Matches made" in page and "Proposed" in page
    with app.app_context():
        db.session.get(Match, match_id).stage = MatchStage.DECLINED
        db.session.commit()
    assert client.get(f"/api/v1/commitments/{need_id}/matches").get_json()["made"] == []
    assert "Matches made" not in client.get(f"/commitments/{need_id}").get_data(as_text=True)


def test_the_board_reads_offers_and_actions_once_whatever_the_number_of_open_needs(
    app, client, count_queries
):
    ids = _ids(app)
    with app.app_context():
        factories.organiser()
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    count_queries.count = 0
    client.get("/admin/commitments/matching")
    one_need = count_queries.count
    with app.app_context():
        freetown = _freetown(ids)
        for number in range(3):
            entry(freetown.edition, freetown, published=True, title=f"Need {number}",
                  gcm_objectives=[1])  # fmt: skip
        db.session.commit()
    count_queries.count = 0
    board = client.get("/admin/commitments/matching").get_data(as_text=True)
    assert board.count('name="need_id"') == 4 * 2  # each need: the offer and the action
    # Offers and actions are read once for the page; more needs cost no query of their own
    # (they come with the page's one query of needs and its loads).
    assert count_queries.count == one_need


def test_bad_ids_are_refused_with_a_message_never_a_server_error(app, client):
    ids = _ids(app)
    page = client.get(f"/r/{ids.freetown}/commitments/{ids.need}").get_data(as_text=True)
    url = f"/r/{ids.freetown}/commitments/{ids.need}/connect"
    for bad in ({"offer_id": "abc"}, {"offer_id": str(2**40)}, {"action_id": "0"}, {},
                {"offer_id": str(ids.offer), "action_id": str(ids.action)},
                {"action_id": str(ids.need)}):  # fmt: skip
        answer = client.post(url, data={"csrf_token": csrf_token(page), **bad})
        assert answer.status_code == 302, bad
    assert _matches(app) == []
    unknown = client.post(f"/r/{ids.freetown}/matches/999/accept",
                          data={"csrf_token": csrf_token(page)})  # fmt: skip
    assert unknown.status_code == 404


def test_from_an_action_a_missing_or_unknown_need_is_refused_never_a_server_error(app, client):
    ids = _ids(app)
    page = client.get(f"/r/{ids.quito}/commitments/{ids.action}").get_data(as_text=True)
    url = f"/r/{ids.quito}/commitments/{ids.action}/connect"
    for bad in ({}, {"need_id": "987654"}, {"need_id": str(ids.action)}):
        answer = client.post(url, data={"csrf_token": csrf_token(page), **bad})
        assert answer.status_code == 302, bad
        shown = client.get(answer.headers["Location"]).get_data(as_text=True)
        assert "Only a published need can be matched." in shown, bad
    assert _matches(app) == []


def test_the_board_shows_a_pair_already_proposed_at_its_stage_instead_of_proposing_it_again(
    app, client
):
    ids = _ids(app)
    with app.app_context():
        organiser = factories.organiser()
        propose(ids.need, offer_id=ids.offer, editor=Editor(user=organiser), now=factories.NOW)
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    board = client.get("/admin/commitments/matching").get_data(as_text=True)
    offer_button = f'name="offer_id" value="{ids.offer}"'
    action_button = f'name="action_id" value="{ids.action}"'
    assert offer_button not in board  # proposed already: its stage, no second button
    assert action_button in board  # the other suggestion can still be proposed
    assert 'class="status status-proposed"' in board
