"""``--load-language`` in two languages, ``--i18n-export`` (.pot and .po), ``--i18n-import``."""
from __future__ import annotations

import pytest

from framework.modules.registry_loader import load_registry
from framework.orm.environment import Environment
from tests.support.cli import odoo_bin
from tests.support.db import make_config
from tests.support.paths import HARNESS_ADDONS


@pytest.fixture(scope="module")
def i18n_db(make_db):
    name = make_db("test_harness_i18n_")
    run = odoo_bin("-d", name, "-i", "test_harness_i18n", "--load-language", "fr_FR,nl_NL")
    assert run.returncode == 0, run.stderr[-3000:]
    return name


def colour_names(db_name: str, lang: str) -> list[str]:
    registry = load_registry(db_name, config=make_config(addons_path=str(HARNESS_ADDONS)))
    with registry.cursor() as cr:
        env = Environment(cr, 1, {"lang": lang})
        return env["test.harness.colour"].search([], order="id").mapped("name")


def test_load_language_translates_records_in_two_languages(i18n_db):
    assert colour_names(i18n_db, "en_US") == ["Red", "Green"]
    assert colour_names(i18n_db, "fr_FR") == ["Rouge", "Vert"]
    assert colour_names(i18n_db, "nl_NL") == ["Rood", "Green"]      # no Dutch term: English


def test_load_language_activates_the_languages(i18n_db):
    registry = load_registry(i18n_db, config=make_config(addons_path=str(HARNESS_ADDONS)))
    with registry.cursor() as cr:
        codes = Environment(cr, 1, {})["res.lang"].search([]).mapped("code")
    assert {"fr_FR", "nl_NL"} <= set(codes)


def test_i18n_export_writes_a_pot_template(i18n_db, tmp_path):
    target = tmp_path / "test_harness_i18n.pot"
    run = odoo_bin("-d", i18n_db, "--i18n-export", str(target), "--modules", "test_harness_i18n")
    assert run.returncode == 0, run.stderr[-3000:]
    text = target.read_text()
    assert ("#. module: test_harness_i18n\n"
            "#: model:test.harness.colour,name:test_harness_i18n.colour_red\n"
            'msgid "Red"\nmsgstr ""\n') in text
    assert ('#: code:addons/test_harness_i18n/models/colour.py:0\n#, python-format\n'
            'msgid "Colour %s"\nmsgstr ""\n') in text


def test_i18n_export_with_language_fills_translations(i18n_db, tmp_path):
    target = tmp_path / "fr.po"
    run = odoo_bin("-d", i18n_db, "--i18n-export", str(target), "-l", "fr_FR",
                   "--modules", "test_harness_i18n")
    assert run.returncode == 0, run.stderr[-3000:]
    assert 'msgid "Red"\nmsgstr "Rouge"\n' in target.read_text()


def test_i18n_import_loads_a_po_file(i18n_db, tmp_path):
    po = tmp_path / "de.po"
    po.write_text('msgid ""\nmsgstr ""\n\n'
                  "#: model:test.harness.colour,name:test_harness_i18n.colour_green\n"
                  'msgid "Green"\nmsgstr "Grün"\n')
    run = odoo_bin("-d", i18n_db, "--i18n-import", str(po), "-l", "de_DE")
    assert run.returncode == 0, run.stderr[-3000:]
    assert colour_names(i18n_db, "de_DE") == ["Red", "Grün"]
