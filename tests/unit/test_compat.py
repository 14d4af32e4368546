"""The ``odoo`` import alias (framework.compat), against a throw-away fake framework.

The alias table is pointed at a package written in tmp_path, so these tests do not
depend on the real framework modules. Every test starts without the alias and leaves
sys.modules and sys.meta_path as it found them (``alias`` fixture).
"""
from __future__ import annotations

import importlib
import os
import sys
import textwrap
import types

import pytest

from framework import compat, release

FAKE = "_fake_fw"           # the fake framework package written by the `fake_framework` fixture
IMPORTABLE = os.path.join(os.path.dirname(__file__), "fixtures", "addons_importable")

FAKE_FILES = {
    "__init__.py": "EXECUTIONS = []\n",
    "models.py": f"""\
        from {FAKE} import EXECUTIONS
        EXECUTIONS.append(__name__)


        class Model:
            pass
        """,
    "tools/__init__.py": "VALUE = 'tools'\n",
    "tools/misc.py": "VALUE = 'misc'\n",
    "tools/float_utils.py": """\
        def float_round(value, digits):
            return round(value, digits)


        def lazy_sibling():
            from . import misc              # relative import after aliasing
            return misc.VALUE
        """,
    "testing.py": "class TransactionCase:\n    pass\n",
    "translate.py": "def _(source):\n    return source.upper()\n\n\nclass Command:\n    CREATE = 0\n",
}

FAKE_ALIASES = {
    "odoo.models": f"{FAKE}.models",
    "odoo.tools": f"{FAKE}.tools",
    "odoo.tests": f"{FAKE}.testing",
    "odoo.tests.common": f"{FAKE}.testing",
    "odoo.osv": f"{FAKE}.osv",                  # a target that does not exist
}

FAKE_ATTRIBUTES = {
    "_": (f"{FAKE}.translate", "_"),
    "Command": (f"{FAKE}.translate", "Command"),
    "__version__": ("framework.release", "version"),
}


@pytest.fixture
def alias():
    """No alias on entry; whatever the test installs is removed on exit."""
    with compat.preserved():
        compat.uninstall()
        yield compat


@pytest.fixture
def fake_framework(tmp_path, monkeypatch, alias):
    for relative, text in FAKE_FILES.items():
        target = tmp_path / FAKE / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(compat, "ALIASES", FAKE_ALIASES)
    monkeypatch.setattr(compat, "ATTRIBUTES", FAKE_ATTRIBUTES)
    yield importlib.import_module(FAKE)
    for name in [name for name in sys.modules if name == FAKE or name.startswith(FAKE + ".")]:
        del sys.modules[name]


# -- the root package ---------------------------------------------------------------------

def test_install_returns_the_odoo_module(alias):
    odoo = alias.install()
    import odoo as imported
    assert imported is odoo is sys.modules["odoo"]


def test_install_imports_no_target(fake_framework):
    compat.install()
    assert f"{FAKE}.models" not in sys.modules


def test_superuser_id_is_one(alias):
    assert alias.install().SUPERUSER_ID == 1


def test_root_attribute_resolves_lazily_to_the_same_module(fake_framework):
    odoo = compat.install()
    assert odoo.models is importlib.import_module(f"{FAKE}.models")


def test_root_plain_attributes_come_from_their_module(fake_framework):
    compat.install()
    from odoo import Command, _
    translate = importlib.import_module(f"{FAKE}.translate")
    assert (_, Command) == (translate._, translate.Command)


def test_version_is_the_release_version(fake_framework):
    assert compat.install().__version__ == release.version


def test_unknown_root_attribute_lists_what_exists(fake_framework):
    odoo = compat.install()
    with pytest.raises(AttributeError, match=r"module 'odoo' has no attribute 'modles'; the alias "
                                             r"provides Command, _, __version__, models, osv, tests, tools"):
        odoo.modles


def test_dir_lists_lazy_names(fake_framework):
    assert {"models", "tools", "_", "Command", "SUPERUSER_ID"} <= set(dir(compat.install()))


def test_registry_is_the_loaded_registry_of_the_database(alias, monkeypatch):
    fake = types.ModuleType("framework.service.registries")
    fake.registry = lambda name: ("loaded registry of", name)
    monkeypatch.setitem(sys.modules, "framework.service.registries", fake)
    assert alias.install().registry("shop") == ("loaded registry of", "shop")


# -- the finder: same module objects, never executed twice ---------------------------------

def test_import_statement_gives_the_same_module(fake_framework):
    compat.install()
    import odoo.models
    assert odoo.models is sys.modules[f"{FAKE}.models"] is sys.modules["odoo.models"]


def test_aliased_module_runs_once(fake_framework):
    compat.install()
    importlib.import_module(f"{FAKE}.models")
    importlib.import_module("odoo.models")
    assert fake_framework.EXECUTIONS == [f"{FAKE}.models"]


def test_classes_are_shared(fake_framework):
    compat.install()
    from odoo.models import Model
    assert Model is importlib.import_module(f"{FAKE}.models").Model


def test_submodules_alias_too(fake_framework):
    compat.install()
    from odoo.tools.float_utils import float_round
    real = importlib.import_module(f"{FAKE}.tools.float_utils")
    assert float_round is real.float_round
    assert sys.modules["odoo.tools.float_utils"] is real


def test_real_module_keeps_its_own_name_and_spec(fake_framework):
    compat.install()
    import odoo.tools
    assert (odoo.tools.__name__, odoo.tools.__spec__.name) == (f"{FAKE}.tools", f"{FAKE}.tools")


def test_relative_import_inside_an_aliased_module_still_works(fake_framework):
    compat.install()
    from odoo.tools.float_utils import lazy_sibling
    assert lazy_sibling() == "misc"


def test_nested_alias_below_a_plain_module(fake_framework):
    compat.install()
    from odoo.tests.common import TransactionCase
    assert TransactionCase is importlib.import_module(f"{FAKE}.testing").TransactionCase


def test_unknown_odoo_module_lists_the_aliases(fake_framework):
    compat.install()
    with pytest.raises(ModuleNotFoundError, match=r"No module named 'odoo.cli': the odoo alias provides "
                                                  r"models, osv, tests, tools"):
        importlib.import_module("odoo.cli")


def test_alias_of_a_missing_module_names_the_target(fake_framework):
    compat.install()
    with pytest.raises(ModuleNotFoundError, match=rf"'odoo.osv': it is an alias of '{FAKE}.osv', "
                                                  r"which does not exist"):
        importlib.import_module("odoo.osv")


def test_missing_submodule_is_a_plain_import_error(fake_framework):
    compat.install()
    with pytest.raises(ImportError):
        from odoo.tools import nothing_here  # noqa: F401


def test_real_table_maps_submodules_by_longest_prefix():
    assert compat._real_name("odoo.tools.float_utils") == "framework.tools.float_utils"
    assert compat._real_name("odoo.tests.common") == "framework.testing.common"
    assert compat._real_name("odoo.addons.base") is None


def test_real_table_maps_odoo_names_to_framework_names():
    assert all(alias.startswith("odoo.") and target.startswith("framework.")
               for alias, target in compat.ALIASES.items())


# -- odoo.addons ----------------------------------------------------------------------------

def test_addon_is_imported_under_odoo_addons(alias):
    alias.install([IMPORTABLE])
    from odoo.addons.fake_shop.models.shop import Shop
    assert Shop.__module__ == "odoo.addons.fake_shop.models.shop"


def test_addon_imports_another_addon(alias):
    alias.install([IMPORTABLE])
    from odoo.addons.fake_shop.models.shop import Shop
    assert Shop.owner_id == 1 and "odoo.addons.fake_base.helpers" in sys.modules


def test_addons_path_is_the_given_list(alias, tmp_path):
    odoo = alias.install([IMPORTABLE, str(tmp_path)])
    assert odoo.addons.__path__ == [IMPORTABLE, str(tmp_path)]


# -- idempotence and clean-up ------------------------------------------------------------------

def test_install_twice_keeps_one_root_one_finder_and_no_duplicate_path(alias, tmp_path):
    first = alias.install([IMPORTABLE])
    second = alias.install([IMPORTABLE, os.path.relpath(IMPORTABLE), str(tmp_path)])
    assert second is first
    assert first.addons.__path__ == [IMPORTABLE, str(tmp_path)]
    assert sum(finder is compat._FINDER for finder in sys.meta_path) == 1


def test_install_refuses_a_string(alias):
    with pytest.raises(TypeError, match="list of addons paths"):
        alias.install(IMPORTABLE)


def test_install_refuses_to_shadow_a_real_odoo(alias, monkeypatch):
    monkeypatch.setitem(sys.modules, "odoo", types.ModuleType("odoo"))
    with pytest.raises(ImportError, match="a real 'odoo' package is already imported"):
        alias.install()


def test_uninstall_removes_finder_and_every_odoo_module(alias):
    alias.install([IMPORTABLE])
    importlib.import_module("odoo.addons.fake_shop")
    alias.uninstall()
    assert compat._FINDER not in sys.meta_path
    assert [name for name in sys.modules if name.split(".")[0] == "odoo"] == []


def test_installed_context_restores_the_previous_state(alias, tmp_path):
    outer = alias.install([IMPORTABLE])
    with alias.installed([str(tmp_path)]) as inner:
        assert inner is outer and outer.addons.__path__ == [IMPORTABLE, str(tmp_path)]
        importlib.import_module("odoo.addons.fake_base")
    assert outer.addons.__path__ == [IMPORTABLE]
    assert "odoo.addons.fake_base" not in sys.modules


def test_installed_context_removes_an_alias_it_created(alias):
    with alias.installed():
        pass
    assert "odoo" not in sys.modules and compat._FINDER not in sys.meta_path


def test_addons_paths_reports_the_current_list(alias):
    assert alias.addons_paths() == []
    alias.install([IMPORTABLE])
    assert alias.addons_paths() == [IMPORTABLE]


def test_osv_expression_keeps_odoos_names():
    from framework.osv import expression
    for name in ("AND", "OR", "FALSE_DOMAIN", "TRUE_DOMAIN", "FALSE_LEAF", "TRUE_LEAF", "TERM_OPERATORS",
                 "NEGATIVE_TERM_OPERATORS", "DOMAIN_OPERATORS", "is_leaf", "is_operator", "normalize_domain",
                 "normalize_leaf", "is_false"):
        assert hasattr(expression, name), name
    assert expression.OR([[("a", "=", 1)], [("b", "=", 2)]]) == ["|", ("a", "=", 1), ("b", "=", 2)]


# -- psycopg2 (EXTERNAL_ALIASES) ----------------------------------------------------------------

def test_psycopg2_is_psycopg3_s_errors_when_not_installed(alias):
    import psycopg
    alias.install()
    psycopg2 = importlib.import_module("psycopg2")
    from psycopg2 import IntegrityError, errorcodes, errors
    assert IntegrityError is psycopg.IntegrityError and psycopg2.OperationalError is psycopg.OperationalError
    assert errors.UniqueViolation is psycopg.errors.UniqueViolation
    assert (errorcodes.UNIQUE_VIOLATION, errorcodes.LOCK_NOT_AVAILABLE) == ("23505", "55P03")
    assert errorcodes.lookup("40001") == "SERIALIZATION_FAILURE"
    assert importlib.import_module("psycopg2.extensions").quote_ident('a"b') == '"a""b"'
    with pytest.raises(ModuleNotFoundError, match="'psycopg2.pool': it is an alias of"):
        importlib.import_module("psycopg2.pool")


def test_psycopg2_alias_leaves_with_the_odoo_alias(alias):
    alias.install()
    importlib.import_module("psycopg2.sql")
    alias.uninstall()
    assert [name for name in sys.modules if name.split(".")[0] == "psycopg2"] == []


def test_an_installed_psycopg2_is_not_shadowed(alias, tmp_path, monkeypatch):
    (tmp_path / "psycopg2").mkdir()
    (tmp_path / "psycopg2" / "__init__.py").write_text("REAL = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    alias.install()
    try:
        assert importlib.import_module("psycopg2").REAL is True
    finally:
        sys.modules.pop("psycopg2", None)
