from odoo import fields, models


class MailTestTicket(models.Model):
    """A ticket as real addons write one: a chatter, activities, tracked fields."""

    _name = 'mail.test.ticket'
    _description = 'Test Ticket'
    _inherit = ['mail.thread', 'mail.activity.mixin']

    name = fields.Char(tracking=True)
    description = fields.Text()
    customer_id = fields.Many2one('res.partner', tracking=2)
    user_id = fields.Many2one('res.users', string='Responsible', tracking=True)
    state = fields.Selection([('new', 'New'), ('open', 'Open'), ('done', 'Done')],
                             default='new', tracking=1)
    currency_id = fields.Many2one('res.currency', default=lambda self: self.env.company.currency_id)
    amount = fields.Monetary(currency_field='currency_id', tracking=True)
    weight = fields.Float(tracking=True)
    deadline = fields.Date(tracking=True)
    active = fields.Boolean(default=True)
    untracked = fields.Char()

    def _track_subtype(self, initial_values):
        self.ensure_one()
        if 'state' in initial_values and self.state == 'done':
            return self.env.ref('mail.mt_comment')
        return super()._track_subtype(initial_values)


class MailTestPlain(models.Model):
    """A model without chatter, to check that it costs nothing more."""

    _name = 'mail.test.plain'
    _description = 'Test Plain'

    name = fields.Char()


class MailTestContact(models.Model):
    """A record with an e-mail that may be blacklisted, and the Cc of its e-mails."""

    _name = 'mail.test.contact'
    _description = 'Test Contact'
    _inherit = ['mail.thread.blacklist', 'mail.thread.cc']
    _primary_email = 'email_from'

    name = fields.Char()
    email_from = fields.Char(tracking=True)


class MailTestInvoice(models.Model):
    """A document whose first posted PDF becomes its main attachment."""

    _name = 'mail.test.invoice'
    _description = 'Test Invoice'
    _inherit = ['mail.thread.main.attachment']

    name = fields.Char()
