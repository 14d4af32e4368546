{
    'name': 'Browser test addon',
    'version': '1.0',
    'summary': 'A small OWL app on the shared static/ files, driven by tests/browser in Chromium',
    'depends': ['web'],
    'license': 'LGPL-3',
    'installable': True,
}
