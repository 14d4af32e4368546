"""Asset bundles: manifest directives, hashed URLs, ES module entries, CSS and XML, installed-only.

The first part resolves bundles from addons written into a temporary folder (no database);
the second serves ``test_assets_base`` extended by ``test_assets_ext`` through the WSGI app
(``test_assets_other`` is on the addons path but never installed).
"""
from __future__ import annotations

import os
import re

import pytest
from werkzeug.test import Client

from framework.http import asset_resolution, assets
from framework.modules import find_addons
from tests.support.db import make_config

# -- resolution, without a database --------------------------------------------------------------

def write_addon(root, name: str, assets_key: dict, files: dict, depends=("base",)) -> None:
    addon = root / name
    addon.mkdir()
    (addon / "__init__.py").write_text("")
    (addon / "__manifest__.py").write_text(repr({"name": name, "depends": list(depends),
                                                 "license": "LGPL-3", "assets": assets_key}))
    for relative, text in files.items():
        path = addon / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture
def addons(tmp_path):
    write_addon(tmp_path, "base", {}, {}, depends=())
    write_addon(tmp_path, "lib", {"lib.one": ["lib/static/*.js", ("include", "lib.two")],
                                  "lib.two": [("include", "lib.one")],
                                  "lib.bad_remove": [("remove", "lib/static/x.js")],
                                  "lib.foreign": ["absent/static/a.js"],
                                  "lib.escape": ["lib/static/../__manifest__.py", "lib/*.py"]},
                {"static/x.js": "export const x = 1;\n", "static/y.js": "export const y = 2;\n"})
    write_addon(tmp_path, "absent", {"lib.one": ["absent/static/a.js"]}, {"static/a.js": "a\n"},
                depends=("lib",))
    return tmp_path


def resolver(root, installed=("base", "lib")) -> asset_resolution.Resolver:
    return asset_resolution.Resolver(find_addons([str(root)]), installed)


def test_circular_include_is_refused_with_the_chain(addons):
    with pytest.raises(asset_resolution.AssetError,
                       match=r"Circular assets bundle declaration: lib.one > lib.two > lib.one"):
        resolver(addons).resolve("lib.one")


def test_removing_a_file_absent_from_the_bundle_is_an_error(addons):
    with pytest.raises(asset_resolution.AssetError, match=r"/lib/static/x.js not found in bundle lib.bad_remove"):
        resolver(addons).resolve("lib.bad_remove")


def test_files_of_an_addon_that_is_not_installed_are_refused(addons):
    with pytest.raises(asset_resolution.AssetError, match=r"addon 'absent', which is not installed"):
        resolver(addons).resolve("lib.foreign")


def test_paths_outside_the_static_folder_are_ignored(addons):
    assert resolver(addons).resolve("lib.escape") == []


def test_manifests_of_addons_not_installed_do_not_count(addons):
    assert not resolver(addons).declared("absent.nothing")
    assert resolver(addons, ("base", "lib")).declared("lib.one")


def test_unique_changes_when_a_file_changes(tmp_path):
    write_addon(tmp_path, "base", {}, {}, depends=())
    write_addon(tmp_path, "lib", {"lib.ok": ["lib/static/*.js"]}, {"static/y.js": "export const y = 2;\n"})
    manifests, key = find_addons([str(tmp_path)]), (str(tmp_path),)
    before = assets.get_bundle("lib.ok", manifests, ("base", "lib"), cache_key=key).unique("js")
    target = tmp_path / "lib" / "static" / "y.js"
    target.write_text("export const y = 3;\n")
    os.utime(target, ns=(1, 1))             # a different mtime whatever the clock resolution
    after = assets.get_bundle("lib.ok", manifests, ("base", "lib"), cache_key=key).unique("js")
    assert after != before


def test_addon_order_is_odoos_application_sequence_name_with_dependencies_first(tmp_path):
    write_addon(tmp_path, "base", {}, {}, depends=())
    write_addon(tmp_path, "zeta", {}, {})
    write_addon(tmp_path, "alpha", {}, {}, depends=("zeta",))
    write_addon(tmp_path, "beta", {}, {})
    manifests = find_addons([str(tmp_path)])
    order = asset_resolution.addon_order(manifests, ["alpha", "beta", "zeta", "base"])
    assert order == ["base", "zeta", "alpha", "beta"]


def test_bundle_file_names():
    assert assets.parse_filename("web.assets_backend.min.js") == ("web.assets_backend", "js")
    assert assets.parse_filename("a.b.xml") == ("a.b", "xml")
    assert assets.parse_filename("a.b.png") is None


# -- served, from installed test addons ----------------------------------------------------------

@pytest.fixture(scope="module")
def assets_db(make_db) -> str:
    from framework.modules.registry_loader import load_registry
    from framework.service.db import forget_list_cache
    name = make_db("test_assets_")
    load_registry(name, install=["test_assets_ext"], config=make_config())
    forget_list_cache()             # db.list answers from a 5 s cache
    return name


@pytest.fixture(scope="module")
def client(assets_db) -> Client:
    from framework.http.application import make_app
    return Client(make_app(make_config(dbfilter=f"^{assets_db}$")))


@pytest.fixture(scope="module")
def urls(assets_db) -> dict:
    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    with Registry.registries[assets_db].cursor() as cr:
        return assets.asset_urls(Environment(cr, 1, {}), "test_assets_base.main")


def body_lines(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True).splitlines()


def test_js_bundle_is_a_module_importing_every_file_in_directive_order(client, urls):
    imports = [line for line in body_lines(client, urls["js"]) if line.startswith("import")]
    assert imports == [
        'import "/test_assets_ext/static/src/polyfill.js";',             # prepend
        'import "/test_assets_base/static/lib/one.js";',                 # include
        'import "/test_assets_base/static/lib/two.js";',
        'import "/test_assets_ext/static/src/before_app.js";',           # before
        'import "/test_assets_base/static/src/app.js";',
        'import "/test_assets_ext/static/src/after_app.js";',             # after
        'import "/test_assets_base/static/src/components/card.js";',     # ** glob
    ]


def test_bundle_urls_carry_a_hash_and_are_cached_forever(client, urls):
    assert re.fullmatch(r"/web/assets/[0-9a-f]{16}/test_assets_base\.main\.js", urls["js"])
    response = client.get(urls["js"])
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_an_outdated_hash_redirects_to_the_current_url(client, urls):
    response = client.get("/web/assets/0123456789abcdef/test_assets_base.main.min.js")
    assert response.status_code == 307 and response.headers["Location"].endswith(urls["js"])


def test_unknown_and_not_installed_bundles_are_404(client):
    assert client.get("/web/assets/0123456789abcdef/test_assets_other.own.js").status_code == 404
    assert client.get("/web/assets/0123456789abcdef/nope.nope.css").status_code == 404
    assert client.get("/web/assets/0123456789abcdef/test_assets_base.main.png").status_code == 404


def test_files_of_addons_not_installed_stay_out(client, urls):
    assert not any("test_assets_other" in line for line in body_lines(client, urls["js"]))


def test_css_is_concatenated_without_removed_files_and_urls_made_absolute(client, urls):
    css = "\n".join(body_lines(client, urls["css"]))
    assert "/* /test_assets_base/static/src/app.css */" in css and ".o-ext" in css
    assert ".o-old" not in css                                           # remove
    assert "url(/test_assets_base/static/img/bg.png)" in css
    assert 'url("/web/static/logo.png")' in css and "url(data:image/png;base64,AAAA)" in css
    assert css.index(".o-app") < css.index(".o-ext")


def test_xml_templates_are_one_document_with_the_replacement_in_place(client, urls):
    from lxml import etree
    response = client.get(urls["xml"])
    root = etree.fromstring(response.get_data())
    assert response.headers["Content-Type"].startswith("text/xml")
    names = [(t.get("t-name"), t.findtext("div")) for t in root.iterchildren("t")]
    assert names == [("test_assets_base.Card", "extended"), ("test_assets_base.List", None)]


def test_modules_served_alone_are_javascript(client):
    with client.get("/test_assets_base/static/src/app.js") as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/javascript")


def test_template_helper_writes_import_map_stylesheet_and_module(client, urls):
    page = client.get("/test_assets/page").get_data(as_text=True)
    assert '<script type="importmap">' in page
    assert '"/test_assets_base/static/src/app.js": "/test_assets_base/static/src/app.js?unique=' in page
    assert f'<link rel="stylesheet" href="{urls["css"]}"/>' in page
    assert f'<script type="module" src="{urls["js"]}"></script>' in page


def test_ir_asset_rows_extend_bundles_and_odoo_paths_api(assets_db):
    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    with Registry.registries[assets_db].cursor() as cr:
        env = Environment(cr, 1, {})
        before = env["ir.asset"]._get_asset_paths("test_assets_base.lib", {})
        env["ir.asset"].create({"name": "late", "bundle": "test_assets_base.lib", "directive": "remove",
                                "path": "test_assets_base/static/lib/one.js"})
        after = env["ir.asset"]._get_asset_paths("test_assets_base.lib", {})
        cr.rollback()
    assert [p[0] for p in before] == ["/test_assets_base/static/lib/one.js", "/test_assets_base/static/lib/two.js"]
    assert [p[0] for p in after] == ["/test_assets_base/static/lib/two.js"]
