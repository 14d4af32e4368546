{
    "name": "Point of Sale Loyalty",
    "version": "1.0",
    "category": "Sales/Point of Sale",
    "summary": "Loyalty cards in the POS: points earned on synced orders, rewards redeemed online",
    "depends": ["point_of_sale"],
    "data": [
        "security/ir.model.access.csv",
        "security/pos_loyalty_security.xml",
    ],
    "demo": [
        "data/pos_loyalty_demo.xml",
    ],
    # the till's loyalty panel (points, rewards) on the payment screen
    "assets": {
        "point_of_sale.assets_pos": [
            "pos_loyalty/static/src/pos_loyalty.js",
        ],
    },
    "installable": True,
    "license": "LGPL-3",
}
