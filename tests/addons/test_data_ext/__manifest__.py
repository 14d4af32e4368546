{
    "name": "Data loader test: inheriting views and foreign records",
    "version": "1.0",
    "depends": ["test_data_basic"],
    "data": ["views/inherit.xml"],
    "license": "LGPL-3",
    "installable": True,
}
