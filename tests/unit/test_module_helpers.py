"""``odoo.modules.module`` helpers (framework.modules.module) on addons written in tmp_path."""
from __future__ import annotations

import logging
import os

import pytest

from framework import compat
from framework.config import config
from framework.modules import module

MANIFEST = "{'name': 'Helper shelf', 'version': '2.1', 'depends': ['base'], 'license': 'LGPL-3'}\n"


@pytest.fixture
def addons(tmp_path):
    """Two addons paths on the alias: ``first`` holds helper_shelf (with an icon) and
    helper_plain; ``second`` holds another helper_shelf, shadowed by the first."""
    first, second = tmp_path / "first", tmp_path / "second"
    for root, name in ((first, "helper_shelf"), (first, "helper_plain"), (second, "helper_shelf")):
        (root / name).mkdir(parents=True)
        (root / name / "__init__.py").write_text("")
        (root / name / "__manifest__.py").write_text(MANIFEST)
    icon = first / "helper_shelf" / "static" / "description" / "icon.png"
    icon.parent.mkdir(parents=True)
    icon.write_bytes(b"\x89PNG")
    (first / "not_an_addon").mkdir()
    with compat.installed([str(first), str(second)]):
        yield first, second


def test_module_path_is_the_first_on_the_addons_path(addons):
    first, _second = addons
    assert module.get_module_path("helper_shelf") == str(first / "helper_shelf")


def test_unknown_module_path_is_false_and_logged(addons, caplog):
    with caplog.at_level(logging.WARNING, logger="odoo.modules.module"):
        found = module.get_module_path("helper_missing")
    assert (found, "module helper_missing: not found" in caplog.text) == (False, True)


@pytest.mark.parametrize("name", ["../helper_shelf", "helper_shelf/static", "..", ""])
def test_names_that_are_not_plain_folder_names_are_refused(addons, name):
    assert module.get_module_path(name, display_warning=False) is False


def test_resource_path_of_an_existing_file(addons):
    first, _second = addons
    assert module.get_resource_path("helper_shelf", "static", "description", "icon.png") == \
        str(first / "helper_shelf" / "static" / "description" / "icon.png")


@pytest.mark.parametrize("parts", [("static", "missing.png"), ("..", "helper_plain"),
                                   ("..", "..", "second")])
def test_resource_path_is_false_when_missing_or_outside_the_addon(addons, parts):
    assert module.get_resource_path("helper_shelf", *parts) is False


def test_module_resource_is_the_older_name_of_resource_path():
    assert module.get_module_resource is module.get_resource_path


def test_resource_from_path_splits_addon_and_relative_path(addons):
    first, _second = addons
    path = first / "helper_shelf" / "static" / "description" / "icon.png"
    assert module.get_resource_from_path(str(path)) == (
        "helper_shelf", "static/description/icon.png",
        os.path.join("static", "description", "icon.png"))


def test_resource_from_path_outside_the_addons_is_none(addons, tmp_path):
    assert module.get_resource_from_path(str(tmp_path / "elsewhere.txt")) is None


def test_module_root_of_a_nested_path(addons):
    first, _second = addons
    assert module.get_module_root(str(first / "helper_shelf" / "static" / "description")) == \
        str(first / "helper_shelf")


def test_manifest_dict_has_odoo_defaults_and_normalised_values(addons):
    first, _second = addons
    manifest = module.get_manifest("helper_shelf")
    assert {key: manifest[key] for key in ("name", "version", "depends", "data", "installable",
                                          "auto_install", "addons_path", "icon")} == {
        "name": "Helper shelf", "version": "17.0.2.1", "depends": ["base"], "data": [],
        "installable": True, "auto_install": False, "addons_path": str(first),
        "icon": "/helper_shelf/static/description/icon.png"}


def test_get_manifest_hands_out_copies(addons):
    module.get_manifest("helper_shelf")["depends"].append("changed")
    assert module.get_manifest("helper_shelf")["depends"] == ["base"]


def test_manifest_of_an_unknown_module_is_empty(addons):
    assert module.load_manifest("helper_missing") == {}


def test_icon_defaults_to_base_icon(addons):
    assert module.get_module_icon("helper_plain") == "/base/static/description/icon.png"


def test_modules_lists_addon_folders_once(addons):
    names = module.get_modules()
    assert ([n for n in names if n.startswith("helper_")], "not_an_addon" in names) == \
        (["helper_plain", "helper_shelf"], False)


def test_modules_with_version(addons):
    versions = module.get_modules_with_version()
    assert (versions["helper_plain"], versions["helper_shelf"]) == ("17.0.2.1", "17.0.2.1")


def test_reachable_as_odoo_modules_module(addons):
    import odoo.modules.module
    assert odoo.modules.module is module


def test_odoo_tools_config_is_the_server_options(addons):
    from odoo.tools import config as odoo_config
    assert odoo_config is config


def test_without_the_alias_the_configured_addons_path_is_used():
    with compat.preserved():
        compat.uninstall()
        found = module.get_module_path("base")
    assert found == os.path.join(config.addons_paths()[0], "base")


def test_the_helpers_are_importable_from_odoo_modules_as_on_odoo_17(addons):
    first, _second = addons
    import odoo.modules
    from odoo.modules import get_manifest, get_module_path
    assert get_module_path("helper_shelf") == str(first / "helper_shelf")
    assert get_manifest("helper_shelf")["version"].endswith("2.1")
    assert odoo.modules.get_resource_path is module.get_resource_path
    with pytest.raises(AttributeError, match="no attribute 'get_nothing'"):
        odoo.modules.get_nothing
