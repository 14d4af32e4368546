{
    "name": "Products & Pricelists",
    "version": "1.2",
    "category": "Sales/Sales",
    "summary": "Products, variants built from attributes, categories and pricelists",
    "depends": ["base", "uom"],
    "data": [
        "data/product_data.xml",
        "security/product_security.xml",
        "security/ir.model.access.csv",
    ],
    "demo": [
        "data/product_demo.xml",
    ],
    "installable": True,
    "license": "LGPL-3",
}
