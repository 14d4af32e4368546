{
    'name': 'Assets test addon (extends the base bundle)',
    'version': '1.0',
    'depends': ['test_assets_base'],
    'license': 'LGPL-3',
    'installable': True,
    'assets': {
        'test_assets_base.main': [
            ('prepend', 'test_assets_ext/static/src/polyfill.js'),
            ('before', 'test_assets_base/static/src/app.js', 'test_assets_ext/static/src/before_app.js'),
            ('after', 'test_assets_base/static/src/app.js', 'test_assets_ext/static/src/after_app.js'),
            ('remove', 'test_assets_base/static/src/old.css'),
            ('replace', 'test_assets_base/static/src/components/card.xml',
             'test_assets_ext/static/src/card.xml'),
            'test_assets_ext/static/src/ext.css',
        ],
    },
}
