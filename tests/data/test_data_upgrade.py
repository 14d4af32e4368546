"""Install then upgrade throwaway addons: what an upgrade rewrites, keeps and deletes; how
bad data files fail; demo data and --without-demo."""
from __future__ import annotations

import pytest

from framework.modules.xml_data import ParseError
from framework.orm.environment import Environment
from tests.support.data import load, write_addon

V1 = """
<odoo>
    <record id="cat_main" model="res.partner.category">
        <field name="name">Main v1</field>
    </record>
    <record id="cat_obsolete" model="res.partner.category">
        <field name="name">Dropped in v2</field>
    </record>
    <data noupdate="1">
        <record id="cat_settings" model="res.partner.category">
            <field name="name">Settings v1</field>
        </record>
        <record id="cat_settings_obsolete" model="res.partner.category">
            <field name="name">Noupdate, dropped in v2</field>
        </record>
        <function model="res.partner.category" name="name_create" eval="['Made by a noupdate function']"/>
    </data>
    <menuitem id="menu_top" name="Top">
        <menuitem id="menu_child" name="Child v1"/>
    </menuitem>
    <record id="cat_form" model="ir.ui.view">
        <field name="model">res.partner.category</field>
        <field name="arch" type="xml"><form><field name="name"/></form></field>
    </record>
    <record id="cat_form_obsolete" model="ir.ui.view">
        <field name="model">res.partner.category</field>
        <field name="inherit_id" ref="cat_form"/>
        <field name="arch" type="xml"><field name="name" position="after"><field name="color"/></field></field>
    </record>
    <function model="res.partner.category" name="name_create" eval="['Made by a function']"/>
</odoo>
"""

V2 = """
<odoo>
    <record id="cat_main" model="res.partner.category">
        <field name="name">Main v2</field>
    </record>
    <record id="cat_new" model="res.partner.category">
        <field name="name">New in v2</field>
    </record>
    <data noupdate="1">
        <record id="cat_settings" model="res.partner.category">
            <field name="name">Settings v2</field>
        </record>
        <record id="cat_settings_late" model="res.partner.category">
            <field name="name">Noupdate, new in v2</field>
        </record>
        <record id="cat_settings_not_forced" model="res.partner.category" forcecreate="0">
            <field name="name">Not created at an update</field>
        </record>
        <function model="res.partner.category" name="name_create" eval="['Made by a noupdate function']"/>
    </data>
    <menuitem id="menu_top" name="Top">
        <menuitem id="menu_child" name="Child v2"/>
    </menuitem>
    <record id="cat_form" model="ir.ui.view">
        <field name="model">res.partner.category</field>
        <field name="arch" type="xml"><form><field name="name"/><field name="active"/></form></field>
    </record>
</odoo>
"""


def names(env, domain=()):
    return sorted(env["res.partner.category"].search(list(domain)).mapped("name"))


@pytest.fixture(scope="module")
def upgrade_state(make_db, tmp_path_factory):
    """upgrade_me installed from V1, then upgraded to V2 (one database for the module)."""
    addon_dir = tmp_path_factory.mktemp("upgrade_addons")
    write_addon(addon_dir, "upgrade_me", {"data/cats.xml": V1})
    db = make_db("test_upg_")
    registry = load(db, addon_dir, install=["upgrade_me"])
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        before = {xmlid: env.ref(f"upgrade_me.{xmlid}").id for xmlid in ("cat_main", "cat_settings")}
        obsolete_id = env.ref("upgrade_me.cat_obsolete").id
    write_addon(addon_dir, "upgrade_me", {"data/cats.xml": V2})
    return load(db, addon_dir, update=["upgrade_me"]), before, obsolete_id


@pytest.fixture
def upgraded(upgrade_state):
    registry, before, obsolete_id = upgrade_state
    cr = registry.cursor()
    try:
        yield Environment(cr, 1, {}), before, obsolete_id
    finally:
        cr.rollback()
        cr.close()


@pytest.fixture(scope="module")
def bad_db(make_db):
    """One database (base installed) for the installs that must fail."""
    return make_db("test_bad_")


def test_upgrade_rewrites_updatable_records_in_place(upgraded):
    env, before, _obsolete = upgraded
    main = env.ref("upgrade_me.cat_main")
    assert (main.id, main.name) == (before["cat_main"], "Main v2")


def test_upgrade_leaves_noupdate_records_alone(upgraded):
    env, before, _obsolete = upgraded
    settings = env.ref("upgrade_me.cat_settings")
    assert (settings.id, settings.name) == (before["cat_settings"], "Settings v1")


def test_upgrade_creates_new_records_even_in_noupdate_blocks(upgraded):
    env, _before, _obsolete = upgraded
    assert env.ref("upgrade_me.cat_new").name == "New in v2"
    assert env.ref("upgrade_me.cat_settings_late").name == "Noupdate, new in v2"


def test_forcecreate_0_skips_missing_noupdate_records_at_an_update(upgraded):
    env, _before, _obsolete = upgraded
    assert env.ref("upgrade_me.cat_settings_not_forced", raise_if_not_found=False) is None


def test_upgrade_deletes_records_the_new_data_no_longer_defines(upgraded):
    env, _before, obsolete_id = upgraded
    assert env.ref("upgrade_me.cat_obsolete", raise_if_not_found=False) is None
    assert not env["res.partner.category"].browse(obsolete_id).exists()


def test_upgrade_keeps_obsolete_noupdate_records(upgraded):
    env, _before, _obsolete = upgraded
    assert env.ref("upgrade_me.cat_settings_obsolete").name == "Noupdate, dropped in v2"


def test_functions_in_noupdate_blocks_run_at_install_only(upgraded):
    env, _before, _obsolete = upgraded
    assert len(env["res.partner.category"].search([("name", "=", "Made by a noupdate function")])) == 1


def test_an_unknown_ref_fails_the_install_naming_file_line_and_id(bad_db, addon_dir):
    write_addon(addon_dir, "bad_ref", {"data/bad.xml": """
        <odoo>
            <record id="ok" model="res.partner.category">
                <field name="name">fine</field>
            </record>
            <record id="broken" model="res.partner.category">
                <field name="parent_id" ref="no_such_id"/>
            </record>
        </odoo>
        """})
    with pytest.raises(ParseError) as info:
        load(bad_db, addon_dir, install=["bad_ref"])
    message = str(info.value)
    assert "bad_ref/data/bad.xml:5" in message
    assert "External ID not found in the system: bad_ref.no_such_id" in message


def test_an_unknown_tag_fails_the_install(bad_db, addon_dir):
    write_addon(addon_dir, "bad_tag", {"data/bad.xml": "<odoo><recrod id='x' model='res.partner'/></odoo>"})
    with pytest.raises(ParseError, match=r"bad.xml:1: unknown element <recrod>"):
        load(bad_db, addon_dir, install=["bad_tag"])


def test_an_escape_attempt_in_eval_fails_the_install(bad_db, addon_dir):
    write_addon(addon_dir, "bad_eval", {"data/bad.xml": """
        <odoo>
            <record id="x" model="res.partner.category">
                <field name="name" eval="ref.__self__"/>
            </record>
        </odoo>
        """})
    with pytest.raises(ParseError, match=r"forbidden|refuses the attribute '__self__'"):
        load(bad_db, addon_dir, install=["bad_eval"])


def test_a_locator_that_matches_nothing_names_view_addon_and_locator(bad_db, addon_dir):
    write_addon(addon_dir, "bad_view", {"views/bad.xml": """
        <odoo>
            <record id="partner_form" model="ir.ui.view">
                <field name="name">bad_view.partner.form</field>
                <field name="model">res.partner</field>
                <field name="arch" type="xml"><form><field name="name"/></form></field>
            </record>
            <record id="partner_form_ext" model="ir.ui.view">
                <field name="name">bad_view.partner.form.ext</field>
                <field name="model">res.partner</field>
                <field name="inherit_id" ref="partner_form"/>
                <field name="arch" type="xml">
                    <xpath expr="//field[@name='nope']" position="after"><field name="email"/></xpath>
                </field>
            </record>
        </odoo>
        """})
    with pytest.raises(ParseError) as info:
        load(bad_db, addon_dir, install=["bad_view"])
    message = str(info.value)
    assert "Element '<xpath expr=\"//field[@name='nope']\">' cannot be located in parent view" in message
    assert "bad_view.partner.form.ext" in message and "addon bad_view" in message
    assert "bad_view/views/bad.xml:7" in message


def test_a_view_naming_an_unknown_field_fails_the_install(bad_db, addon_dir):
    write_addon(addon_dir, "bad_field", {"views/bad.xml": """
        <odoo>
            <record id="partner_form" model="ir.ui.view">
                <field name="model">res.partner</field>
                <field name="arch" type="xml"><form><field name="no_such_field"/></form></field>
            </record>
        </odoo>
        """})
    with pytest.raises(ParseError, match='Field "no_such_field" does not exist in model "res.partner"'):
        load(bad_db, addon_dir, install=["bad_field"])


def test_csv_file_named_after_a_missing_model_fails(bad_db, addon_dir):
    write_addon(addon_dir, "bad_csv", {"data/no.such.model.csv": "id,name\nx,y\n"})
    with pytest.raises(Exception, match=r"no model 'no.such.model'"):
        load(bad_db, addon_dir, install=["bad_csv"])


def test_without_demo_skips_demo_files(bad_db, addon_dir):
    write_addon(addon_dir, "with_demo", {
        "data/data.xml": "<odoo><record id='real' model='res.partner.category'>"
                         "<field name='name'>real</field></record></odoo>",
        "demo/demo.xml": "<odoo><record id='fake' model='res.partner.category'>"
                         "<field name='name'>fake</field></record></odoo>",
    }, demo=["demo/demo.xml"])
    registry = load(bad_db, addon_dir, install=["with_demo"], without_demo=True)
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        assert env.ref("with_demo.real") and env.ref("with_demo.fake", raise_if_not_found=False) is None


def _demo_addon(addon_dir, name: str, demo_ids, depends=("base",)) -> None:
    records = "".join(f"<record id='{xmlid}' model='res.partner.category'><field name='name'>{xmlid}"
                      f"</field></record>" for xmlid in demo_ids)
    write_addon(addon_dir, name, {
        "data/data.xml": "<odoo><record id='real' model='res.partner.category'><field name='name'>"
                         "real</field></record></odoo>",
        "demo/demo.xml": f"<odoo>{records}</odoo>"}, depends=depends, demo=["demo/demo.xml"])


def _demo_state(registry, *xmlids) -> tuple:
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        flags = {m.name: m.demo for m in env["ir.module.module"].search([("state", "=", "installed")])}
        return flags, [bool(env.ref(x, raise_if_not_found=False)) for x in xmlids]


def test_update_loads_demo_data_only_for_addons_installed_with_it(make_db, addon_dir):
    _demo_addon(addon_dir, "demo_flag", ["fake"])
    plain = make_db("test_nodemo_")
    load(plain, addon_dir, install=["demo_flag"], without_demo=True)
    flags, found = _demo_state(load(plain, addon_dir, update=["demo_flag"]), "demo_flag.fake")
    assert (flags["base"], flags["demo_flag"], found) == (False, False, [False])
    # an addon installed later on that database has no demo data either (its dependencies have none)
    _demo_addon(addon_dir, "demo_later", ["later"], depends=("demo_flag",))
    flags, found = _demo_state(load(plain, addon_dir, install=["demo_later"]), "demo_later.later")
    assert (flags["demo_later"], found) == (False, [False])

    full = make_db("test_demo_")
    # (the suite's config says --without-demo=all: this database asks for demo data)
    flags, found = _demo_state(load(full, addon_dir, install=["demo_flag"], without_demo=False),
                               "demo_flag.fake")
    assert (flags["base"], flags["demo_flag"], found) == (True, True, [True])
    _demo_addon(addon_dir, "demo_flag", ["fake", "fake_v2"])
    flags, found = _demo_state(load(full, addon_dir, update=["demo_flag"], without_demo=True),
                               "demo_flag.fake_v2")
    assert (flags["demo_flag"], found) == (True, [True])


def test_upgrade_rewrites_nested_menus_and_view_archs(upgraded):
    env, _before, _obsolete = upgraded
    child = env.ref("upgrade_me.menu_child")
    assert (child.name, child.parent_id) == ("Child v2", env.ref("upgrade_me.menu_top"))
    assert "active" in env.ref("upgrade_me.cat_form").arch


def test_upgrade_deletes_views_the_new_data_no_longer_defines(upgraded):
    env, _before, _obsolete = upgraded
    assert env.ref("upgrade_me.cat_form_obsolete", raise_if_not_found=False) is None
    arch = env.ref("upgrade_me.cat_form")._get_combined_arch()
    assert [node.get("name") for node in arch.iter("field")] == ["name", "active"]
