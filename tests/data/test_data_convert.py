"""``odoo.tools.convert_file``: one data file loaded from code (an addon's hook or test)."""
from __future__ import annotations

import importlib

import pytest

from framework.tools import convert_file


def test_an_xml_file_is_loaded_and_its_ids_given_back(data_env):
    idref: dict = {}
    convert_file(data_env, "test_data_basic", "data/extra_tags.xml", idref, mode="init", noupdate=False)
    extra = data_env.ref("test_data_basic.tag_extra")
    assert extra.parent_id == data_env.ref("test_data_basic.tag_red")
    assert idref["tag_extra"] == idref["test_data_basic.tag_extra"] == extra.id
    # an update rewrites the records, except those of noupdate blocks
    extra.name = "Renamed"
    kept = data_env.ref("test_data_basic.tag_extra_kept")
    kept.name = "Renamed too"
    convert_file(data_env, "test_data_basic", "data/extra_tags.xml", None, "update", False, "data")
    assert (extra.name, kept.name) == ("Extra", "Renamed too")


def test_a_csv_file_and_a_path_given(data_env, tmp_path):
    convert_file(data_env, "test_data_basic", "data/test.data.tag-extra.csv", None, mode="init")
    row = data_env.ref("test_data_basic.csv_extra")
    assert (row.name, row.color, row.parent_id) == ("CSV extra", 9, data_env.ref("test_data_basic.tag_red"))
    module = importlib.import_module("odoo.addons.test_data_basic")
    pathname = f"{module.__path__[0]}/data/extra_tags.xml"      # the file's own path
    convert_file(data_env, "test_data_basic", "extra_tags.xml", {}, "init", pathname=pathname)
    assert data_env.ref("test_data_basic.tag_extra").parent_id == data_env.ref("test_data_basic.tag_red")


def test_odoo_tools_names_it_and_refuses_unknown_files(data_env):
    assert importlib.import_module("odoo.tools").convert_file is convert_file
    assert importlib.import_module("odoo.tools.convert").convert_file is convert_file
    with pytest.raises(ValueError, match="unknown file type"):
        convert_file(data_env, "test_data_basic", "__manifest__.py", None)
    with pytest.raises(FileNotFoundError):
        convert_file(data_env, "test_data_basic", "data/missing.xml", None)
