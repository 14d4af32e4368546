"""Reading manifests and scanning addons paths (framework.modules.manifest); no database."""
from __future__ import annotations

import logging
import os
import textwrap

import pytest

from framework.modules import ManifestError, ModuleError, find_addons, load_manifest
from framework.modules.manifest import adapt_version

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
MAIN = os.path.join(FIXTURES, "addons_main")
EXTRA = os.path.join(FIXTURES, "addons_extra")


def write_addon(root, name: str, manifest: str, filename: str = "__manifest__.py") -> str:
    addon = root / name
    addon.mkdir()
    (addon / "__init__.py").write_text("")
    (addon / filename).write_text(textwrap.dedent(manifest))
    return str(addon)


# -- find_addons ------------------------------------------------------------------------

def test_find_addons_lists_addon_dirs_only():
    assert sorted(find_addons([MAIN])) == [
        "base", "legacy_addon", "retired", "shadowed", "shop", "shop_legacy_bridge"]


def test_first_addons_path_wins_for_a_name():
    assert find_addons([MAIN, EXTRA])["shadowed"].label == "First shadowed"
    assert find_addons([EXTRA, MAIN])["shadowed"].label == "Second shadowed"


def test_find_addons_keeps_discovery_order_per_path():
    assert list(find_addons([EXTRA, MAIN]))[:2] == ["extra_tool", "shadowed"]


def test_non_installable_addons_are_listed():
    assert find_addons([MAIN])["retired"].installable is False


def test_manifest_without_init_is_skipped_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="odoo.modules.module"):
        found = find_addons([MAIN])
    assert "no_init" not in found
    assert "no __init__.py" in caplog.text


def test_missing_addons_path_is_an_error(tmp_path):
    with pytest.raises(ModuleError, match=r"addons path .*nowhere.* is not a directory"):
        find_addons([str(tmp_path / "nowhere")])


def test_find_addons_refuses_a_bare_string():
    with pytest.raises(TypeError, match="list of addons paths"):
        find_addons(MAIN)


def test_directory_named_like_no_python_module_is_skipped(tmp_path):
    write_addon(tmp_path, "bad-name", "{'name': 'x', 'license': 'MIT'}")
    assert find_addons([str(tmp_path)]) == {}


# -- load_manifest: values and defaults -------------------------------------------------

def test_manifest_values_are_read():
    shop = load_manifest(os.path.join(MAIN, "shop"))
    assert (shop.name, shop.label, shop.summary, shop.application) == (
        "shop", "Shop", "Sell things", True)
    assert shop.depends == ("base",)
    assert shop.data == ("security/ir.model.access.csv", "views/shop_views.xml")
    assert shop.demo == ("demo/shop_demo.xml",)
    assert shop.assets == {"point_of_sale._assets_pos": ["shop/static/src/**/*"]}
    assert shop.post_init_hook == "_post_init"


def test_unknown_keys_are_kept_in_raw():
    assert load_manifest(os.path.join(MAIN, "shop")).raw["bootstrap"] is True


def test_paths_are_absolute():
    shop = load_manifest(os.path.relpath(os.path.join(MAIN, "shop")))
    assert shop.path == os.path.join(MAIN, "shop")
    assert shop.manifest_file == os.path.join(MAIN, "shop", "__manifest__.py")
    assert shop.addons_path == MAIN


def test_defaults_are_odoo_defaults(tmp_path):
    manifest = load_manifest(write_addon(tmp_path, "bare", "{'name': 'Bare', 'license': 'MIT'}"))
    assert (manifest.version, manifest.depends, manifest.data, manifest.installable,
            manifest.auto_install, manifest.application, manifest.category, manifest.author,
            manifest.sequence, manifest.countries, manifest.assets,
            manifest.external_dependencies, manifest.icon) == (
        "17.0.1.0", ("base",), (), True, None, False, "Uncategorized", "Odoo S.A.",
        100, (), {}, {}, "/base/static/description/icon.png")


def test_missing_license_defaults_to_lgpl3_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="odoo.modules.module"):
        manifest = load_manifest(os.path.join(EXTRA, "extra_tool"))
    assert manifest.license == "LGPL-3"
    assert "no 'license' key" in caplog.text


def test_base_keeps_empty_depends():
    assert load_manifest(os.path.join(MAIN, "base")).depends == ()


def test_missing_label_falls_back_to_the_technical_name(tmp_path):
    assert load_manifest(write_addon(tmp_path, "nameless", "{'license': 'MIT'}")).label == "nameless"


def test_legacy_openerp_manifest_is_read():
    legacy = load_manifest(os.path.join(MAIN, "legacy_addon"))
    assert (legacy.label, legacy.license) == ("Legacy", "AGPL-3")
    assert legacy.manifest_file.endswith("__openerp__.py")


def test_description_comes_from_readme_when_absent():
    assert "Described by its README." in load_manifest(os.path.join(EXTRA, "extra_tool")).description


def test_icon_of_the_addon_when_present():
    assert load_manifest(os.path.join(EXTRA, "extra_tool")).icon == "/extra_tool/static/description/icon.png"


def test_manifest_is_frozen():
    shop = load_manifest(os.path.join(MAIN, "shop"))
    with pytest.raises(AttributeError):
        shop.version = "1.0"                        # type: ignore[misc]


# -- versions ---------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "normalised"), [
    ("1.0", "17.0.1.0"),
    ("1.2.3", "17.0.1.2.3"),
    ("17.0.1.0", "17.0.1.0"),
    ("17.0", "17.0.17.0"),
    ("16.0.1.0", "17.0.16.0.1.0"),
])
def test_version_gets_the_serie_prefix(written, normalised):
    assert adapt_version(written) == normalised


def test_manifest_version_is_normalised():
    assert load_manifest(os.path.join(MAIN, "base")).version == "17.0.1.3"
    assert load_manifest(os.path.join(MAIN, "shop")).version == "17.0.2.1"


# -- auto_install -----------------------------------------------------------------------

def test_auto_install_true_means_all_depends():
    bridge = load_manifest(os.path.join(MAIN, "shop_legacy_bridge"))
    assert bridge.auto_install == frozenset({"shop", "legacy_addon"})


def test_auto_install_list_keeps_the_triggers(tmp_path):
    path = write_addon(tmp_path, "glue", "{'depends': ['a', 'b'], 'auto_install': ['a'], 'license': 'MIT'}")
    assert load_manifest(path).auto_install == frozenset({"a"})


def test_auto_install_empty_list_means_always(tmp_path):
    path = write_addon(tmp_path, "always", "{'depends': ['a'], 'auto_install': [], 'license': 'MIT'}")
    assert load_manifest(path).auto_install == frozenset()


def test_auto_install_trigger_outside_depends_is_an_error(tmp_path):
    path = write_addon(tmp_path, "glue", "{'depends': ['a'], 'auto_install': ['b'], 'license': 'MIT'}")
    with pytest.raises(ManifestError, match=r"addon 'glue': 'auto_install' lists b, which 'depends' does not"):
        load_manifest(path)


def test_auto_install_string_is_an_error(tmp_path):
    path = write_addon(tmp_path, "glue", "{'depends': ['a'], 'auto_install': 'a', 'license': 'MIT'}")
    with pytest.raises(ManifestError, match=r"'auto_install' must be True, False or a list"):
        load_manifest(path)


# -- broken manifests: the message names the addon, the file and the line -----------------

def test_syntax_error_names_file_and_line(tmp_path):
    path = write_addon(tmp_path, "broken", """\
        {
            'name': 'Broken',
            'depends': ['base'
            'data': [],
        }
        """)
    manifest_file = os.path.join(path, "__manifest__.py")
    with pytest.raises(ManifestError, match=r"addon 'broken': syntax error .* in .*__manifest__\.py, line \d") as info:
        load_manifest(path)
    assert (info.value.path, info.value.addon) == (manifest_file, "broken")


def test_non_literal_value_is_pointed_at(tmp_path):
    path = write_addon(tmp_path, "clever", "{\n 'name': 'Clever',\n 'version': os.environ['V'],\n}\n")
    with pytest.raises(ManifestError, match=r"addon 'clever': os\.environ\['V'\] is not a literal in .*, line 3"):
        load_manifest(path)


def test_manifest_that_is_not_a_dict_is_an_error(tmp_path):
    path = write_addon(tmp_path, "listy", "['name', 'Listy']")
    with pytest.raises(ManifestError, match=r"addon 'listy': the manifest is a list, not a dict in "):
        load_manifest(path)


def test_depends_as_a_string_is_an_error(tmp_path):
    path = write_addon(tmp_path, "typo", "{'depends': 'base', 'license': 'MIT'}")
    with pytest.raises(ManifestError, match=r"'depends' must be a list of strings, got str 'base'"):
        load_manifest(path)


def test_broken_manifest_fails_the_scan(tmp_path):
    write_addon(tmp_path, "broken", "{'name': ")
    with pytest.raises(ManifestError, match="addon 'broken'"):
        find_addons([str(tmp_path)])


def test_directory_without_manifest_is_not_an_addon(tmp_path):
    with pytest.raises(ModuleError, match="is not an addon: it holds no __manifest__.py"):
        load_manifest(str(tmp_path))


def test_manifest_error_message_is_one_line(tmp_path):
    path = write_addon(tmp_path, "broken", "{'name': ")
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    assert "\n" not in str(info.value)
