"""Tills (``pos.config``): what a point of sale sells, how it takes payments, its sessions.

The seed's ``product_configurator_ids`` and Odoo 17's ``limit_categories`` /
``iface_available_categ_ids`` are one piece of data: the categories are stored once (in
``iface_available_categ_ids``) and ``product_configurator_ids`` reads and writes them.
"""
from __future__ import annotations

import uuid

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

POS_JOURNAL_CODE = "POSS"


class PosConfig(models.Model):
    _name = "pos.config"
    _description = "Point of Sale Configuration"

    name = fields.Char("Point of Sale", required=True, index=True,
                       help="An internal identification of the point of sale.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", "Company", required=True, index=True,
                                 default=lambda self: self.env.company)
    currency_id = fields.Many2one("res.currency", "Currency", compute="_compute_currency")
    uuid = fields.Char(readonly=True, copy=False, default=lambda self: str(uuid.uuid4()),
                       help="Identifier used to keep the data of the browser apart per till.")
    access_token = fields.Char("Access Token", copy=False,
                               default=lambda self: uuid.uuid4().hex)

    # -- accounting ----------------------------------------------------------------------
    journal_id = fields.Many2one(
        "account.journal", "Point of Sale Journal", domain=[("type", "in", ("general", "sale"))],
        help="Accounting journal used to post the session entries and invoice payments.")
    invoice_journal_id = fields.Many2one(
        "account.journal", "Invoice Journal", domain=[("type", "=", "sale")],
        help="Accounting journal used to create invoices.")
    payment_method_ids = fields.Many2many(
        "pos.payment.method", "pos_config_pos_payment_method_rel", "pos_config_id",
        "pos_payment_method_id", string="Payment Methods")
    cash_control = fields.Boolean("Advanced Cash Control", compute="_compute_cash_control",
                                  help="Check the amount of the cashbox at opening and closing.")
    set_maximum_difference = fields.Boolean("Set Maximum Difference")
    amount_authorized_diff = fields.Float(
        "Amount Authorized Difference",
        help="The largest cash difference a cashier may close with; managers have no limit.")
    cash_rounding = fields.Boolean("Cash Rounding")
    rounding_method = fields.Many2one("account.cash.rounding", "Cash rounding")
    only_round_cash_method = fields.Boolean("Only apply rounding on cash")
    module_account = fields.Boolean(
        "Invoicing", default=True,
        help="Let the cashier issue an invoice at checkout (the seed's switch; Odoo 17 always "
             "allows it).")

    # -- pricing and taxes ------------------------------------------------------------------
    pricelist_id = fields.Many2one("product.pricelist", "Default Pricelist",
                                   help="The pricelist used when no other is chosen.")
    available_pricelist_ids = fields.Many2many("product.pricelist", string="Available Pricelists")
    use_pricelist = fields.Boolean("Use a pricelist.")
    fiscal_position_ids = fields.Many2many("account.fiscal.position", string="Fiscal Positions")
    default_fiscal_position_id = fields.Many2one("account.fiscal.position", "Default Fiscal Position")
    tax_regime_selection = fields.Boolean("Tax Regime Selection value")
    iface_tax_included = fields.Selection(
        [("subtotal", "Tax-Excluded Price"), ("total", "Tax-Included Price")], "Tax Display",
        default="total", required=True)
    manual_discount = fields.Boolean("Line Discounts", default=True)
    restrict_price_control = fields.Boolean("Restrict Price Modifications to Managers")

    # -- catalogue ------------------------------------------------------------------------------
    limit_categories = fields.Boolean("Restrict Categories")
    iface_available_categ_ids = fields.Many2many(
        "pos.category", "pos_config_pos_category_rel", "pos_config_id", "pos_category_id",
        string="Available PoS Product Categories")
    product_configurator_ids = fields.Many2many(
        "pos.category", string="Shown Categories", compute="_compute_product_configurator_ids",
        inverse="_inverse_product_configurator_ids",
        help="The POS categories this till shows; empty shows them all (the seed's name of "
             "Odoo's limit_categories and iface_available_categ_ids).")
    iface_start_categ_id = fields.Many2one("pos.category", "Initial Category")
    start_category = fields.Boolean("Start Category", default=False)
    iface_tipproduct = fields.Boolean("Product tips")
    tip_product_id = fields.Many2one("product.product", "Tip Product")
    default_bill_ids = fields.Many2many("pos.bill", "pos_bill_pos_config_rel", "pos_config_id",
                                        "pos_bill_id", string="Coins/Bills")

    # -- hardware and screens ----------------------------------------------------------------------
    iface_cashdrawer = fields.Boolean("Cashdrawer")
    iface_electronic_scale = fields.Boolean("Electronic Scale")
    iface_print_via_proxy = fields.Boolean("Print via Proxy")
    iface_scan_via_proxy = fields.Boolean("Scan via Proxy")
    iface_big_scrollbars = fields.Boolean("Large Scrollbars")
    iface_print_auto = fields.Boolean("Automatic Receipt Printing", default=False)
    iface_print_skip_screen = fields.Boolean("Skip Preview Screen", default=True)
    iface_customer_facing_display_via_proxy = fields.Boolean("Customer Facing Display")
    iface_customer_facing_display_local = fields.Boolean("Local Customer Facing Display")
    is_posbox = fields.Boolean("PosBox")
    proxy_ip = fields.Char("IP Address", size=45)
    other_devices = fields.Boolean("Other Devices")
    is_header_or_footer = fields.Boolean("Custom Header & Footer")
    receipt_header = fields.Text("Receipt Header", help="A short text inserted as a header in the printed receipt.")
    receipt_footer = fields.Text("Receipt Footer", help="A short text inserted as a footer in the printed receipt.")
    is_order_printer = fields.Boolean("Order Printer")
    epson_printer_ip = fields.Char("Epson Printer IP", help="Local IP address of an Epson receipt printer.")
    iface_customer_facing_display = fields.Boolean(compute="_compute_customer_facing_display")
    iface_customer_facing_display_background_image_1920 = fields.Image(
        "Background Image", max_width=1920, max_height=1920)
    auto_validate_terminal_payment = fields.Boolean(
        "Automatically validates orders paid with a payment terminal.", default=True)
    trusted_config_ids = fields.Many2many("pos.config", "pos_config_trust_relation", "is_trusting",
                                          "is_trusted", string="Trusted Point of Sale Configurations")
    ship_later = fields.Boolean("Ship Later")
    picking_policy = fields.Selection([("direct", "As soon as possible"), ("one", "When all products are ready")],
                                      "Shipping Policy", default="direct", required=True)
    is_margins_costs_accessible_to_every_user = fields.Boolean("Margins & Costs")
    company_has_template = fields.Boolean(compute="_compute_company_has_template")
    is_installed_account_accountant = fields.Boolean(compute="_compute_company_has_template")
    module_pos_mercury = fields.Boolean("Vantiv Payment Terminal")

    # -- sessions --------------------------------------------------------------------------------------
    session_ids = fields.One2many("pos.session", "config_id", "Sessions")
    current_session_id = fields.Many2one("pos.session", compute="_compute_current_session",
                                         string="Current Session")
    current_session_state = fields.Char(compute="_compute_current_session")
    has_active_session = fields.Boolean(compute="_compute_current_session")
    number_of_rescue_session = fields.Integer(compute="_compute_current_session")
    pos_session_username = fields.Char(compute="_compute_current_session_user")
    pos_session_state = fields.Char(compute="_compute_current_session_user")
    pos_session_duration = fields.Char(compute="_compute_current_session_user")
    current_user_id = fields.Many2one("res.users", "Current Session Responsible",
                                      compute="_compute_current_session_user")
    last_session_closing_cash = fields.Float(compute="_compute_last_session")
    last_session_closing_date = fields.Date(compute="_compute_last_session")

    # -- numbering --------------------------------------------------------------------------------------
    sequence_id = fields.Many2one("ir.sequence", "Order IDs Sequence", readonly=True, copy=False,
                                  help="Numbers the orders of this till.")
    sequence_line_id = fields.Many2one("ir.sequence", "Order Line IDs Sequence", readonly=True,
                                       copy=False, help="Numbers the order lines of this till.")

    # -- groups and switches handed to the browser ---------------------------------------------------------
    group_pos_manager_id = fields.Many2one(
        "res.groups", "Point of Sale Manager Group",
        default=lambda self: self.env.ref("point_of_sale.group_pos_manager", raise_if_not_found=False))
    group_pos_user_id = fields.Many2one(
        "res.groups", "Point of Sale User Group",
        default=lambda self: self.env.ref("point_of_sale.group_pos_user", raise_if_not_found=False))
    module_pos_restaurant = fields.Boolean("Is a Bar/Restaurant")
    module_pos_discount = fields.Boolean("Global Discounts")
    module_pos_hr = fields.Boolean("Login with Employees")

    # -- limited loading ------------------------------------------------------------------------------------
    limited_products_loading = fields.Boolean("Limited Product Loading", default=True,
                                              help="Load only the most used products at start.")
    limited_products_amount = fields.Integer("Number of Products Loaded", default=20000)
    product_load_background = fields.Boolean(default=False)
    limited_partners_loading = fields.Boolean("Limited Partners Loading", default=True)
    limited_partners_amount = fields.Integer("Number of Partners Loaded", default=100)
    partner_load_background = fields.Boolean(default=False)

    # -- computes ----------------------------------------------------------------------------------------

    @api.depends("journal_id.currency_id", "company_id.currency_id")
    def _compute_currency(self):
        for config in self:
            config.currency_id = config.journal_id.currency_id or config.company_id.currency_id

    @api.depends("iface_customer_facing_display_via_proxy", "iface_customer_facing_display_local")
    def _compute_customer_facing_display(self):
        for config in self:
            config.iface_customer_facing_display = (config.iface_customer_facing_display_via_proxy
                                                    or config.iface_customer_facing_display_local)

    @api.depends("company_id.chart_template")
    def _compute_company_has_template(self):
        for config in self:
            config.company_has_template = bool(config.company_id.chart_template)
            config.is_installed_account_accountant = False

    @api.depends("payment_method_ids.is_cash_count")
    def _compute_cash_control(self):
        for config in self:
            config.cash_control = any(config.payment_method_ids.mapped("is_cash_count"))

    @api.depends("limit_categories", "iface_available_categ_ids")
    def _compute_product_configurator_ids(self):
        for config in self:
            config.product_configurator_ids = (config.iface_available_categ_ids
                                               if config.limit_categories else False)

    def _inverse_product_configurator_ids(self):
        # the seed's one field is Odoo's two: the categories, and whether they restrict
        for config in self:
            categories = config.product_configurator_ids
            config.write({"iface_available_categ_ids": [(6, 0, categories.ids)],
                          "limit_categories": bool(categories)})

    def _sessions_by_config(self, domain: list) -> dict:
        """The sessions of these configs matching ``domain``, grouped by config id, newest first
        (one query for all the configs)."""
        sessions = self.env["pos.session"].sudo().search(
            [("config_id", "in", self.ids), *domain], order="id desc")
        grouped: dict = {}
        for session in sessions:
            grouped.setdefault(session.config_id.id, self.env["pos.session"].sudo())
            grouped[session.config_id.id] |= session
        return grouped

    @api.depends("session_ids", "session_ids.state")
    def _compute_current_session(self):
        opened = self._sessions_by_config([("state", "!=", "closed")])
        for config in self:
            sessions = opened.get(config.id, self.env["pos.session"])
            main = sessions.filtered(lambda session: not session.rescue)[:1]
            config.current_session_id = main.with_env(self.env)
            config.current_session_state = main.state or False
            config.has_active_session = bool(main)
            config.number_of_rescue_session = len(sessions.filtered("rescue"))

    @api.depends("session_ids", "session_ids.state", "session_ids.user_id")
    def _compute_current_session_user(self):
        opened = self._sessions_by_config([("state", "in", ("opening_control", "opened", "closing_control")),
                                           ("rescue", "=", False)])
        now = fields.Datetime.now()
        for config in self:
            session = opened.get(config.id, self.env["pos.session"])[:1]
            config.pos_session_username = session.user_id.name or False
            config.pos_session_state = session.state or False
            config.current_user_id = session.user_id.id or False
            config.pos_session_duration = (str((now - session.start_at).days)
                                           if session and session.start_at else "0")

    @api.depends("session_ids", "session_ids.state")
    def _compute_last_session(self):
        closed = self._sessions_by_config([("state", "=", "closed")])
        for config in self:
            session = closed.get(config.id, self.env["pos.session"])[:1]
            config.last_session_closing_cash = session.cash_register_balance_end_real or 0.0
            config.last_session_closing_date = session.stop_at.date() if session.stop_at else False

    # -- checks ----------------------------------------------------------------------------------------------

    @api.constrains("company_id", "journal_id", "invoice_journal_id", "payment_method_ids",
                    "pricelist_id", "available_pricelist_ids")
    def _check_companies(self):
        for config in self:
            for fname in ("journal_id", "invoice_journal_id", "payment_method_ids", "pricelist_id",
                          "available_pricelist_ids", "fiscal_position_ids"):
                for record in config[fname]:
                    if record.company_id and record.company_id != config.company_id:
                        raise ValidationError(_(
                            "%(field)s of %(config)s belongs to company %(other)s; pick one of %(company)s.",
                            field=config._fields[fname].string, config=config.name,
                            other=record.company_id.name, company=config.company_id.name))

    @api.constrains("pricelist_id", "available_pricelist_ids", "use_pricelist")
    def _check_pricelists(self):
        for config in self:
            if (config.use_pricelist and config.pricelist_id and config.available_pricelist_ids
                    and config.pricelist_id not in config.available_pricelist_ids):
                raise ValidationError(_("The default pricelist must be included in the available "
                                        "pricelists."))

    @api.constrains("pricelist_id", "use_pricelist", "available_pricelist_ids", "journal_id",
                    "invoice_journal_id", "payment_method_ids")
    def _check_currencies(self):
        """A till sells in one currency (its sales journal's, else its company's): the
        journals its payments, invoices and prices go through may not hold another one."""
        for config in self:
            currency = config.currency_id
            for method in config.payment_method_ids:
                if method.journal_id.currency_id and method.journal_id.currency_id != currency:
                    raise ValidationError(_(
                        "Payment method %(method)s posts in %(other)s but %(config)s sells in "
                        "%(currency)s: give it a journal in %(currency)s (or with no currency).",
                        method=method.name, other=method.journal_id.currency_id.name,
                        config=config.name, currency=currency.name))
            if config.invoice_journal_id.currency_id and config.invoice_journal_id.currency_id != currency:
                raise ValidationError(_(
                    "The invoice journal of %(config)s is in %(other)s; it must be in %(currency)s, "
                    "the till's currency, or have no currency.", config=config.name,
                    other=config.invoice_journal_id.currency_id.name, currency=currency.name))
            # as Odoo 17: the pricelists are checked only when the till uses pricelists
            pricelists = config.available_pricelist_ids | config.pricelist_id if config.use_pricelist else []
            for pricelist in pricelists:
                if pricelist.currency_id and pricelist.currency_id != currency:
                    raise ValidationError(_(
                        "Pricelist %(pricelist)s is in %(other)s but %(config)s sells in %(currency)s: "
                        "choose pricelists in %(currency)s.", pricelist=pricelist.name,
                        other=pricelist.currency_id.name, config=config.name, currency=currency.name))

    @api.constrains("payment_method_ids")
    def _check_payment_method_ids(self):
        for config in self:
            if config.payment_method_ids.filtered("is_cash_count")[1:]:
                raise ValidationError(_("You can only have one cash payment method per till."))

    @api.constrains("cash_rounding", "rounding_method")
    def _check_rounding_method(self):
        for config in self:
            if config.cash_rounding and not config.rounding_method:
                raise ValidationError(_("Choose a cash rounding method for %s, or turn cash "
                                        "rounding off.", config.name))

    # -- create / write ------------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
            if not vals.get("journal_id"):
                vals["journal_id"] = self._ensure_pos_journal(company).id or False
            if not vals.get("invoice_journal_id"):
                vals["invoice_journal_id"] = self.env["account.journal"].sudo().search(
                    [("company_id", "=", company.id), ("type", "=", "sale")], limit=1).id or False
            name = vals.get("name") or _("Point of Sale")
            sequences = self.env["ir.sequence"].sudo()
            vals["sequence_id"] = sequences.create({
                "name": _("POS Order %s", name), "padding": 4, "prefix": f"{name}/",
                "code": "pos.order", "company_id": company.id}).id
            vals["sequence_line_id"] = sequences.create({
                "name": _("POS order line %s", name), "padding": 4, "prefix": f"{name}/",
                "code": "pos.order.line", "company_id": company.id}).id
        return super().create(vals_list)

    def write(self, vals):
        opened = self.filtered("has_active_session")
        frozen = {"payment_method_ids", "company_id", "journal_id", "pricelist_id",
                  "available_pricelist_ids", "cash_rounding", "rounding_method"}
        if opened and frozen & set(vals):
            raise UserError(_("Close the sessions of %s before changing its payment methods, "
                              "journals, pricelists or rounding.", ", ".join(opened.mapped("name"))))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_active_session(self):
        for config in self:
            if config.sudo().session_ids.filtered(lambda session: session.state != "closed"):
                raise UserError(_("You cannot delete %s while one of its sessions is open; "
                                  "close it first.", config.name))

    @api.model
    def _ensure_pos_journal(self, company):
        """The company's Point of Sale journal (code POSS), made when the company has a chart
        but no such journal yet."""
        journals = self.env["account.journal"].sudo()
        journal = journals.search([("company_id", "=", company.id), ("code", "=", POS_JOURNAL_CODE)],
                                  limit=1)
        if not journal and company.chart_template:
            journal = journals.create({"name": _("Point of Sale"), "code": POS_JOURNAL_CODE,
                                       "type": "general", "company_id": company.id, "sequence": 20})
        return journal

    # -- actions ---------------------------------------------------------------------------------------------

    def _check_before_creating_new_session(self) -> None:
        for config in self:
            if not config.payment_method_ids:
                raise UserError(_("Add at least one payment method to %s before opening a "
                                  "session.", config.name))
            if config.cash_rounding and not config.rounding_method:
                raise UserError(_("Choose a cash rounding method for %s.", config.name))

    def open_ui(self) -> dict:
        """Open a session for this till when it has none, then send the browser to the POS."""
        self.ensure_one()
        if not self.current_session_id:
            self._check_before_creating_new_session()
            self.env["pos.session"].sudo().create({"user_id": self.env.uid, "config_id": self.id})
            self.invalidate_recordset(["current_session_id"])
        return {
            "type": "ir.actions.act_url",
            "url": f"/pos/ui?config_id={self.id}",
            "target": "self",
        }

    def open_existing_session_cb(self) -> dict:
        self.ensure_one()
        return self.current_session_id._open_session_form()

    @api.model
    def _get_available_product_domain(self) -> list:
        """The products a till sells: saleable and available in the POS."""
        return [("sale_ok", "=", True), ("available_in_pos", "=", True)]

    def _get_special_products(self):
        return self.tip_product_id

    def _get_pos_category_ids(self) -> list:
        """The categories shown, with their sub-categories (all when none is chosen)."""
        self.ensure_one()
        if not self.limit_categories or not self.iface_available_categ_ids:
            return []
        categories = self.env["pos.category"].search([("id", "child_of", self.iface_available_categ_ids.ids)])
        return categories.ids
