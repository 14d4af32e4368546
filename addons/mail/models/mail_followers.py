from collections import defaultdict

from odoo import api, fields, models


class MailFollowers(models.Model):
    """A partner following a document, and the message subtypes they follow it for.

    Documents are linked by ``res_model`` and ``res_id`` (not a many2one): the thread
    removes its followers when it is deleted.
    """

    _name = "mail.followers"
    _rec_name = "partner_id"
    _log_access = False
    _description = "Document Followers"

    res_model = fields.Char("Related Document Model Name", required=True, index=True)
    res_id = fields.Many2oneReference("Related Document ID", index=True,
                                      help="Id of the followed resource", model_field="res_model")
    partner_id = fields.Many2one("res.partner", string="Related Partner", index=True,
                                 ondelete="cascade", required=True)
    subtype_ids = fields.Many2many("mail.message.subtype", string="Subtype",
                                   help="Message subtypes followed, meaning subtypes that "
                                        "will be pushed onto the user's Wall.")
    name = fields.Char("Name", related="partner_id.name")
    email = fields.Char("Email", related="partner_id.email")
    is_active = fields.Boolean("Is Active", related="partner_id.active")

    _sql_constraints = [
        ("mail_followers_res_partner_res_model_id_uniq", "unique(res_model,res_id,partner_id)",
         "Error, a partner cannot follow twice the same object."),
    ]

    @api.model
    def _insert_followers(self, res_model, res_ids, partner_ids, subtypes=None,
                          customer_ids=None, check_existing=True, existing_policy="skip"):
        """Make ``partner_ids`` follow the ``res_ids`` of ``res_model``.

        ``subtypes``: {partner id: subtype ids}, or None for the model's default subtypes.
        ``existing_policy`` for a partner already following: ``skip`` (leave it), ``replace``
        (its subtypes become the given ones), ``update`` (the given ones are added), or
        ``force`` (as replace). One search finds the existing followers of every record.
        """
        partner_ids = list(dict.fromkeys(partner_ids or []))
        if not res_ids or not partner_ids:
            return
        if subtypes is None:
            default_ids = self.env["mail.message.subtype"]._default_subtypes(res_model)[0].ids
            subtypes = dict.fromkeys(partner_ids, default_ids)
        followers = self.sudo()
        existing = defaultdict(dict)
        if check_existing:
            for follower in followers.search([("res_model", "=", res_model),
                                              ("res_id", "in", list(res_ids)),
                                              ("partner_id", "in", partner_ids)]):
                existing[follower.res_id][follower.partner_id.id] = follower
        to_create = []
        for res_id in res_ids:
            for partner_id in partner_ids:
                wanted = list(subtypes.get(partner_id) or [])
                follower = existing[res_id].get(partner_id)
                if follower is None:
                    to_create.append({"res_model": res_model, "res_id": res_id,
                                      "partner_id": partner_id,
                                      "subtype_ids": [(6, 0, wanted)]})
                elif existing_policy in ("replace", "force") and wanted:
                    follower.subtype_ids = [(6, 0, wanted)]
                elif existing_policy == "update" and wanted:
                    follower.subtype_ids = [(4, subtype_id) for subtype_id in wanted]
        if to_create:
            followers.create(to_create)
        if res_model in self.env and "message_follower_ids" in self.env[res_model]._fields:
            self.env[res_model].browse(res_ids).invalidate_recordset(
                ["message_follower_ids", "message_partner_ids", "message_is_follower"])
