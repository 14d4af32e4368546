{
    "name": "ORM test extension 2",
    "version": "1.0",
    "depends": ["test_orm_ext"],
    "data": ["security/ir.model.access.csv"],
    "license": "LGPL-3",
}
