{
    "name": "Data loader test models",
    "version": "1.0",
    "depends": ["base"],
    "data": [
        "security/ir.model.access.csv",
        "data/test.data.tag.csv",
        "data/records.xml",
        "data/functions.xml",
        "views/views.xml",
        "views/menus.xml",
        "views/templates.xml",
    ],
    "demo": ["demo/demo.xml"],
    "license": "LGPL-3",
    "installable": True,
}
