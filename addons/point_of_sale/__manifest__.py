{
    "name": "Point of Sale",
    "version": "1.0.1",
    "category": "Sales/Point of Sale",
    "summary": "Tills, sessions, orders synchronised from the browser, and the data the POS loads",
    "depends": ["product", "account", "web", "bus", "mail"],
    "data": [
        "security/point_of_sale_security.xml",
        "security/ir.model.access.csv",
        "data/point_of_sale_data.xml",
        "data/point_of_sale_mail_data.xml",
        "views/point_of_sale_view.xml",
        "views/pos_config_views.xml",
        "views/pos_order_view.xml",
        "views/pos_session_view.xml",
        "views/pos_payment_method_views.xml",
        "views/pos_category_view.xml",
        "views/pos_order_report_view.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "data/point_of_sale_demo.xml",
    ],
    # the browser POS: main.js is the entry; an addon adds a module exporting setup(pos) here
    "assets": {
        "point_of_sale.assets_pos": [
            "point_of_sale/static/src/main.js",
        ],
    },
    "installable": True,
    "application": True,
    "license": "LGPL-3",
}
