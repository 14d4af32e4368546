{
    "name": "Test POS UI extension",
    "version": "1.0",
    "depends": ["point_of_sale"],
    "assets": {
        "point_of_sale.assets_pos": [
            "test_pos_ui_ext/static/src/pos_setup.js",
        ],
    },
    "license": "LGPL-3",
}
