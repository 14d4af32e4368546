{
    "name": "Invoicing",
    "version": "1.2",
    "category": "Accounting/Accounting",
    "summary": "Chart of accounts, taxes, journals, fiscal positions, payment terms",
    # `product` joins the dependencies when it lands (then product.template gets
    # taxes_id / supplier_taxes_id, as in Odoo).
    "depends": ["base"],
    "data": [
        "security/account_security.xml",
        "security/ir.model.access.csv",
        "data/account_data.xml",
    ],
    "post_init_hook": "_account_post_init",
    "installable": True,
    "application": True,
    "license": "LGPL-3",
}
