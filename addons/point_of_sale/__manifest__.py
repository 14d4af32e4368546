{
    "name": "Point of Sale",
    "version": "1.0.1",
    "category": "Sales/Point of Sale",
    "summary": "Tills, sessions, orders synchronised from the browser, and the data the POS loads",
    "depends": ["product", "account"],
    "data": [
        "security/point_of_sale_security.xml",
        "security/ir.model.access.csv",
        "data/point_of_sale_data.xml",
        "views/pos_config_views.xml",
    ],
    "demo": [
        "data/point_of_sale_demo.xml",
    ],
    "installable": True,
    "application": True,
    "license": "LGPL-3",
}
