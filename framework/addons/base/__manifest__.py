{
    "name": "Base",
    "version": "1.3",
    "category": "Hidden",
    "summary": "The kernel: partners, users, companies, currencies, models and modules",
    "depends": [],
    "data": [
        "security/ir.model.access.csv",
        "security/base_security.xml",
        "views/base_menus.xml",
        "views/ir_ui_view_views.xml",
        "views/ir_actions_views.xml",
        "views/ir_ui_menu_views.xml",
        "views/ir_model_views.xml",
        "views/res_company_views.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/res_users_demo.xml",
    ],
    "installable": True,
    "auto_install": True,
    "license": "LGPL-3",
}
