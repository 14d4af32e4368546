{
    "name": "ORM test extension 1",
    "version": "1.0",
    "depends": ["test_orm"],
    "license": "LGPL-3",
}
