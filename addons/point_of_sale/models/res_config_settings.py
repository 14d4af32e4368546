"""The Point of Sale page of the Settings screen (Odoo 17's names).

The page shows one till at a time, ``pos_config_id``; its ``pos_<name>`` fields are the till's
``<name>`` fields. When the screen is saved, the ``pos_`` values that changed are written to
the till in one write (so that its checks see them together), after the settings record is
made; the other fields follow the base rules (``module_``, ``group_``, ``config_parameter``).
"""
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    def _default_pos_config(self):
        """The till the page was opened from, else the company's last modified till."""
        if self.env.context.get("active_model") == "pos.config" and self.env.context.get("active_id"):
            return self.env.context["active_id"]
        return self.env["pos.config"].search([("company_id", "=", self.env.company.id)],
                                             order="write_date desc, id desc", limit=1)

    pos_config_id = fields.Many2one("pos.config", string="Point of Sale",
                                    default=lambda self: self._default_pos_config())

    # -- settings common to every till (the company's, or addons to install) ---------------------
    sale_tax_id = fields.Many2one("account.tax", string="Default Sale Tax",
                                  related="company_id.account_sale_tax_id", readonly=False)
    account_default_pos_receivable_account_id = fields.Many2one(
        string="Default Account Receivable (PoS)",
        related="company_id.account_default_pos_receivable_account_id", readonly=False)
    point_of_sale_use_ticket_qr_code = fields.Boolean(
        related="company_id.point_of_sale_use_ticket_qr_code", readonly=False)
    point_of_sale_ticket_unique_code = fields.Boolean(
        related="company_id.point_of_sale_ticket_unique_code", readonly=False)
    module_pos_adyen = fields.Boolean(string="Adyen Payment Terminal",
                                      help="The transactions are processed by Adyen.")
    module_pos_stripe = fields.Boolean(string="Stripe Payment Terminal",
                                       help="The transactions are processed by Stripe.")
    module_pos_six = fields.Boolean(string="Six Payment Terminal",
                                    help="The transactions are processed by Six.")
    module_pos_paytm = fields.Boolean(string="PayTM Payment Terminal",
                                      help="The transactions are processed by PayTM.")
    module_pos_preparation_display = fields.Boolean(string="Preparation Display",
                                                    help="Show orders on a preparation screen.")
    # Odoo 17 defines it in product's settings; the POS page shows it (and addons hook on it)
    module_loyalty = fields.Boolean(string="Promotions, Coupons, Gift Card & Loyalty Program")

    # -- the till's fields -------------------------------------------------------------------
    pos_module_pos_discount = fields.Boolean(related="pos_config_id.module_pos_discount", readonly=False)
    pos_module_pos_hr = fields.Boolean(related="pos_config_id.module_pos_hr", readonly=False)
    pos_module_pos_restaurant = fields.Boolean(related="pos_config_id.module_pos_restaurant", readonly=False)
    pos_module_pos_mercury = fields.Boolean(related="pos_config_id.module_pos_mercury", readonly=False)
    pos_has_active_session = fields.Boolean(related="pos_config_id.has_active_session")
    pos_company_has_template = fields.Boolean(related="pos_config_id.company_has_template")
    pos_cash_control = fields.Boolean(related="pos_config_id.cash_control")
    pos_sequence_id = fields.Many2one(related="pos_config_id.sequence_id")

    pos_journal_id = fields.Many2one(related="pos_config_id.journal_id", readonly=False)
    pos_invoice_journal_id = fields.Many2one(related="pos_config_id.invoice_journal_id", readonly=False)
    pos_payment_method_ids = fields.Many2many(related="pos_config_id.payment_method_ids", readonly=False)
    pos_set_maximum_difference = fields.Boolean(related="pos_config_id.set_maximum_difference", readonly=False)
    pos_amount_authorized_diff = fields.Float(related="pos_config_id.amount_authorized_diff", readonly=False)
    pos_cash_rounding = fields.Boolean(related="pos_config_id.cash_rounding", readonly=False,
                                       string="Cash Rounding (PoS)")
    pos_rounding_method = fields.Many2one(related="pos_config_id.rounding_method", readonly=False)
    pos_only_round_cash_method = fields.Boolean(related="pos_config_id.only_round_cash_method", readonly=False)
    pos_auto_validate_terminal_payment = fields.Boolean(
        related="pos_config_id.auto_validate_terminal_payment", readonly=False,
        string="Automatically validates orders paid with a payment terminal.")
    pos_default_bill_ids = fields.Many2many(related="pos_config_id.default_bill_ids", readonly=False)

    pos_use_pricelist = fields.Boolean(related="pos_config_id.use_pricelist", readonly=False)
    pos_pricelist_id = fields.Many2one(related="pos_config_id.pricelist_id", readonly=False)
    pos_available_pricelist_ids = fields.Many2many(related="pos_config_id.available_pricelist_ids",
                                                   readonly=False)
    pos_tax_regime_selection = fields.Boolean(related="pos_config_id.tax_regime_selection", readonly=False)
    pos_default_fiscal_position_id = fields.Many2one(
        "account.fiscal.position", string="Default Fiscal Position",
        compute="_compute_pos_fiscal_positions", readonly=False, store=True)
    pos_fiscal_position_ids = fields.Many2many(
        "account.fiscal.position", string="Fiscal Positions",
        compute="_compute_pos_fiscal_positions", readonly=False, store=True)
    pos_iface_tax_included = fields.Selection(related="pos_config_id.iface_tax_included", readonly=False)
    pos_manual_discount = fields.Boolean(related="pos_config_id.manual_discount", readonly=False)
    pos_restrict_price_control = fields.Boolean(related="pos_config_id.restrict_price_control", readonly=False)
    pos_is_margins_costs_accessible_to_every_user = fields.Boolean(
        related="pos_config_id.is_margins_costs_accessible_to_every_user", readonly=False)

    pos_start_category = fields.Boolean(related="pos_config_id.start_category", readonly=False)
    pos_iface_start_categ_id = fields.Many2one(
        "pos.category", string="Initial Category", compute="_compute_pos_iface_start_categ_id",
        readonly=False, store=True)
    pos_limit_categories = fields.Boolean(related="pos_config_id.limit_categories", readonly=False)
    pos_iface_available_categ_ids = fields.Many2many(
        "pos.category", string="Available PoS Product Categories",
        compute="_compute_pos_iface_available_categ_ids", readonly=False, store=True)
    pos_selectable_categ_ids = fields.Many2many("pos.category", compute="_compute_pos_selectable_categ_ids")
    pos_iface_big_scrollbars = fields.Boolean(related="pos_config_id.iface_big_scrollbars", readonly=False)
    pos_trusted_config_ids = fields.Many2many(related="pos_config_id.trusted_config_ids", readonly=False)
    pos_iface_tipproduct = fields.Boolean(related="pos_config_id.iface_tipproduct", readonly=False)
    pos_tip_product_id = fields.Many2one(
        "product.product", string="Tip Product", compute="_compute_pos_tip_product_id",
        readonly=False, store=True)

    pos_is_header_or_footer = fields.Boolean(related="pos_config_id.is_header_or_footer", readonly=False)
    pos_receipt_header = fields.Text(string="Receipt Header", compute="_compute_pos_receipt_header_footer",
                                     readonly=False, store=True)
    pos_receipt_footer = fields.Text(string="Receipt Footer", compute="_compute_pos_receipt_header_footer",
                                     readonly=False, store=True)
    pos_iface_print_auto = fields.Boolean(related="pos_config_id.iface_print_auto", readonly=False)
    pos_iface_print_skip_screen = fields.Boolean(related="pos_config_id.iface_print_skip_screen", readonly=False)

    pos_other_devices = fields.Boolean(related="pos_config_id.other_devices", readonly=False)
    pos_is_posbox = fields.Boolean(related="pos_config_id.is_posbox", readonly=False)
    pos_proxy_ip = fields.Char(related="pos_config_id.proxy_ip", readonly=False)
    pos_iface_print_via_proxy = fields.Boolean(related="pos_config_id.iface_print_via_proxy", readonly=False)
    pos_iface_scan_via_proxy = fields.Boolean(related="pos_config_id.iface_scan_via_proxy", readonly=False)
    pos_iface_electronic_scale = fields.Boolean(related="pos_config_id.iface_electronic_scale", readonly=False)
    pos_iface_cashdrawer = fields.Boolean(related="pos_config_id.iface_cashdrawer", readonly=False)
    pos_iface_customer_facing_display_via_proxy = fields.Boolean(
        related="pos_config_id.iface_customer_facing_display_via_proxy", readonly=False)
    pos_iface_customer_facing_display_local = fields.Boolean(
        related="pos_config_id.iface_customer_facing_display_local", readonly=False)
    pos_iface_customer_facing_display_background_image_1920 = fields.Image(
        related="pos_config_id.iface_customer_facing_display_background_image_1920", readonly=False)
    pos_is_order_printer = fields.Boolean(related="pos_config_id.is_order_printer", readonly=False)
    pos_ship_later = fields.Boolean(related="pos_config_id.ship_later", readonly=False)
    pos_picking_policy = fields.Selection(related="pos_config_id.picking_policy", readonly=False)

    # -- saving ------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """The changed ``pos_`` values go to the till in one write, after the record is made."""
        self._drop_unchanged_related(vals_list)
        till_fields = self.env["pos.config"]._fields
        writes = []
        for vals in vals_list:
            config_id = vals.get("pos_config_id")
            if not config_id:
                continue
            till_vals = {}
            for name in list(vals):
                if name == "pos_config_id" or not name.startswith("pos_") or name not in self._fields:
                    continue
                if name[4:] not in till_fields:
                    _logger.warning("The value of %r is not saved to the till: pos.config has no "
                                    "field %r.", name, name[4:])
                    continue
                till_vals[name[4:]] = vals.pop(name)
            if till_vals:
                writes.append((config_id, till_vals))
        records = super().create(vals_list)
        for config_id, till_vals in writes:
            self.env["pos.config"].browse(config_id).with_context(from_settings_view=True).write(till_vals)
        return records

    def action_pos_config_create_new(self):
        """The "+ New Shop" button: a new till's form in a dialog."""
        return {"view_mode": "form", "res_model": "pos.config", "type": "ir.actions.act_window",
                "target": "new", "res_id": False,
                "context": {"pos_config_open_modal": True, "pos_config_create_mode": True}}

    # -- values shown only while their switch is on --------------------------------------------

    @api.depends("pos_is_header_or_footer", "pos_config_id")
    def _compute_pos_receipt_header_footer(self):
        for settings in self:
            shown = settings.pos_is_header_or_footer
            settings.pos_receipt_header = settings.pos_config_id.receipt_header if shown else False
            settings.pos_receipt_footer = settings.pos_config_id.receipt_footer if shown else False

    @api.depends("pos_tax_regime_selection", "pos_config_id")
    def _compute_pos_fiscal_positions(self):
        for settings in self:
            if settings.pos_tax_regime_selection:
                settings.pos_default_fiscal_position_id = settings.pos_config_id.default_fiscal_position_id
                settings.pos_fiscal_position_ids = settings.pos_config_id.fiscal_position_ids
            else:
                settings.pos_default_fiscal_position_id = False
                settings.pos_fiscal_position_ids = False

    @api.depends("pos_iface_tipproduct", "pos_config_id")
    def _compute_pos_tip_product_id(self):
        for settings in self:
            settings.pos_tip_product_id = (settings.pos_config_id.tip_product_id
                                           if settings.pos_iface_tipproduct else False)

    @api.depends("pos_start_category", "pos_config_id")
    def _compute_pos_iface_start_categ_id(self):
        for settings in self:
            settings.pos_iface_start_categ_id = (settings.pos_config_id.iface_start_categ_id
                                                 if settings.pos_start_category else False)

    @api.depends("pos_limit_categories", "pos_config_id")
    def _compute_pos_iface_available_categ_ids(self):
        for settings in self:
            settings.pos_iface_available_categ_ids = (settings.pos_config_id.iface_available_categ_ids
                                                      if settings.pos_limit_categories else False)

    @api.depends("pos_iface_available_categ_ids")
    def _compute_pos_selectable_categ_ids(self):
        for settings in self:
            settings.pos_selectable_categ_ids = (settings.pos_iface_available_categ_ids
                                                 or self.env["pos.category"].search([]))
