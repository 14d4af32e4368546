{
    'name': 'Test harness: translated records',
    'version': '1.0',
    'depends': ['base'],
    'license': 'LGPL-3',
    'data': ['security/ir.model.access.csv', 'data/colours.xml'],
}
