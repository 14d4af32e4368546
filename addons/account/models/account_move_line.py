"""Journal items (``account.move.line``): one debit or credit of an entry, on one account.

What a line copies from its entry (journal, company, date, state, entry name) is kept in
plain columns the entry writes when it changes (Odoo makes them stored related fields):
creating tens of thousands of lines then costs no recomputation per line.
"""
from __future__ import annotations

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

DISPLAY_TYPES = [
    ("product", "Product"), ("cogs", "Cost of Goods Sold"), ("tax", "Tax"),
    ("discount", "Discount"), ("rounding", "Rounding"), ("payment_term", "Payment Term"),
    ("line_section", "Section"), ("line_note", "Note"), ("epd", "Early Payment Discount"),
]
# what a posted entry's lines keep: changing them needs the entry reset to draft first
PROTECTED_FIELDS = ("account_id", "debit", "credit", "balance", "amount_currency", "currency_id",
                    "partner_id", "tax_ids", "tax_line_id", "tax_repartition_line_id", "move_id",
                    "price_unit", "quantity", "discount", "display_type")
# what cannot change on a reconciled line (the matching stands on it)
RECONCILED_FIELDS = ("account_id", "debit", "credit", "balance", "amount_currency", "currency_id",
                     "partner_id")
# copied from the entry (see the module docstring)
FROM_MOVE = ("journal_id", "company_id", "date", "parent_state", "move_name", "company_currency_id")


# many2many fields the lines' create links in one statement (see _link_many2many)
BULK_MANY2MANY = ("tax_ids", "tax_tag_ids")


def _linked_ids(vals: dict, fname: str) -> list[int] | None:
    """The ids plain SET/LINK commands of ``vals[fname]`` give, the commands taken out of
    ``vals``; None (and ``vals`` left alone) for any other command."""
    commands = vals.get(fname)
    if not commands:
        vals.pop(fname, None)
        return None
    ids: list[int] = []
    for command in commands:
        if not isinstance(command, (list, tuple)) or command[0] not in (Command.SET, Command.LINK):
            return None
        ids += list(command[2]) if command[0] == Command.SET else [command[1]]
    del vals[fname]
    return list(dict.fromkeys(ids))


class AccountMoveLine(models.Model):
    _name = "account.move.line"
    _description = "Journal Item"
    _order = "date desc, move_name desc, id"
    _rec_names_search = ["name", "move_id", "ref"]

    move_id = fields.Many2one("account.move", "Journal Entry", required=True, index=True,
                              ondelete="cascade")
    journal_id = fields.Many2one("account.journal", "Journal", index=True)
    company_id = fields.Many2one("res.company", "Company", index=True)
    company_currency_id = fields.Many2one("res.currency", "Company Currency")
    move_name = fields.Char("Number", index=True)
    parent_state = fields.Selection([("draft", "Draft"), ("posted", "Posted"), ("cancel", "Cancelled")],
                                    "Status")
    date = fields.Date(index=True)
    ref = fields.Char(related="move_id.ref", string="Reference")
    move_type = fields.Selection(related="move_id.move_type")
    sequence = fields.Integer(default=10)
    name = fields.Char("Label")
    display_type = fields.Selection(DISPLAY_TYPES, default=False)
    account_id = fields.Many2one("account.account", "Account", index=True, ondelete="restrict",
                                 check_company=True)
    account_type = fields.Selection(related="account_id.account_type", string="Internal Type")
    partner_id = fields.Many2one("res.partner", "Partner", index=True, ondelete="restrict")
    currency_id = fields.Many2one("res.currency", "Currency")
    debit = fields.Monetary(currency_field="company_currency_id", default=0.0)
    credit = fields.Monetary(currency_field="company_currency_id", default=0.0)
    balance = fields.Monetary(currency_field="company_currency_id", default=0.0)
    amount_currency = fields.Monetary("Amount in Currency", currency_field="currency_id", default=0.0)
    cumulated_balance = fields.Monetary(currency_field="company_currency_id", store=False,
                                        compute="_compute_cumulated_balance")

    # -- invoice lines ---------------------------------------------------------------------
    product_id = fields.Many2one("product.product", "Product", index="btree_not_null", ondelete="restrict")
    product_uom_id = fields.Many2one("uom.uom", "Unit of Measure")
    quantity = fields.Float(digits=(16, 2), default=1.0)
    price_unit = fields.Float("Unit Price", digits=(16, 2), default=0.0)
    discount = fields.Float("Discount (%)", digits=(16, 2), default=0.0)
    price_subtotal = fields.Monetary("Subtotal", currency_field="currency_id")
    price_total = fields.Monetary("Total", currency_field="currency_id")
    date_maturity = fields.Date("Due Date", index=True)

    # -- taxes -----------------------------------------------------------------------------
    tax_ids = fields.Many2many("account.tax", "account_move_line_account_tax_rel", "account_move_line_id",
                               "account_tax_id", string="Taxes", check_company=True)
    tax_line_id = fields.Many2one("account.tax", "Originator Tax", index=True, ondelete="restrict",
                                  check_company=True)
    tax_group_id = fields.Many2one(related="tax_line_id.tax_group_id", string="Originator tax group")
    group_tax_id = fields.Many2one("account.tax", "Originator Group of Taxes", index=True)
    tax_repartition_line_id = fields.Many2one("account.tax.repartition.line", "Originator Tax Distribution Line",
                                              ondelete="restrict")
    tax_base_amount = fields.Monetary("Base Amount", currency_field="company_currency_id", default=0.0)
    tax_tag_ids = fields.Many2many("account.account.tag", "account_account_tag_account_move_line_rel",
                                   "account_move_line_id", "account_account_tag_id", string="Tags")

    # -- reconciliation (kept by account_move_line_reconcile.py) ---------------------------
    reconciled = fields.Boolean(default=False)
    amount_residual = fields.Monetary("Residual Amount", currency_field="company_currency_id", default=0.0)
    amount_residual_currency = fields.Monetary("Residual Amount in Currency", currency_field="currency_id",
                                               default=0.0)
    full_reconcile_id = fields.Many2one("account.full.reconcile", "Matching", index=True, copy=False)
    matched_debit_ids = fields.One2many("account.partial.reconcile", "credit_move_id",
                                        "Matched Debits", help="Debit journal items matched with this one.")
    matched_credit_ids = fields.One2many("account.partial.reconcile", "debit_move_id",
                                         "Matched Credits", help="Credit journal items matched with this one.")
    payment_id = fields.Many2one(related="move_id.payment_id", string="Originator Payment")
    statement_line_id = fields.Many2one(related="move_id.statement_line_id", string="Originator Statement Line")

    _sql_constraints = [
        ("check_credit_debit", "CHECK(credit + debit>=0 AND credit * debit=0)",
         "Wrong credit or debit value in accounting entry!"),
    ]

    @api.depends("balance")
    def _compute_cumulated_balance(self):
        for line in self:
            line.cumulated_balance = line.balance

    @api.depends("move_id.name", "name", "account_id")
    def _compute_display_name(self):
        for line in self:
            parts = [line.move_id.name or "/", line.name or ""]
            line.display_name = " ".join(p for p in parts if p and p != "/") or line.move_id.name or ""

    @api.constrains("account_id", "tax_ids", "tax_line_id", "company_id", "display_type")
    def _check_company_links(self):
        """Odoo's check_company on the account and taxes, and an account set and not deprecated
        on every line but sections and notes: one query for any number of lines (the generic
        check_company helper reads them line by line). A company mismatch is told first."""
        lines = self.filtered("id")
        if not lines:
            return
        lines.flush_recordset(["account_id", "tax_line_id", "company_id", "tax_ids", "display_type"])
        ids = list(lines.ids)
        self.env.cr.execute(SQL("""
            SELECT DISTINCT ON (kind) kind, line_id, no_account FROM
            (SELECT 0 AS kind, l.id AS line_id, false AS no_account FROM account_move_line l
               LEFT JOIN account_account a ON a.id = l.account_id
               LEFT JOIN account_tax t ON t.id = l.tax_line_id
              WHERE l.id = ANY(%s) AND (a.company_id != l.company_id OR t.company_id != l.company_id)
              UNION ALL
             SELECT 0, r.account_move_line_id, false FROM account_move_line_account_tax_rel r
               JOIN account_move_line l ON l.id = r.account_move_line_id
               JOIN account_tax t ON t.id = r.account_tax_id
              WHERE r.account_move_line_id = ANY(%s) AND t.company_id != l.company_id
              UNION ALL
             SELECT 1, l.id, a.id IS NULL FROM account_move_line l
               LEFT JOIN account_account a ON a.id = l.account_id
              WHERE l.id = ANY(%s)
                AND ((a.id IS NULL AND COALESCE(l.display_type, '') NOT IN ('line_section', 'line_note'))
                     OR a.deprecated)) AS wrong
             ORDER BY kind
        """, ids, ids, ids))
        for kind, line_id, no_account in self.env.cr.fetchall():
            line = self.browse(line_id)
            if kind == 0:
                line._check_company(["account_id", "tax_ids", "tax_line_id"])
                continue
            if no_account:
                raise UserError("An accounting line needs an account: set account_id on the line "
                                f"'{line.name or line.move_id.name}'.")
            raise UserError(f"The account {line.account_id.display_name} is deprecated; pick another account.")

    # -- create ----------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        Move = self.env["account.move"]
        moves = Move.browse({vals["move_id"] for vals in vals_list if vals.get("move_id")})
        move_values = {move.id: move._line_values_from_move() for move in moves}
        accounts = self.env["account.account"].browse(
            {vals["account_id"] for vals in vals_list if vals.get("account_id")})
        kinds = {account.id: (account._keeps_residual(), account.account_type) for account in accounts}
        for vals in vals_list:
            self._prepare_create_vals(vals, move_values.get(vals.get("move_id")), kinds)
        relations = {fname: [_linked_ids(vals, fname) for vals in vals_list] for fname in BULK_MANY2MANY}
        lines = super().create(vals_list)
        for fname, ids_list in relations.items():
            lines._link_many2many(fname, ids_list)
        if any(relations["tax_ids"]):
            lines._check_company_links()      # the taxes linked above, after create's own check
        lines._apply_fiscal_position()
        if not self.env.context.get("skip_invoice_sync"):
            lines.mapped("move_id").filtered(lambda m: m.is_invoice(True) and m.state == "draft")._sync_dynamic_lines()
        if not self.env.context.get("skip_balance_check"):
            lines.mapped("move_id")._check_balanced()
        return lines

    @api.model
    def _prepare_create_vals(self, vals: dict, move: dict | None, kinds: dict) -> None:
        """Fill ``vals`` in place: what comes from the entry, debit/credit/balance from one
        another, the amount in currency, the residual. Pure Python: no query per line."""
        if move is None:
            raise UserError("A journal item belongs to a journal entry: give move_id.")
        if move["parent_state"] == "posted" and not self.env.context.get("skip_readonly_check"):
            raise UserError("You cannot add items to a posted entry: reset it to draft first.")
        for fname in FROM_MOVE:
            vals[fname] = move[fname]
        if "display_type" not in vals:
            vals["display_type"] = self._default_display_type(vals, move, kinds)
        vals.setdefault("currency_id", move["currency_id"])
        if move["is_invoice"] and vals["display_type"] == "product" and not vals.get("account_id"):
            vals["account_id"] = move["default_account_id"]
        if "balance" in vals:
            balance = vals["balance"] or 0.0
        elif "debit" in vals or "credit" in vals:
            balance = (vals.get("debit") or 0.0) - (vals.get("credit") or 0.0)
        elif "amount_currency" in vals and vals["currency_id"] == move["company_currency_id"]:
            balance = vals["amount_currency"] or 0.0
        elif "amount_currency" in vals and vals["currency_id"]:
            balance = move["to_company"](vals["amount_currency"] or 0.0, vals["currency_id"])
        else:
            balance = 0.0
        balance = move["round"](balance)
        vals["balance"] = balance
        vals["debit"], vals["credit"] = (balance, 0.0) if balance > 0.0 else (0.0, -balance)
        if "amount_currency" not in vals:
            vals["amount_currency"] = balance
        if kinds.get(vals.get("account_id"), (False,))[0]:
            vals.setdefault("amount_residual", balance)
            vals.setdefault("amount_residual_currency", vals["amount_currency"])
            vals.setdefault("reconciled", False)

    @api.model
    def _default_display_type(self, vals: dict, move: dict, kinds: dict) -> str:
        """As Odoo 17: tax lines, then (on invoices) receivable/payable lines are the payment
        term; every other line is a 'product' line, on plain entries too."""
        if not move["is_invoice"]:
            return "product"
        if vals.get("tax_repartition_line_id") or vals.get("tax_line_id"):
            return "tax"
        if kinds.get(vals.get("account_id"), (False, None))[1] in ("asset_receivable", "liability_payable"):
            return "payment_term"
        return "product"

    # -- write / unlink --------------------------------------------------------------------

    def write(self, vals):
        if not self:
            return True
        posted = self.filtered(lambda line: line.parent_state == "posted")
        if posted and not self.env.context.get("skip_readonly_check"):
            changed = [fname for fname in PROTECTED_FIELDS if fname in vals
                       and any(self._field_will_change(line, vals, fname) for line in posted)]
            if changed:
                if {"tax_ids", "tax_line_id"} & set(changed):
                    raise UserError("You cannot modify the taxes related to a posted journal item, you "
                                    "should reset the journal entry to draft to do so.")
                raise UserError("You cannot modify a posted entry: reset it to draft first "
                                f"(fields: {', '.join(changed)}).")
        if any(fname in vals for fname in RECONCILED_FIELDS):
            for line in self:
                if (line.matched_debit_ids or line.matched_credit_ids) and any(
                        self._field_will_change(line, vals, fname) for fname in RECONCILED_FIELDS if fname in vals):
                    raise UserError("You cannot do this modification on a reconciled journal entry. "
                                    "You can just change some non legal fields or you must unreconcile first.")
        if len(self) > 1 and ("debit" in vals) != ("credit" in vals) and "balance" not in vals:
            # one side only: each line keeps its other side, so each gets its own write
            for line in self:
                line.write(vals)
            return True
        vals = self._amounts_from_each_other(vals)
        result = super().write(vals)
        if {"account_id", "balance", "amount_currency"} & set(vals):
            self._compute_amount_residual()
        if not self.env.context.get("skip_invoice_sync") and {
                "price_unit", "quantity", "discount", "tax_ids", "account_id", "display_type"} & set(vals):
            self.mapped("move_id").filtered(lambda m: m.is_invoice(True) and m.state == "draft")._sync_dynamic_lines()
        if {"balance", "debit", "credit", "move_id"} & set(vals) and not self.env.context.get("skip_balance_check"):
            self.mapped("move_id")._check_balanced()
        return result

    @api.model
    def _field_will_change(self, line, vals: dict, fname: str) -> bool:
        field = self._fields[fname]
        new = field.convert_to_cache(vals[fname], line)
        old = field.convert_to_cache(line[fname], line)
        if field.type in ("float", "monetary"):
            return round(new - old, 6) != 0
        if field.type == "many2many":
            return True
        return new != old

    def _amounts_from_each_other(self, vals: dict) -> dict:
        """``vals`` where debit, credit and balance agree (given one, the others follow)."""
        if "balance" in vals:
            balance = vals["balance"] or 0.0
        elif "debit" in vals or "credit" in vals:
            debit = vals.get("debit", self.debit if self else 0.0) or 0.0
            credit = vals.get("credit", self.credit if self else 0.0) or 0.0
            balance = debit - credit
        else:
            return vals
        vals = dict(vals)
        vals["balance"] = balance
        vals["debit"], vals["credit"] = (balance, 0.0) if balance > 0.0 else (0.0, -balance)
        if "amount_currency" not in vals and all(line.currency_id == line.company_currency_id for line in self):
            vals["amount_currency"] = balance
        return vals

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if not self.env.context.get("force_delete") and any(line.parent_state == "posted" for line in self):
            raise UserError("You cannot delete an item linked to a posted entry.")

    def unlink(self):
        moves = self.mapped("move_id")
        partials = self.mapped("matched_debit_ids") | self.mapped("matched_credit_ids")
        if partials:
            partials.unlink()
        result = super().unlink()
        moves = moves.exists()
        if moves and not self.env.context.get("skip_invoice_sync"):
            moves.filtered(lambda m: m.is_invoice(True) and m.state == "draft")._sync_dynamic_lines()
        return result

    def _apply_fiscal_position(self) -> None:
        """The taxes and account of new invoice lines, mapped by their entry's fiscal
        position (Odoo maps the product's; with no product here, the given ones)."""
        moves = self.mapped("move_id").filtered(lambda move: move.fiscal_position_id and move.is_invoice(True))
        if not moves:
            return
        for line in self.filtered(lambda line: line.move_id in moves and line.display_type == "product"):
            position = line.move_id.fiscal_position_id
            taxes = position.map_tax(line.tax_ids)
            account = position.map_account(line.account_id)
            values = {}
            if taxes != line.tax_ids:
                values["tax_ids"] = [Command.set(taxes.ids)]
            if account != line.account_id:
                values["account_id"] = account.id
            if values:
                line.with_context(skip_invoice_sync=True, skip_balance_check=True).write(values)

    def _link_many2many(self, fname: str, ids_list: list) -> None:
        """Link each new line to its ids through many2many ``fname`` in one INSERT.

        The ORM here inserts a created record's many2many rows one record at a time (a
        query per line); until it batches them, lines given plain SET/LINK commands get
        their rows here (see _linked_ids)."""
        field = self._fields[fname]
        pairs = [(line.id, target) for line, ids in zip(self, ids_list) if ids for target in ids]
        if not pairs:
            return
        self.env.cr.execute(SQL("INSERT INTO %s (%s, %s) SELECT * FROM unnest(%s::int[], %s::int[]) "
                                "ON CONFLICT DO NOTHING",
                                SQL.identifier(field.relation), SQL.identifier(field.column1),
                                SQL.identifier(field.column2), [a for a, _b in pairs], [b for _a, b in pairs]))
        self.invalidate_recordset([fname], flush=False)
        self.modified([fname])

    @api.model
    def _write_from_moves(self, moves, values: dict) -> None:
        """Copy the entries' new journal, company, date, state or name onto their lines:
        one UPDATE for all of them (see the module docstring). A value may be an SQL
        expression over the entry row ``m`` (the name each entry got when posted)."""
        if not moves.ids or not values:
            return
        self.flush_model(list(values))
        assignments = SQL.join(", ", [
            SQL("%s = %s", SQL.identifier(fname),
                value if isinstance(value, SQL) else self._fields[fname].convert_to_column(value, self))
            for fname, value in values.items()])
        self.env.cr.execute(SQL("UPDATE account_move_line l SET %s FROM account_move m "
                                "WHERE m.id = ANY(%s) AND l.move_id = m.id", assignments, list(moves.ids)))
        self.invalidate_model(list(values), flush=False)
        cached = moves._cached_line_ids()
        if cached:
            self.browse(cached).modified(list(values))

    # -- helpers the entry and the reconciliation share ------------------------------------

    def _rounded(self, amount: float) -> float:
        return self.company_currency_id.round(amount)
