{
    "name": "HTTP test addon B",
    "version": "1.0",
    "depends": ["test_http_a"],
    "license": "LGPL-3",
    "installable": True,
    "assets": {
        "test_http_a.bundle": [
            ("remove", "test_http_a/static/src/style.css"),
            ("prepend", "test_http_b/static/src/first.js"),
        ],
    },
}
