{
    "name": "QWeb and report test addon",
    "version": "1.0",
    "depends": ["web"],
    "license": "LGPL-3",
    "installable": True,
    "data": [
        "security/ir.model.access.csv",
        "views/templates.xml",
        "report/doc_report.xml",
    ],
}
