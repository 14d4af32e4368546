{
    "name": "Units of measure",
    "version": "1.0",
    "category": "Sales/Sales",
    "summary": "Units of measure grouped in categories, with quantity and price conversions",
    "depends": ["base"],
    "data": [
        "data/uom_data.xml",
        "security/uom_security.xml",
        "security/ir.model.access.csv",
        "views/uom_uom_views.xml",
    ],
    "installable": True,
    "license": "LGPL-3",
}
