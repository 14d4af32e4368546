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
        "views/product_template_views.xml",
        "views/product_views.xml",
        "views/product_category_views.xml",
        "views/product_supplierinfo_views.xml",
        "views/product_packaging_views.xml",
        "views/product_pricelist_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "data/product_demo.xml",
    ],
    "installable": True,
    "license": "LGPL-3",
}
