{
    "name": "ORM test: x2many defaults given as dicts, SQL views with create/write columns",
    "version": "1.0",
    "depends": ["base"],
    "data": ["security/ir.model.access.csv"],
    "license": "LGPL-3",
    "installable": True,
}
