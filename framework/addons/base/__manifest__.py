{
    "name": "Base",
    "version": "1.3",
    "category": "Hidden",
    "summary": "The kernel: partners, users, companies, currencies, models and modules",
    "depends": [],
    "data": [],
    "installable": True,
    "auto_install": True,
    "license": "LGPL-3",
}
