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
    "installable": True,
    "license": "LGPL-3",
}
