{
    'name': 'Mail test app',
    'version': '1.0',
    'summary': 'A business model with a chatter: mail.thread, activities, tracked fields',
    'depends': ['mail'],
    'license': 'LGPL-3',
    'installable': True,
    'data': [
        'security/ir.model.access.csv',
        'views/mail_test_ticket_views.xml',
        'data/mail_template_data.xml',
        'data/ticket_report.xml',
    ],
}
