"""Taxes (``account.tax``): their settings, distribution lines, and ``compute_all``, the
computation of a line's taxes that invoices, sales and the Point of Sale share."""
from __future__ import annotations

import math

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.service import collector

from .account_tax_computation import compiled_taxes
from .account_tax_plan import COMPILED_KEY, forget_plans

TYPE_TAX_USE = [("sale", "Sales"), ("purchase", "Purchases"), ("none", "None")]
REPARTITION_FIELDS = {"invoice_repartition_line_ids": "invoice", "refund_repartition_line_ids": "refund"}


class AccountTax(models.Model):
    _name = "account.tax"
    _check_company_auto = True
    _description = "Tax"
    _order = "sequence,id"
    _rec_names_search = ["name", "description", "invoice_label"]

    name = fields.Char("Tax Name", required=True, translate=True)
    type_tax_use = fields.Selection(TYPE_TAX_USE, "Tax Type", required=True, default="sale",
                                    help="Determines where the tax is selectable. 'None' means a "
                                         "tax can't be used by itself, only in a group.")
    tax_scope = fields.Selection([("service", "Services"), ("consu", "Goods")], "Tax Scope")
    amount_type = fields.Selection(
        [("group", "Group of Taxes"), ("fixed", "Fixed"), ("percent", "Percentage of Price"),
         ("division", "Percentage of Price Tax Included")],
        "Tax Computation", required=True, default="percent")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", "Company", required=True,
                                 default=lambda self: self.env.company)
    children_tax_ids = fields.Many2many("account.tax", "account_tax_filiation_rel", "parent_tax",
                                        "child_tax", string="Children Taxes", check_company=True)
    sequence = fields.Integer(required=True, default=1,
                              help="The order in which the tax lines are applied.")
    amount = fields.Float(required=True, digits=(16, 4), default=0.0)
    description = fields.Char("Description", translate=True)
    invoice_label = fields.Char("Label on Invoices", translate=True)
    price_include = fields.Boolean("Included in Price", default=False,
                                   help="Check this if the price you use on the product and "
                                        "invoices includes this tax.")
    include_base_amount = fields.Boolean("Affect Base of Subsequent Taxes", default=False,
                                         help="If set, taxes with a higher sequence than this one "
                                              "will be affected by it, provided they accept it.")
    is_base_affected = fields.Boolean("Base Affected by Previous Taxes", default=True,
                                      help="If set, taxes with a lower sequence might affect this "
                                           "one, provided they try to do it.")
    analytic = fields.Boolean("Include in Analytic Cost")
    tax_group_id = fields.Many2one("account.tax.group", "Tax Group", index=True, check_company=True)
    tax_exigibility = fields.Selection([("on_invoice", "Based on Invoice"), ("on_payment", "Based on Payment")],
                                       "Tax Exigibility", default="on_invoice")
    cash_basis_transition_account_id = fields.Many2one("account.account", "Cash Basis Transition Account",
                                                       check_company=True)
    invoice_repartition_line_ids = fields.One2many(
        "account.tax.repartition.line", "tax_id", "Distribution for Invoices",
        domain=[("document_type", "=", "invoice")])
    refund_repartition_line_ids = fields.One2many(
        "account.tax.repartition.line", "tax_id", "Distribution for Refund Invoices",
        domain=[("document_type", "=", "refund")])
    repartition_line_ids = fields.One2many("account.tax.repartition.line", "tax_id", "Distribution",
                                           copy=True)
    country_id = fields.Many2one("res.country", "Country")
    country_code = fields.Char(related="country_id.code")
    invoice_legal_notes = fields.Html("Legal Notes")

    # -- creation: distribution lines ------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._sanitize_vals(vals) for vals in vals_list]
        for vals in vals_list:
            company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
            if not vals.get("tax_group_id"):
                vals["tax_group_id"] = self.env["account.tax.group"].search(
                    [("company_id", "=", company.id)], limit=1).id or False
            if "country_id" not in vals:
                vals["country_id"] = company.account_fiscal_country_id.id or company.country_id.id or False
            # Like Odoo, a tax made without a distribution gets one base and one tax line per
            # document type.
            given = {cmd[2].get("document_type") for cmd in vals.get("repartition_line_ids", [])
                     if isinstance(cmd, (list, tuple)) and cmd[0] == Command.CREATE}
            vals["repartition_line_ids"] = list(vals.get("repartition_line_ids", [])) + [
                Command.create({"document_type": doc, "repartition_type": kind})
                for doc in ("invoice", "refund") if doc not in given for kind in ("base", "tax")]
        forget_plans(self.env)
        taxes = super().create(vals_list)
        taxes._validate_repartition_lines()
        return taxes

    def write(self, vals):
        forget_plans(self.env)
        result = super().write(self._sanitize_vals(vals))
        if {"repartition_line_ids", "invoice_repartition_line_ids", "refund_repartition_line_ids"} & set(vals):
            self._validate_repartition_lines()
        return result

    def unlink(self):
        forget_plans(self.env)
        return super().unlink()

    @api.model
    def _sanitize_vals(self, vals: dict) -> dict:
        """Values where the invoice/refund distribution commands are moved onto
        ``repartition_line_ids`` with their ``document_type`` set, so that lines given through
        either field are told apart (the ORM does not apply an x2many's domain to new lines)."""
        if not set(REPARTITION_FIELDS) & set(vals):
            return vals
        vals = dict(vals)
        commands = list(vals.pop("repartition_line_ids", []) or [])
        for fname, document_type in REPARTITION_FIELDS.items():
            for command in vals.pop(fname, None) or []:
                if command[0] == Command.CREATE:
                    commands.append(Command.create({**command[2], "document_type": document_type}))
                elif command[0] in (Command.CLEAR, Command.SET):
                    # only the lines of this document type go: the other field's stay
                    kept = set(command[2]) if command[0] == Command.SET else set()
                    current = self.repartition_line_ids.filtered(lambda line: line.document_type == document_type)
                    commands += [Command.delete(line.id) for line in current if line.id not in kept]
                    commands += [Command.link(line_id) for line_id in kept]
                else:
                    commands.append(command)
        vals["repartition_line_ids"] = commands
        return vals

    def _validate_repartition_lines(self) -> None:
        for tax in self:
            invoice_lines = tax.invoice_repartition_line_ids.sorted()
            refund_lines = tax.refund_repartition_line_ids.sorted()
            for lines in (invoice_lines, refund_lines):
                if len(lines.filtered(lambda line: line.repartition_type == "base")) != 1:
                    raise ValidationError("Invoice and credit note distribution should each contain "
                                          "exactly one line for the base.")
                if not lines.filtered(lambda line: line.repartition_type == "tax"):
                    raise ValidationError("Invoice and credit note repartition should have at least "
                                          "one tax repartition line.")
            if len(invoice_lines) != len(refund_lines) or any(
                    inv.repartition_type != ref.repartition_type or inv.factor_percent != ref.factor_percent
                    for inv, ref in zip(invoice_lines, refund_lines)):
                raise ValidationError("Invoice and credit note distribution should match (same "
                                      "percentages, in the same order).")

    @api.constrains("company_id", "name", "type_tax_use", "tax_scope", "country_id")
    def _constrains_name(self):
        for tax in self:
            if tax.type_tax_use == "none":
                continue
            duplicates = self.with_context(active_test=False).search([
                ("company_id", "=", tax.company_id.id), ("name", "=", tax.name),
                ("type_tax_use", "=", tax.type_tax_use), ("tax_scope", "=", tax.tax_scope),
                ("country_id", "=", tax.country_id.id), ("id", "!=", tax.id)], limit=1)
            if duplicates:
                raise ValidationError(f"Tax names must be unique! {tax.name} already exists in "
                                      f"{tax.company_id.name} for the same use; rename one of them.")

    @api.constrains("children_tax_ids", "type_tax_use")
    def _check_children_scope(self):
        for tax in self:
            seen, todo = set(), list(tax.children_tax_ids)
            while todo:
                child = todo.pop()
                if child == tax:
                    raise ValidationError(f"Recursion found for tax '{tax.name}'; remove it from its "
                                          "own children.")
                if child.id not in seen:
                    seen.add(child.id)
                    todo.extend(child.children_tax_ids)
            if any(child.type_tax_use not in ("none", tax.type_tax_use) or child.tax_scope != tax.tax_scope
                   for child in tax.children_tax_ids):
                raise ValidationError("The application scope of taxes in a group must be either the "
                                      "same as the group or left empty.")

    @api.depends("name", "type_tax_use", "tax_scope")
    def _compute_display_name(self):
        use_labels = dict(TYPE_TAX_USE)
        for tax in self:
            name = tax.name or ""
            if self.env.context.get("append_type_to_tax_name"):
                name += f" ({use_labels.get(tax.type_tax_use)})"
            if tax.tax_scope:
                name += f" ({dict(self._fields['tax_scope'].selection).get(tax.tax_scope)})"
            tax.display_name = name

    def copy(self, default=None):
        default = dict(default or {})
        if "name" not in default:
            default["name"] = f"{self.name} (Copy)"
        return super().copy(default)

    # -- computation -----------------------------------------------------------------------

    def _compute_amount(self, base_amount, price_unit, quantity=1.0, product=None, partner=None,
                        fixed_multiplicator=1):
        """The amount of this one tax on ``base_amount`` (the price times the quantity, grown
        by the taxes before it that affect it). Other amount types (``code`` of
        account_tax_python) override this."""
        self.ensure_one()
        if self.amount_type == "fixed":
            # the sign follows the base, so that a return (negative price or quantity) gives a
            # negative tax; with a zero base the quantity's own sign is kept
            if base_amount:
                return math.copysign(quantity, base_amount) * self.amount * abs(fixed_multiplicator)
            return quantity * self.amount * abs(fixed_multiplicator)
        price_include = self.env.context.get("force_price_include", self.price_include)
        rate = self.amount / 100
        if self.amount_type == "percent":
            return base_amount - (base_amount / (1 + rate)) if price_include else base_amount * rate
        if self.amount_type == "division":
            if price_include:
                return base_amount - (base_amount * rate)
            return base_amount / (1 - rate) - base_amount if (1 - rate) else 0.0
        return 0.0

    def flatten_taxes_hierarchy(self, create_map: bool = False):
        """The taxes to apply, groups replaced by their children, in sequence order: with
        letters for sequences, [G, B([A, D, F]), E, C] gives [A, D, F, C, E, G]. With
        ``create_map``, also the mapping of each child to the group it came from."""
        all_taxes = self.browse()
        groups_map = {}
        for tax in self.sorted(key=lambda t: t.sequence):
            if tax.amount_type == "group":
                children = tax.children_tax_ids.flatten_taxes_hierarchy()
                all_taxes += children
                for child in children:
                    groups_map[child] = tax
            else:
                all_taxes += tax
        return (all_taxes, groups_map) if create_map else all_taxes

    def get_tax_tags(self, is_refund: bool, repartition_type: str):
        lines = self.mapped("refund_repartition_line_ids" if is_refund else "invoice_repartition_line_ids")
        return lines.filtered(lambda line: line.repartition_type == repartition_type).mapped("tag_ids")

    def compute_all(self, price_unit, currency=None, quantity=1.0, product=None, partner=None,
                    is_refund=False, handle_price_include=True, include_caba_tags=False,
                    fixed_multiplicator=1):
        """The taxes of one line, Odoo 17's way: ``{'base_tags', 'taxes': [one dict per tax
        distribution line], 'total_excluded', 'total_included', 'total_void'}``.

        Groups are replaced by their children, all in sequence order. Amounts are rounded to
        the currency (default: the company's) per line, or kept 5 more digits with the
        company's ``round_globally``; price-included taxes are first taken out of the price.
        The context keys ``force_price_include``, ``round`` and ``round_base`` work as in Odoo.
        """
        env = self.env
        try:
            # compiled_taxes' own look-up, written here: it is most of a call's cost
            compiled = env.transaction.memo[COMPILED_KEY][
                (env, self._ids, is_refund, include_caba_tags, None if currency is None else currency._ids)]
        except KeyError:
            compiled = compiled_taxes(self, currency, is_refund, include_caba_tags)
        return compiled.compute(price_unit, quantity, product, partner, fixed_multiplicator, handle_price_include)

    @api.model
    def _compute_all_batch(self, lines, currency=None, is_refund=False, handle_price_include=True,
                           include_caba_tags=False) -> list[dict]:
        """``compute_all`` of many lines at once, in the order given: each line a tuple
        ``(taxes, price_unit, quantity)`` or ``(taxes, price_unit, quantity, product, partner)``
        (a till's order lines, a session's closing). The same answers as one call per line,
        the per-call work (finding the taxes' plan, the currency) done once per set of taxes.

        The answers are many small dicts and lists that live on and hold no cycle: the
        cyclic garbage collector is paused while they are made (it would scan them, and the
        whole heap, for nothing)."""
        by_taxes: dict = {}
        results = []
        with collector.paused():
            append = results.append
            for line in lines:
                if len(line) > 3:
                    taxes, price_unit, quantity, product, partner = line
                else:
                    (taxes, price_unit, quantity), product, partner = line, None, None
                compute = by_taxes.get(taxes._ids)
                if compute is None:
                    compute = by_taxes[taxes._ids] = compiled_taxes(
                        taxes.with_env(self.env), currency, is_refund, include_caba_tags).compute
                append(compute(price_unit, quantity, product, partner, 1, handle_price_include))
        return results

    def json_friendly_compute_all(self, price_unit, currency_id=None, quantity=1.0, product_id=None,
                                  partner_id=None, is_refund=False):
        """``compute_all`` with ids instead of records (for RPC callers)."""
        currency = self.env["res.currency"].browse(currency_id) if currency_id else None
        has_products = "product.product" in self.env
        product = self.env["product.product"].browse(product_id) if product_id and has_products else None
        partner = self.env["res.partner"].browse(partner_id) if partner_id else None
        tax_type = self[:1].type_tax_use
        is_refund = is_refund or (tax_type == "sale" and price_unit < 0) or (tax_type == "purchase" and price_unit > 0)
        return self.compute_all(price_unit, currency=currency, quantity=quantity, product=product,
                                partner=partner, is_refund=is_refund)

    @api.model
    def _fix_tax_included_price(self, price, prod_taxes, line_taxes):
        """``price`` without the product's price-included taxes that the line does not apply."""
        line_taxes = line_taxes._origin if hasattr(line_taxes, "_origin") else line_taxes
        included = prod_taxes.filtered(lambda tax: tax not in line_taxes and tax.price_include)
        return included.compute_all(price)["total_excluded"] if included else price

    @api.model
    def _fix_tax_included_price_company(self, price, prod_taxes, line_taxes, company_id):
        if company_id:
            # only the taxes of that company count, as when the line's taxes are chosen
            prod_taxes = prod_taxes.filtered(lambda tax: tax.company_id == company_id)
            line_taxes = line_taxes.filtered(lambda tax: tax.company_id == company_id)
        return self._fix_tax_included_price(price, prod_taxes, line_taxes)
