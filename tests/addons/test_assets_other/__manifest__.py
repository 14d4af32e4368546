{
    'name': 'Assets test addon (never installed)',
    'version': '1.0',
    'depends': ['test_assets_base'],
    'license': 'LGPL-3',
    'installable': True,
    'assets': {
        'test_assets_base.main': ['test_assets_other/static/src/other.js'],
        'test_assets_other.own': ['test_assets_other/static/src/other.js'],
    },
}
