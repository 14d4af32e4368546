{
    "name": "Invoicing",
    "version": "1.2",
    "category": "Accounting/Accounting",
    "summary": "Chart of accounts, taxes, journals, fiscal positions, payment terms",
    "depends": ["base", "product"],
    "data": [
        "security/account_security.xml",
        "security/ir.model.access.csv",
        "data/account_data.xml",
        "views/account_move_views.xml",
        "views/account_config_views.xml",
        "views/account_menuitem.xml",
    ],
    "post_init_hook": "_account_post_init",
    "installable": True,
    "application": True,
    "license": "LGPL-3",
}
