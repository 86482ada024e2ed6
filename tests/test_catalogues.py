"""Every catalogue is complete: each message of the template translated, none fuzzy, every plural
form filled (Arabic has six), and the placeholders and tags of each message kept as they are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from config import Config

TRANSLATIONS = Path(__file__).resolve().parents[1] / "forum" / "translations"
# Everything the interface speaks besides English, the language the messages are written in.
TRANSLATED = [code for code in Config.LANGUAGES if code != Config.BABEL_DEFAULT_LOCALE]
# %(name)s and %(num)d for Python, {name} for the scripts' messages, and HTML tags.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}|</?[a-zA-Z][^>]*>")


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _messages(catalog: Catalog) -> dict[object, Message]:
    return {message.id: message for message in catalog if message.id}


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _problems(message: Message, forms: int) -> list[str]:
    """What is wrong with one translated message, in words a translator can act on."""
    if message.fuzzy:
        return ["fuzzy"]
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    if isinstance(message.id, tuple) and len(strings) != forms:
        return [f"{len(strings)} plural forms instead of {forms}"]
    if not all(strings):
        return ["untranslated"]
    wanted = [set(_placeholders(source)) for source in _sources(message)]
    found = [set(_placeholders(text)) for text in strings]
    if not isinstance(message.id, tuple):
        ok = sorted(_placeholders(message.id)) == _placeholders(str(message.string))
        return [] if ok else [f"placeholders {wanted[0]} became {found[0]}"]
    # A plural form may name fewer values than the English ("one session" without %(num)d),
    # never one that the English does not give.
    given = set().union(*wanted)
    return [f"form {n} names {sorted(f - given)}" for n, f in enumerate(found) if f - given]


def _sources(message: Message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def test_the_template_holds_every_message_the_code_and_pages_use(tmp_path, monkeypatch):
    """English is the messages themselves: a string left out of the template stays English in
    every other language, so the template must be extracted afresh after any change."""
    fresh = tmp_path / "fresh.pot"
    monkeypatch.chdir(TRANSLATIONS.parents[1])
    arguments = ["extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "."]
    CommandLineInterface().run(["pybabel", *arguments, "-o", str(fresh)])
    extracted, template = _messages(_read(fresh)), _messages(_read(TRANSLATIONS / "messages.pot"))
    new = [key for key in extracted if key not in template]
    gone = [key for key in template if key not in extracted]
    assert not new and not gone, f"run `make messages`: new {new[:5]}, gone {gone[:5]}"


def test_every_interface_language_has_a_catalogue():
    assert "ar" in TRANSLATED and {"fr", "es"} <= set(TRANSLATED)
    for code in TRANSLATED:
        assert (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").is_file(), code


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_catalogue_holds_every_message_of_the_template_translated(code):
    template = _messages(_read(TRANSLATIONS / "messages.pot"))
    catalogue = _read(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po")
    messages = _messages(catalogue)
    missing = [key for key in template if key not in messages]
    stale = [key for key in messages if key not in template]
    assert not stale, f"{code}: {len(stale)} not in the template (run pybabel update): {stale[:5]}"
    assert not missing, (
        f"{code}: {len(missing)} messages missing, run pybabel update: {missing[:5]}"
    )
    problems = {
        str(key): found
        for key in template
        if (found := _problems(messages[key], catalogue.num_plurals))
    }
    assert not problems, (
        f"{code}: {len(problems)} messages to fix, e.g. {list(problems.items())[:5]}"
    )
    # Babel's own checks too (python-format: a %(name)s's type, a plural's values).
    babel_says = [(message.id, [str(e) for e in errors]) for message, errors in catalogue.check()]
    assert babel_says == [], babel_says[:5]


def test_arabic_has_its_six_plural_forms():
    catalogue = _read(TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.po")
    assert catalogue.num_plurals == 6
    assert catalogue.plural_expr == get_plural("ar").plural_expr  # CLDR's rule, as Babel has it
    plural = [m for m in catalogue if m.id and isinstance(m.id, tuple)]
    assert plural and all(len(m.string) == 6 and all(m.string) for m in plural)
    # The forms differ where Arabic's grammar does (one, two, three to ten, eleven and more).
    minutes = _messages(catalogue)[("%(num)d minute", "%(num)d minutes")]
    assert len(set(minutes.string)) >= 4, minutes.string


def test_the_check_catches_what_it_is_for():
    """A fuzzy, an empty, a lost placeholder and an invented one are each reported."""
    catalogue = Catalog(locale="fr")
    fuzzy = catalogue.add("Hello %(name)s", "Bonjour %(name)s", flags=["fuzzy"])
    empty = catalogue.add("Hello", "")
    lost = catalogue.add("Hello %(name)s", "Bonjour", context="lost")
    tag = catalogue.add("<strong>Hi</strong>", "<b>Salut</b>")
    invented = catalogue.add(("%(num)d day", "%(num)d days"), ("%(count)d jour", "%(num)d jours"))
    assert _problems(fuzzy, 2) == ["fuzzy"] and _problems(empty, 2) == ["untranslated"]
    assert _problems(lost, 2) and _problems(tag, 2) and _problems(invented, 2)
    assert _problems(catalogue.add(("one", "many"), ("un",)), 2)
