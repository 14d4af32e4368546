{
    "name": "IM Bus",
    "version": "1.0",
    "category": "Hidden",
    "summary": "Notifications to browsers: a table of messages, PostgreSQL NOTIFY, and a long-polling route",
    "depends": ["base", "web"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
    "auto_install": False,
    "license": "LGPL-3",
}
