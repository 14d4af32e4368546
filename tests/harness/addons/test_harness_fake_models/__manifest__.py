{
    'name': 'Test harness: fake models of odoo_test_helper',
    'version': '1.0',
    'depends': ['base'],
    'license': 'LGPL-3',
}
