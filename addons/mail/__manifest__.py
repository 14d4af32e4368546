{
    "name": "Discuss",
    "version": "1.15",
    "category": "Productivity/Discuss",
    "summary": "Chatter: messages, followers, field tracking and activities on business documents",
    "description": """
Server side of Odoo's chatter: ``mail.thread`` (messages, followers, tracking of fields
declared with ``tracking=True``), ``mail.activity.mixin`` (scheduled activities) and their
models, with outgoing e-mail: ``mail.template`` rendering, the ``mail.mail`` queue and its
cron, sent through ``ir.mail_server`` (SMTP).
""",
    "depends": ["base"],
    "data": [
        "security/mail_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/mail_message_subtype_data.xml",
        "data/mail_activity_type_data.xml",
    ],
    "installable": True,
    "application": True,
    "license": "LGPL-3",
}
