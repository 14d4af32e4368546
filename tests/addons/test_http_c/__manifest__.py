{
    "name": "HTTP test addon C (never installed)",
    "version": "1.0",
    "depends": ["test_http_a"],
    "license": "LGPL-3",
    "installable": True,
}
