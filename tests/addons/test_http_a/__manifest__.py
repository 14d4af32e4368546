{
    'name': 'HTTP test addon A',
    'version': '1.0',
    'depends': ['web'],
    'license': 'LGPL-3',
    'installable': True,
    'assets': {'test_http_a.bundle': ['test_http_a/static/src/*.js', 'test_http_a/static/src/style.css']},
    'data': ['security/ir.model.access.csv'],
}
