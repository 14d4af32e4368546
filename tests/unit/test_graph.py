"""Load order, install closure and dependents (framework.modules.graph) on hand-built manifests."""
from __future__ import annotations

import pytest

from framework.modules import AddonNotFound, DependencyError, Manifest, dependents, install_closure, load_order

ADDONS_PATH = "/srv/addons"


def addon(name: str, *depends: str, auto_install=None, installable: bool = True) -> Manifest:
    path = f"{ADDONS_PATH}/{name}"
    triggers = frozenset(depends if auto_install is True else auto_install) \
        if auto_install is not None else None
    return Manifest(name=name, path=path, manifest_file=f"{path}/__manifest__.py", label=name,
                    version="17.0.1.0", depends=depends, auto_install=triggers,
                    installable=installable)


def catalog(*manifests: Manifest) -> dict[str, Manifest]:
    return {manifest.name: manifest for manifest in manifests}


#       base
#      /    \
#   mail   product
#      \    /   \
#       sale    stock
#         \     /
#        sale_stock          (diamond, auto_install=True)
SHOP = catalog(
    addon("base"),
    addon("mail", "base"),
    addon("product", "base"),
    addon("sale", "mail", "product"),
    addon("stock", "product"),
    addon("sale_stock", "sale", "stock", auto_install=True),
    addon("website", "base"),
)


# -- load_order ---------------------------------------------------------------------------

def test_load_order_is_depth_then_name():
    assert load_order(SHOP, ["sale_stock"]) == [
        "base", "mail", "product", "sale", "stock", "sale_stock"]


def test_load_order_includes_dependencies_only_once_in_a_diamond():
    order = load_order(SHOP, ["sale", "stock"])
    assert order == ["base", "mail", "product", "sale", "stock"]


def test_depth_is_one_more_than_the_deepest_dependency():
    manifests = catalog(addon("base"), addon("a", "base"), addon("b", "a"), addon("c", "base", "b"))
    assert load_order(manifests, ["c"]) == ["base", "a", "b", "c"]


def test_ties_are_broken_by_name_not_by_request_order():
    assert load_order(SHOP, ["website", "mail"]) == ["base", "mail", "website"]


def test_load_order_of_nothing_is_empty():
    assert load_order(SHOP, []) == []


def test_missing_dependency_names_both_addons_and_the_path():
    manifests = catalog(addon("base"), addon("pos", "base", "account"))
    with pytest.raises(DependencyError, match=r"addon 'pos' depends on 'account', which is not "
                                              r"found on the addons path \(/srv/addons\)"):
        load_order(manifests, ["pos"])


def test_missing_dependency_error_carries_the_names():
    manifests = catalog(addon("base"), addon("pos", "base", "account"))
    with pytest.raises(DependencyError) as info:
        load_order(manifests, ["pos"])
    assert (info.value.addon, info.value.dependency) == ("pos", "account")


def test_cycle_is_shown_as_a_chain():
    manifests = catalog(addon("base"), addon("a", "base", "b"), addon("b", "c"), addon("c", "a"))
    with pytest.raises(DependencyError, match=r"circular dependency between addons: a -> b -> c -> a;"):
        load_order(manifests, ["a"])


def test_self_dependency_is_a_cycle():
    with pytest.raises(DependencyError, match=r"a -> a"):
        load_order(catalog(addon("a", "a")), ["a"])


def test_non_installable_dependency_is_refused():
    manifests = catalog(addon("base"), addon("old", "base", installable=False), addon("new", "old"))
    with pytest.raises(DependencyError, match=r"addon 'new' depends on 'old', which is not installable "
                                              r"\(installable=False in /srv/addons/old/__manifest__\.py\)"):
        load_order(manifests, ["new"])


def test_non_installable_request_is_refused():
    manifests = catalog(addon("base"), addon("old", "base", installable=False))
    with pytest.raises(DependencyError, match=r"addon 'old' is not installable"):
        load_order(manifests, ["old"])


def test_unknown_request_suggests_close_names():
    with pytest.raises(AddonNotFound, match=r"addon 'sael' is not on the addons path \(/srv/addons\); "
                                            r"did you mean 'sale'"):
        load_order(SHOP, ["sael"])


# -- install_closure ----------------------------------------------------------------------

def test_install_closure_adds_dependencies():
    assert install_closure(SHOP, ["stock"], installed={"base"}) == {"product", "stock"}


def test_install_closure_leaves_out_what_is_installed():
    assert install_closure(SHOP, ["sale"], installed={"base", "mail", "product"}) == {"sale"}


def test_auto_install_true_follows_when_all_depends_are_there():
    closure = install_closure(SHOP, ["sale", "stock"], installed={"base"})
    assert "sale_stock" in closure


def test_auto_install_true_waits_for_all_depends():
    assert "sale_stock" not in install_closure(SHOP, ["sale"], installed={"base"})


def test_auto_install_with_already_installed_trigger_follows_the_new_one():
    closure = install_closure(SHOP, ["stock"], installed={"base", "mail", "product", "sale"})
    assert closure == {"stock", "sale_stock"}


def test_auto_install_list_needs_only_the_listed_triggers_and_brings_the_rest():
    manifests = catalog(addon("base"), addon("pos", "base"), addon("loyalty", "base"),
                        addon("pos_loyalty", "pos", "loyalty", auto_install=["pos"]))
    assert install_closure(manifests, ["pos"], installed={"base"}) == {"pos", "pos_loyalty", "loyalty"}


def test_auto_install_chains_to_a_fixed_point():
    manifests = catalog(addon("base"), addon("a", "base"),
                        addon("b", "a", auto_install=True), addon("c", "b", auto_install=True))
    assert install_closure(manifests, ["a"], installed={"base"}) == {"a", "b", "c"}


def test_auto_install_empty_list_installs_on_a_fresh_database():
    manifests = catalog(addon("base"), addon("web", "base", auto_install=[]))
    assert install_closure(manifests, ["base"]) == {"base", "web"}


def test_auto_install_empty_list_does_not_follow_later_installs():
    manifests = catalog(addon("base"), addon("mail", "base"), addon("web", "base", auto_install=[]))
    assert install_closure(manifests, ["mail"], installed={"base"}) == {"mail"}


def test_auto_install_skips_non_installable_addons():
    manifests = catalog(addon("base"), addon("a", "base"),
                        addon("b", "a", auto_install=True, installable=False))
    assert install_closure(manifests, ["a"], installed={"base"}) == {"a"}


def test_install_closure_unknown_request_is_addon_not_found():
    with pytest.raises(AddonNotFound, match="did you mean 'stock'"):
        install_closure(SHOP, ["stok"], installed={"base"})


def test_install_closure_reports_a_missing_dependency():
    manifests = catalog(addon("base"), addon("pos", "account"))
    with pytest.raises(DependencyError, match="'pos' depends on 'account'"):
        install_closure(manifests, ["pos"], installed={"base"})


# -- dependents ---------------------------------------------------------------------------

def test_dependents_are_installed_addons_depending_transitively():
    installed = {"base", "mail", "product", "sale", "stock", "sale_stock"}
    assert dependents(SHOP, ["mail"], installed) == {"mail", "sale", "sale_stock"}


def test_dependents_ignore_addons_that_are_not_installed():
    assert dependents(SHOP, ["product"], {"base", "product", "stock"}) == {"product", "stock"}


def test_dependents_of_base_are_everything_installed():
    installed = {"base", "mail", "website"}
    assert dependents(SHOP, ["base"], installed) == installed


def test_dependents_of_a_leaf_is_the_leaf():
    assert dependents(SHOP, ["website"], {"base", "website"}) == {"website"}


def test_dependents_unknown_name_is_addon_not_found():
    with pytest.raises(AddonNotFound, match="'webiste'"):
        dependents(SHOP, ["webiste"], {"base"})
