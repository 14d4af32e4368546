"""The lines an invoice computes from its invoice lines: the amounts of the product lines,
one tax line per tax distribution line (Odoo 17's grouping), the cash rounding line and
the receivable/payable lines of its payment term."""
from __future__ import annotations

from collections import defaultdict

from odoo import Command, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    def _sync_dynamic_lines(self, remap: bool = False) -> None:
        """Recompute the computed lines of these draft invoices (Odoo does this on every
        change of an invoice; here create/write of the entry or its lines call it)."""
        for move in self:
            if move.state != "draft" or not move.is_invoice(True):
                continue
            quiet = move.with_context(skip_invoice_sync=True, skip_balance_check=True)
            if remap:
                quiet.line_ids.filtered(lambda line: line.display_type == "product")._apply_fiscal_position()
            quiet._sync_product_lines()
            quiet._sync_tax_lines()
            quiet._sync_rounding_line()
            quiet._sync_payment_term_lines()
        self._check_balanced()

    # -- product lines ---------------------------------------------------------------------

    def _line_tax_results(self, line, rounded: bool = True) -> dict:
        price = line.price_unit * (1 - (line.discount or 0.0) / 100.0)
        taxes = line.tax_ids if rounded else line.tax_ids.with_context(round=False)
        return taxes.compute_all(price, currency=self.currency_id, quantity=line.quantity,
                                 partner=self.commercial_partner_id,
                                 is_refund=self.move_type in ("out_refund", "in_refund"))

    def _to_company_currency(self, amount: float) -> float:
        company = self.company_id
        return self.currency_id._convert(amount, company.currency_id, company, self.date or self.invoice_date)

    def _sync_product_lines(self) -> None:
        sign = self.direction_sign
        for line in self.line_ids.filtered(lambda line: line.display_type == "product"):
            result = self._line_tax_results(line)
            subtotal, total = result["total_excluded"], result["total_included"]
            amount_currency = sign * subtotal
            values = {"price_subtotal": subtotal, "price_total": total, "amount_currency": amount_currency,
                      "balance": self._to_company_currency(amount_currency),
                      "partner_id": self.commercial_partner_id.id}
            changed = {k: v for k, v in values.items() if _differs(line, k, v)}
            if changed:
                line.write(changed)

    # -- tax lines -------------------------------------------------------------------------

    def _tax_line_key(self, tax_vals: dict, base_line) -> tuple:
        """Odoo 17 groups tax amounts per distribution line, account, taxes the amount
        affects, group of taxes and tags: one tax line per key."""
        return (tax_vals["tax_repartition_line_id"], tax_vals["account_id"] or base_line.account_id.id,
                tuple(sorted(tax_vals["tax_ids"])), tax_vals["group"].id if tax_vals["group"] else False,
                tuple(sorted(tax_vals["tag_ids"])))

    @staticmethod
    def _existing_tax_key(line) -> tuple:
        return (line.tax_repartition_line_id.id, line.account_id.id, tuple(sorted(line.tax_ids.ids)),
                line.group_tax_id.id, tuple(sorted(line.tax_tag_ids.ids)))

    def _sync_tax_lines(self) -> None:
        rounded = self.company_id.tax_calculation_rounding_method != "round_globally"
        sums: dict[tuple, dict] = defaultdict(lambda: {"amount": 0.0, "base": 0.0, "vals": None})
        for line in self.line_ids.filtered(lambda line: line.display_type == "product" and line.tax_ids):
            for tax_vals in self._line_tax_results(line, rounded)["taxes"]:
                entry = sums[self._tax_line_key(tax_vals, line)]
                entry["amount"] += tax_vals["amount"]
                entry["base"] += tax_vals["base"]
                entry["vals"] = tax_vals
        existing = {}
        for line in self.line_ids.filtered(lambda line: line.display_type == "tax"):
            existing.setdefault(self._existing_tax_key(line), self.env["account.move.line"])
            existing[self._existing_tax_key(line)] |= line
        sign = self.direction_sign
        Line = self.env["account.move.line"]
        to_create, stale = [], Line
        for key, entry in sums.items():
            amount = self.currency_id.round(entry["amount"])
            base = self.currency_id.round(entry["base"])
            values = {"amount_currency": sign * amount, "balance": self._to_company_currency(sign * amount),
                      "tax_base_amount": abs(self._to_company_currency(base)),
                      "partner_id": self.commercial_partner_id.id}
            lines = existing.pop(key, Line)
            if lines:
                stale |= lines[1:]
                changed = {k: v for k, v in values.items() if _differs(lines[0], k, v)}
                if changed:
                    lines[0].write(changed)
                continue
            tax_vals = entry["vals"]
            repartition, account_id, tax_ids, group_id, tag_ids = key
            to_create.append({
                **values, "move_id": self.id, "display_type": "tax", "name": tax_vals["name"],
                "account_id": account_id, "tax_repartition_line_id": repartition,
                "tax_line_id": self.env["account.tax.repartition.line"].browse(repartition).tax_id.id,
                "group_tax_id": group_id, "tax_ids": [Command.set(list(tax_ids))],
                "tax_tag_ids": [Command.set(list(tag_ids))], "currency_id": self.currency_id.id,
            })
        for lines in existing.values():
            stale |= lines
        if stale:
            stale.unlink()
        if to_create:
            Line.create(to_create)

    # -- cash rounding ---------------------------------------------------------------------

    def _sync_rounding_line(self) -> None:
        """With a cash rounding, a line carries the difference between the total and the
        total rounded to the smallest coin (Odoo's 'add_invoice_line'; 'biggest_tax' puts
        it beside the biggest tax line, on its account)."""
        current = self.line_ids.filtered(lambda line: line.display_type == "rounding")
        rounding = self.invoice_cash_rounding_id
        sign = self.direction_sign
        total = sign * sum(self.line_ids.filtered(
            lambda line: line.display_type in ("product", "tax")).mapped("amount_currency"))
        difference = rounding.compute_difference(self.currency_id, total) if rounding else 0.0
        if self.currency_id.is_zero(difference):
            if current:
                current.unlink()
            return
        values = {"amount_currency": sign * difference, "balance": self._to_company_currency(sign * difference),
                  "partner_id": self.commercial_partner_id.id}
        if rounding.strategy == "biggest_tax":
            taxes = self.line_ids.filtered(lambda line: line.display_type == "tax")
            if not taxes:
                if current:
                    current.unlink()
                return
            biggest = max(taxes, key=lambda line: abs(line.amount_currency))
            values.update(account_id=biggest.account_id.id, tax_repartition_line_id=biggest.tax_repartition_line_id.id,
                          tax_line_id=biggest.tax_line_id.id, name=f"{biggest.name} (rounding)")
        else:
            account = rounding.loss_account_id if difference < 0 else rounding.profit_account_id
            if not account:
                return
            values.update(account_id=account.id, name=rounding.name)
        if current:
            current[1:].unlink()
            current[:1].write(values)
        else:
            self.env["account.move.line"].create({**values, "move_id": self.id, "display_type": "rounding",
                                                  "currency_id": self.currency_id.id})

    # -- receivable / payable --------------------------------------------------------------

    def _payment_term_account(self):
        partner = self.commercial_partner_id
        if self.is_sale_document(True):
            account = partner.property_account_receivable_id
            kind = "asset_receivable"
        else:
            account = partner.property_account_payable_id
            kind = "liability_payable"
        if account and account.company_id == self.company_id:
            return account
        return self.env["res.partner"]._default_property_account(self.company_id, kind)

    def _sync_payment_term_lines(self) -> None:
        others = self.line_ids.filtered(lambda line: line.display_type != "payment_term")
        total_currency = -sum(others.mapped("amount_currency"))
        total_balance = -sum(others.mapped("balance"))
        current = self.line_ids.filtered(lambda line: line.display_type == "payment_term")
        date = self.invoice_date or self.date
        if self.invoice_payment_term_id:
            terms = self.invoice_payment_term_id._compute_terms(date, total_currency, total_balance,
                                                                self.currency_id, self.company_id.currency_id)
        else:
            terms = [(date, total_currency, total_balance)]
        account = self._payment_term_account()
        if not account:
            raise_missing_account(self)
        values = [{"date_maturity": due, "amount_currency": amount_currency, "balance": balance,
                   "account_id": (current[index].account_id.id if index < len(current) and current[index].account_id
                                  else account.id),
                   "partner_id": self.commercial_partner_id.id, "name": self.payment_reference or ""}
                  for index, (due, amount_currency, balance) in enumerate(terms)]
        if len(current) > len(values):
            current[len(values):].unlink()
            current = current[:len(values)]
        for line, vals in zip(current, values):
            changed = {k: v for k, v in vals.items() if _differs(line, k, v)}
            if changed:
                line.write(changed)
        extra = values[len(current):]
        if extra:
            self.env["account.move.line"].create([
                {**vals, "move_id": self.id, "display_type": "payment_term", "currency_id": self.currency_id.id}
                for vals in extra])


def raise_missing_account(move) -> None:
    kind = "receivable" if move.is_sale_document(True) else "payable"
    raise UserError(f"No {kind} account found for {move.commercial_partner_id.display_name or 'the invoice'}: "
                    f"set one on the partner or load a chart of accounts.")


def _differs(line, fname: str, value) -> bool:
    current = line[fname]
    if hasattr(current, "_name"):
        return current.id != (value or False)
    if isinstance(current, float) or isinstance(value, float):
        return round((current or 0.0) - (value or 0.0), 6) != 0
    return current != value
