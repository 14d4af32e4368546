{
    "name": "Web",
    "version": "1.0",
    "category": "Hidden",
    "summary": "Web session, dataset, login and asset bundle routes used by browsers and RPC clients",
    "depends": ["base"],
    "data": ["security/ir.model.access.csv", "views/report_templates.xml"],
    "installable": True,
    "auto_install": True,
    "license": "LGPL-3",
}
