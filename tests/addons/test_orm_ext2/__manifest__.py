{
    "name": "ORM test extension 2",
    "version": "1.0",
    "depends": ["test_orm_ext"],
    "license": "LGPL-3",
}
