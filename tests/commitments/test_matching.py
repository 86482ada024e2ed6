"""Matching a need: offers and other cities' actions ranked by what they share, reasons said."""

from __future__ import annotations

from forum.commitments.matching import suggestions
from forum.extensions import db
from tests import factories
from tests.commitments.helpers import delegate, entry, offer


def test_a_data_tools_need_on_objective_1_ranks_the_data_tools_offer_first(ctx):
    edition = factories.edition()
    need = entry(edition, published=True, support_areas=["tools"], gcm_objectives=[1])
    offer(edition, published=True, title="Money for shelters", support_areas=["resources"],
          gcm_objectives=[7])  # fmt: skip
    offer(edition, published=True, title="Training", support_areas=["tools"], gcm_objectives=[12])
    offer(edition, published=True, title="Data tools", support_areas=["tools"], gcm_objectives=[1])
    offer(edition, title="Unpublished data tools", support_areas=["tools"], gcm_objectives=[1])
    quito = delegate(edition, "q@example.org", city=("Quito", "EC"))
    entry(edition, quito, published=True, kind="doing", support_areas=[], gcm_objectives=[1],
          title="Our newcomer survey")  # fmt: skip
    db.session.flush()
    ranked = suggestions(need)
    assert [s.title for s in ranked] == ["Data tools", "Training", "Our newcomer survey"]
    assert any("Tools (data, standards, methods)" in reason for reason in ranked[0].reasons)
    assert any("GCM objective 1: Data" in reason for reason in ranked[0].reasons)


def test_only_needs_get_suggestions_and_a_citys_own_actions_are_left_out(ctx):
    edition = factories.edition()
    mayor = delegate(edition)
    need = entry(edition, mayor, published=True, gcm_objectives=[1])
    entry(edition, mayor, published=True, kind="doing", support_areas=[], gcm_objectives=[1])
    other = delegate(edition, "o@example.org", city=("Quito", "EC"))
    action = entry(edition, other, published=True, kind="doing", support_areas=[],
                   gcm_objectives=[1])  # fmt: skip
    assert [s.action for s in suggestions(need)] == [action]  # not the city's own action
    assert suggestions(action) == []


def test_the_need_page_and_the_api_show_the_matches_with_reasons(app, client):
    with app.app_context():
        edition = factories.edition()
        need = entry(edition, published=True, support_areas=["tools"], gcm_objectives=[1])
        offer(edition, published=True, title="Data tools", support_areas=["tools"],
              gcm_objectives=[1])  # fmt: skip
        db.session.commit()
        need_id = need.id
    html = client.get(f"/commitments/{need_id}").get_data(as_text=True)
    assert "Who could help" in html and "Data tools" in html and "GCM objective 1: Data" in html
    body = client.get(f"/api/v1/commitments/{need_id}/matches").get_json()
    assert [(m["type"], m["title"]) for m in body["matches"]] == [("offer", "Data tools")]
    assert body["matches"][0]["reasons"]
    assert client.get(f"/api/v1/commitments/{need_id + 1}/matches").status_code == 404


def test_the_database_ranks_a_needs_offers_and_actions_exactly_as_the_scores_do(ctx):
    """One need's page asks the database for its best few; the board ranks every offer and
    action in Python: both must agree, ties and all, whatever the mix of traits."""
    import random

    from forum.commitments.matching import published_actions
    from forum.commitments.offers import published_offers
    from tests.agenda import helpers as agenda

    rng = random.Random(2018)
    edition = factories.edition()
    themes = [agenda.theme(edition, slug=f"t{n}").id for n in range(3)]
    areas = ["resources", "tools", "partnerships"]
    levels = [None, "local", "national", "global"]

    def traits() -> dict[str, object]:
        chosen = rng.sample(areas, rng.randint(1, 3))
        level = rng.choice(levels[1:]) if "partnerships" in chosen else None  # needed with them
        objectives = rng.sample(range(1, 9), rng.randint(1, 3))
        return {"support_areas": chosen, "partnership_level": level, "gcm_objectives": objectives}

    for n in range(40):
        offer(edition, published=n % 7 != 0, title=f"Offer {n}",
              theme_id=rng.choice([None, *themes]), **traits())  # fmt: skip
    for n in range(12):
        city = delegate(edition, f"d{n}@example.org", city=(f"City {n}", "EC"))
        entry(edition, city, published=True, kind="doing", support_areas=[], title=f"Act {n}",
              gcm_objectives=rng.sample(range(1, 9), rng.randint(1, 3)))  # fmt: skip
    needs = []
    for n in range(10):
        city = delegate(edition, f"n{n}@example.org", city=(f"Town {n}", "EC"))
        needs.append(entry(edition, city, published=True, title=f"Need {n}", **traits()))
    db.session.flush()
    offers, actions = published_offers(edition.id), published_actions(edition.id)
    for need in needs:
        by_database = suggestions(need)
        by_python = suggestions(need, offers=offers, actions=actions)
        assert [(s.title, s.score, s.reasons) for s in by_database] == [
            (s.title, s.score, s.reasons) for s in by_python
        ]
        assert by_database  # the mix leaves no need without a suggestion
