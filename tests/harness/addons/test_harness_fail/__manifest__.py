{
    'name': 'Test harness: failing tests',
    'version': '1.0',
    'depends': ['base'],
    'license': 'LGPL-3',
}
