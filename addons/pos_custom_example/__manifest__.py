{
    "name": "POS Custom Example",
    "version": "1.0",
    "category": "Sales/Point of Sale",
    "summary": "How to extend the Point of Sale: order note templates a cashier adds to an order",
    "depends": ["point_of_sale"],
    "data": [
        "security/ir.model.access.csv",
        "security/pos_custom_example_security.xml",
        "views/pos_config_views.xml",
        "data/pos_order_note_template_data.xml",
    ],
    "assets": {
        "point_of_sale.assets_pos": [
            "pos_custom_example/static/src/pos_custom_example.js",
        ],
    },
    "installable": True,
    "license": "LGPL-3",
}
