{
    'name': 'Assets test addon (base bundle)',
    'version': '1.0',
    'depends': ['web'],
    'license': 'LGPL-3',
    'installable': True,
    'assets': {
        'test_assets_base.lib': ['test_assets_base/static/lib/*.js'],
        'test_assets_base.main': [
            ('include', 'test_assets_base.lib'),
            'test_assets_base/static/src/**/*.js',
            'test_assets_base/static/src/**/*.css',
            'test_assets_base/static/src/**/*.xml',
            'test_assets_base/static/src/old.css',
        ],
    },
}
