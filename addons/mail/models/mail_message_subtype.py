from odoo import api, fields, models


class MailMessageSubtype(models.Model):
    """What kind of message a message is (discussion, note, activity, a stage change...);
    followers choose the subtypes they are notified of."""

    _name = "mail.message.subtype"
    _description = "Message subtypes"
    _order = "sequence, id"

    name = fields.Char("Message Type", required=True, translate=True,
                       help="Message subtype gives a more precise type on the message, "
                            "especially for system notifications.")
    description = fields.Text("Description", translate=True,
                              help="Description added to the message posted for this subtype.")
    internal = fields.Boolean("Internal Only",
                              help="Messages with internal subtypes are visible only by employees.")
    parent_id = fields.Many2one("mail.message.subtype", string="Parent", ondelete="set null",
                                help="Parent subtype, used for automatic subscription.")
    relation_field = fields.Char("Relation field",
                                 help="Field used to link the related model to the subtype model.")
    res_model = fields.Char("Model", help="Model the subtype applies to. If False, this subtype "
                                          "applies to all models.")
    default = fields.Boolean("Default", default=True,
                             help="Activated by default when subscribing.")
    sequence = fields.Integer("Sequence", default=1)
    hidden = fields.Boolean("Hidden", help="Hide the subtype in the follower options")
    track_recipients = fields.Boolean("Track Recipients")

    @api.model
    def _get_auto_subscription_subtypes(self, model_name):
        """The subtypes of ``model_name`` (its own and the generic ones) and, for the related
        ones, the relation: ``(subtype ids, default subtype ids, internal subtype ids)``."""
        subtypes = self.sudo().search(["|", ("res_model", "=", False),
                                       ("res_model", "=", model_name)])
        return (subtypes.ids, subtypes.filtered("default").ids,
                subtypes.filtered(lambda s: s.default and s.internal).ids)

    @api.model
    def _default_subtypes(self, model_name):
        """The subtypes a new follower of ``model_name`` gets by default: ``(all defaults,
        internal defaults, external defaults)`` as records."""
        subtypes = self.sudo().search([("default", "=", True), "|", ("res_model", "=", model_name),
                                       ("res_model", "=", False)])
        internal = subtypes.filtered("internal")
        return subtypes, internal, subtypes - internal
