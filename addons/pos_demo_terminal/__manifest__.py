{
    "name": "POS Demo Payment Terminal",
    "version": "1.0",
    "category": "Sales/Point of Sale",
    "summary": "A payment terminal driver for trying the POS: approves or declines by amount, after a delay",
    "depends": ["point_of_sale"],
    "data": [
        "security/ir.model.access.csv",
        "security/pos_demo_terminal_security.xml",
        "data/pos_demo_terminal_data.xml",
    ],
    "installable": True,
    "license": "LGPL-3",
}
