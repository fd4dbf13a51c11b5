"""The translation catalogues: every user-facing string is marked, every marked string
is in the catalogues of every language, translated, with the original's placeholders."""

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command

from tests.i18n.unmarked import ROOT, everything_unmarked

LANGUAGES = ["es", "pt_BR"]
DOMAINS = ["django", "djangojs"]
LOCALE = ROOT / "locale"


def catalogue(language, domain, root=LOCALE):
    with open(Path(root) / language / "LC_MESSAGES" / f"{domain}.po", "rb") as po:
        return read_po(po, locale=language)


def _strings(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


def entries(language, domain, root=LOCALE):
    return {
        (message.id if isinstance(message.id, str) else message.id[0], message.context): message
        for message in catalogue(language, domain, root)
        if message.id
    }


@pytest.mark.django_db
def test_every_user_facing_string_is_marked():
    found = everything_unmarked()
    listing = "\n".join(
        f"{path}:{line}: {text}" for path, rows in found.items() for line, text in rows
    )
    assert not found, f"Mark these for translation:\n{listing}"


# What makemessages reads; everything else (the virtualenv, tests, built files) is not
# the product's text.
SOURCES = ["accounts", "config", "core", "courses", "groups", "home", "lounge", "mentorship"]
SOURCES += ["templates", "static"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_the_catalogues_hold_exactly_the_marked_strings(tmp_path, monkeypatch):
    """What makemessages gathers now is what the committed catalogues hold: nothing
    marked is missing, nothing stale is kept. It runs on a mirror of the sources with a
    copy of the catalogues, so the project's own files are never rewritten."""
    mirror = tmp_path / "project"
    mirror.mkdir()
    for name in SOURCES:
        (mirror / name).symlink_to(ROOT / name)
    shutil.copytree(LOCALE, mirror / "locale")
    monkeypatch.chdir(mirror)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [mirror / "locale"])
    for domain in DOMAINS:
        call_command(
            "makemessages",
            locale=LANGUAGES,
            domain=domain,
            ignore_patterns=["static/vendor"],
            add_location="file",
            no_obsolete=True,
            symlinks=True,
            verbosity=0,
        )
    for language in LANGUAGES:
        for domain in DOMAINS:
            stale = f"locale/{language}/LC_MESSAGES/{domain}.po: run scripts/make-messages"
            fresh = entries(language, domain, mirror / "locale")
            assert set(fresh) == set(entries(language, domain)), stale


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_entry_is_translated_with_its_placeholders(language, domain):
    messages = catalogue(language, domain)
    untranslated = [m.id for m in messages if m.id and not all(_strings(m))]
    fuzzy = [m.id for m in messages if m.id and m.fuzzy]
    assert not untranslated, (
        f"{len(untranslated)} untranslated in {language}/{domain}: {untranslated[:20]}"
    )
    assert not fuzzy, f"Check and unflag these guesses in {language}/{domain}: {fuzzy[:20]}"
    problems = [(m.id, [str(e) for e in errors]) for m, errors in messages.check()]
    assert not problems, problems
