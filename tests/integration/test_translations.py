"""Code strings translated from the addon's .po files; translated fields stored per language."""
from __future__ import annotations

import pytest

from tests.support.db import install, rolled_back_env


@pytest.fixture(scope="module")
def i18n_registry(make_db):
    return install(make_db, "test_i18n_", ["test_i18n"])


@pytest.fixture
def ienv(i18n_registry):
    with rolled_back_env(i18n_registry) as env:
        yield env


def test_code_strings_follow_the_context_language(ienv):
    greeting = ienv["test.greeting"].create({"name": "Ann"})
    assert greeting.hello() == "Hello Ann"
    assert greeting.with_context(lang="fr_FR").hello() == "Bonjour Ann"
    assert greeting.with_context(lang="nl_NL").hello() == "Hallo Ann"
    assert greeting.with_context(lang="fr_FR").farewell() == "Au revoir Ann"


def test_untranslated_strings_fall_back_to_the_source(ienv):
    greeting = ienv["test.greeting"].create({"name": "Ann"})
    assert greeting.with_context(lang="nl_NL").farewell() == "Goodbye Ann"
    assert greeting.with_context(lang="de_DE").hello() == "Hello Ann"


def test_translated_field_is_stored_per_language_with_english_fallback(ienv):
    record = ienv["test.greeting"].create({"name": "Cheese"})
    record.with_context(lang="fr_FR").write({"name": "Fromage"})
    ienv.invalidate_all()
    assert record.name == "Cheese"
    assert record.with_context(lang="fr_FR").name == "Fromage"
    assert record.with_context(lang="nl_NL").name == "Cheese"
    ienv.cr.execute("SELECT name FROM test_greeting WHERE id = %s", (record.id,))
    assert ienv.cr.fetchone()[0] == {"en_US": "Cheese", "fr_FR": "Fromage"}


def test_search_on_a_translated_field_uses_the_context_language(ienv):
    record = ienv["test.greeting"].create({"name": "Cheese"})
    record.with_context(lang="fr_FR").write({"name": "Fromage"})
    French = ienv["test.greeting"].with_context(lang="fr_FR")
    assert French.search([("name", "=", "Fromage")]) == record.with_env(French.env)
    assert not ienv["test.greeting"].search([("name", "=", "Fromage")])


def test_numbers_and_dates_are_formatted_by_language(ienv):
    import datetime

    from framework.tools.misc import format_date, formatLang
    ienv["res.lang"]._activate_lang("fr_FR")
    usd, eur = ienv.ref("base.USD"), ienv.ref("base.EUR")
    assert formatLang(ienv, 1234567.891) == "1,234,567.89"
    assert formatLang(ienv, 1234.5, currency_obj=usd) == "$\u00a01,234.50"
    french = ienv(context={"lang": "fr_FR"})
    # Odoo 17 separates French thousands with a no-break space
    assert formatLang(french, 1234.5, currency_obj=eur) == "1\u00a0234,50\u00a0€"
    assert format_date(ienv, datetime.date(2026, 11, 28)) == "11/28/2026"
    assert format_date(french, datetime.date(2026, 11, 28)) == "28/11/2026"


def test_fields_get_gives_labels_and_selection_labels_in_the_context_language(ienv):
    model = ienv["test.greeting"]
    english = model.fields_get(["mood"])["mood"]
    assert (english["string"], english["help"]) == ("Mood", "How the greeting sounds")
    assert english["selection"] == [["happy", "Happy"], ["sad", "Sad"], ["calm", "Calm"]]
    french = model.with_context(lang="fr_FR").fields_get(["mood"])["mood"]
    assert (french["string"], french["help"]) == ("Humeur", "Le ton du message")
    # a label the .po does not translate stays as it is
    assert french["selection"] == [["happy", "Joyeux"], ["sad", "Triste"], ["calm", "Calm"]]
    field = model._fields["mood"]
    assert dict(field._description_selection(model.with_context(lang="fr_FR").env))["sad"] == "Triste"
    assert dict(field._description_selection(model.with_context(lang="nl_NL").env))["sad"] == "Sad"


def test_an_addon_update_keeps_the_loaded_translations_of_model_and_field_labels(ienv):
    from framework.orm import model_reflection
    from framework.tools.translate import load_addon_translations
    ienv["res.lang"]._activate_lang("fr_FR")
    load_addon_translations(ienv, ["test_i18n"], "fr_FR")
    labels = ("SELECT f.field_description, f.help, m.name FROM ir_model_fields f "
              "JOIN ir_model m ON m.id = f.model_id WHERE f.model = 'test.greeting' AND f.name = 'mood'")
    ienv.cr.execute(labels)
    loaded = ienv.cr.fetchone()
    assert [label["fr_FR"] for label in loaded] == ["Humeur", "Le ton du message", "Salutation"]
    model_reflection.reflect_models(ienv, ["test.greeting"])     # what -u test_i18n runs
    ienv.cr.execute(labels)
    assert ienv.cr.fetchone() == loaded
    model = ienv["ir.model"].with_context(lang="fr_FR").search([("model", "=", "test.greeting")])
    assert model.name == "Salutation"
