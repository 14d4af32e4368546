{
    "name": "Test _auto_init",
    "summary": "A model overriding _auto_init: SQL before and after the ORM's schema work",
    "depends": ["base"],
    "data": ["security/ir.model.access.csv"],
    "license": "LGPL-3",
}
