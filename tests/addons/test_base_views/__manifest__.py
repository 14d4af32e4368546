{
    "name": "Base views test: extensions of base's standard views by their Odoo 17 external ids",
    "version": "1.0",
    "depends": ["base"],
    "data": ["views/extensions.xml", "data/actions.xml"],
    "license": "LGPL-3",
    "installable": True,
}
