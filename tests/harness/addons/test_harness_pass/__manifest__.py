{
    'name': 'Test harness: passing tests',
    'version': '1.0',
    'depends': ['base', 'web'],
    'license': 'LGPL-3',
    'data': ['security/ir.model.access.csv'],
}
