"""Generated tills: payment methods (cash, bank, customer account) on the company's journals,
tills using them, and one open session per till."""
from odoo import Command, models
from odoo.tools import populate

#: (kind, journal type or None) of the payment methods made, in turn
METHOD_KINDS = [("Cash", "cash"), ("Card", "bank"), ("Customer Account", None)]


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"
    _populate_sizes = {"small": 3, "medium": 6, "large": 12}

    def _populate_factories(self):
        company = self.env.company
        journals = {kind: self._populate_journal(kind) for _name, kind in METHOD_KINDS if kind}

        def journal_id(values, counter, **_kw):
            kind = METHOD_KINDS[counter % len(METHOD_KINDS)][1]
            return journals[kind].id if kind else False

        return [
            ("name", populate.compute(lambda counter, **_kw:
                                      f"{METHOD_KINDS[counter % len(METHOD_KINDS)][0]} {counter // 3 + 1}")),
            ("journal_id", populate.compute(journal_id)),
            ("split_transactions", populate.compute(lambda values, **_kw: not values["journal_id"])),
            ("company_id", populate.constant(company.id)),
        ]

    def _populate_journal(self, kind: str):
        """The company's first journal of that type, made when it has none."""
        journals = self.env["account.journal"]
        journal = journals.search([("type", "=", kind), ("company_id", "=", self.env.company.id)], limit=1)
        return journal or journals.create({"name": f"POS {kind.title()}", "type": kind,
                                           "code": f"P{kind[:3].upper()}", "company_id": self.env.company.id})


class PosConfig(models.Model):
    _inherit = "pos.config"
    _populate_sizes = {"small": 2, "medium": 5, "large": 20}
    _populate_dependencies = ["pos.payment.method"]

    def _populate_factories(self):
        methods = self.env["pos.payment.method"].search([("company_id", "=", self.env.company.id)])
        cash = methods.filtered("is_cash_count").ids
        others = (methods - methods.filtered("is_cash_count")).ids

        def payment_method_ids(counter, **_kw):
            # one cash method per till (the rule), and every other method
            return [Command.set(([cash[counter % len(cash)]] if cash else []) + others)]

        return [
            ("name", populate.constant("Shop {counter}")),
            ("payment_method_ids", populate.compute(payment_method_ids)),
        ]


class PosSession(models.Model):
    _inherit = "pos.session"
    _populate_sizes = {"small": 2, "medium": 5, "large": 20}
    _populate_dependencies = ["pos.config"]

    def _populate(self, size):
        """An opened session for each till that has none (as many tills as the size asks)."""
        wanted = size if isinstance(size, int) else self._populate_sizes[size]
        configs = self.env["pos.config"].search([("company_id", "=", self.env.company.id)], order="id desc")
        sessions = self.browse()
        for config in configs[:wanted]:
            if not config.current_session_id:
                config.open_ui()
            session = config.current_session_id
            if session.state == "opening_control":
                session.set_cashbox_pos(0.0, "")
            sessions |= session
        return sessions
