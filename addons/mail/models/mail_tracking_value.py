import datetime

from odoo import api, fields, models


class MailTrackingValue(models.Model):
    """One tracked field's old and new value, attached to the message logging the change."""

    _name = "mail.tracking.value"
    _description = "Mail Tracking Value"
    _rec_name = "field_id"
    _order = "id DESC"

    field_id = fields.Many2one("ir.model.fields", required=False, readonly=True, index=True,
                               ondelete="set null")
    field_info = fields.Json("Removed field information")

    old_value_integer = fields.Integer("Old Value Integer", readonly=True)
    old_value_float = fields.Float("Old Value Float", readonly=True)
    old_value_char = fields.Char("Old Value Char", readonly=True)
    old_value_text = fields.Text("Old Value Text", readonly=True)
    old_value_datetime = fields.Datetime("Old Value DateTime", readonly=True)

    new_value_integer = fields.Integer("New Value Integer", readonly=True)
    new_value_float = fields.Float("New Value Float", readonly=True)
    new_value_char = fields.Char("New Value Char", readonly=True)
    new_value_text = fields.Text("New Value Text", readonly=True)
    new_value_datetime = fields.Datetime("New Value Datetime", readonly=True)

    currency_id = fields.Many2one("res.currency", "Currency", readonly=True, ondelete="set null",
                                  help="Used to display the currency when tracking monetary values")
    mail_message_id = fields.Many2one("mail.message", "Message ID", required=True, index=True,
                                      ondelete="cascade")

    @api.model
    def _create_tracking_values(self, initial_value, new_value, col_name, col_info, record):
        """The values of a tracking row for the change of ``record.<col_name>`` from
        ``initial_value`` to ``new_value``; ``col_info`` is the field's ``fields_get``."""
        field = self.env["ir.model.fields"]._get(record._name, col_name)
        if not field:
            raise ValueError(f"Unknown field {col_name} on model {record._name}")
        values = {"field_id": field.id}
        kind = col_info["type"]
        if kind in ("integer", "float", "char", "text", "datetime"):
            values[f"old_value_{kind}"] = initial_value
            values[f"new_value_{kind}"] = new_value
        elif kind == "monetary":
            currency = record[col_info["currency_field"]] if col_info.get("currency_field") else False
            values.update(currency_id=currency.id if currency else False,
                          old_value_float=initial_value, new_value_float=new_value)
        elif kind == "date":
            values.update(old_value_datetime=_date_as_datetime(initial_value),
                          new_value_datetime=_date_as_datetime(new_value))
        elif kind == "boolean":
            values.update(old_value_integer=initial_value, new_value_integer=new_value)
        elif kind == "selection":
            labels = dict(col_info["selection"])
            values.update(old_value_char=initial_value and labels.get(initial_value, initial_value) or "",
                          new_value_char=new_value and labels[new_value] or "")
        elif kind == "many2one":
            values.update(old_value_integer=initial_value.id if initial_value else 0,
                          new_value_integer=new_value.id if new_value else 0,
                          old_value_char=initial_value.display_name if initial_value else "",
                          new_value_char=new_value.display_name if new_value else "")
        elif kind in ("one2many", "many2many"):
            values.update(old_value_char=", ".join(initial_value.mapped("display_name")) if initial_value else "",
                          new_value_char=", ".join(new_value.mapped("display_name")) if new_value else "")
        else:
            raise NotImplementedError(f"Unsupported tracking on field {col_name} (type {kind})")
        return values

    def _tracking_value_format(self):
        """The tracking values as the chatter shows them: field label, old and new values."""
        result = []
        for tracking in self:
            field = tracking.field_id
            kind = field.ttype if field else "char"
            result.append({
                "id": tracking.id,
                "changedField": field.field_description if field else (tracking.field_info or {}).get("desc", ""),
                "fieldName": field.name if field else "",
                "fieldType": kind,
                "oldValue": tracking._value_of("old", kind),
                "newValue": tracking._value_of("new", kind),
            })
        return result

    def _value_of(self, side, kind):
        if kind in ("integer", "float", "char", "text", "datetime"):
            return self[f"{side}_value_{kind}"]
        if kind == "monetary":
            return self[f"{side}_value_float"]
        if kind == "date":
            value = self[f"{side}_value_datetime"]
            return value.date() if value else False
        if kind == "boolean":
            return bool(self[f"{side}_value_integer"])
        return self[f"{side}_value_char"]


def _date_as_datetime(value):
    """A tracked date is kept as the datetime at midnight, as Odoo keeps it."""
    if not value:
        return False
    if isinstance(value, str):
        value = fields.Date.from_string(value)
    return datetime.datetime.combine(value, datetime.time.min)
