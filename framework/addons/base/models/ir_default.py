"""User-defined default values (``ir.default``): a field's default for everyone, a company,
a user, optionally under a condition, kept as JSON.

``default_get`` of every model asks ``_get_model_defaults`` (after the context's
``default_<name>`` keys, before the fields' own defaults). ``create`` asks defaults on hot
paths, so the answer is cheap: the models that have any row are remembered for every cursor
(no query at all for the others), and each model's defaults per user, company and condition
are remembered too; any change to the rows drops both (``SharedCacheSource``).
"""
import json

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from .shared_cache import SharedCacheSource

#: key of the remembered set of models having defaults (registry.cached)
MODELS_WITH_DEFAULTS = ("ir.default", "models")
#: integer columns are 32-bit in PostgreSQL
INT_MIN, INT_MAX = -2**31, 2**31 - 1


class IrDefault(SharedCacheSource, models.Model):
    _name = "ir.default"
    _description = "Default Values"
    _rec_name = "field_id"

    field_id = fields.Many2one("ir.model.fields", string="Field", required=True,
                               ondelete="cascade", index=True)
    user_id = fields.Many2one("res.users", string="User", ondelete="cascade", index=True,
                              help="If set, the default applies to this user only.")
    company_id = fields.Many2one("res.company", string="Company", ondelete="cascade", index=True,
                                 help="If set, the default applies in this company only.")
    condition = fields.Char(help="If set, the default applies under this condition only "
                                 "(an opaque text, typically 'field=value').")
    json_value = fields.Char("Default Value (JSON format)", required=True)

    @api.constrains("json_value")
    def _check_json_format(self):
        for record in self:
            try:
                json.loads(record.json_value)
            except (TypeError, ValueError):
                raise ValidationError(_("The default value of %s is not valid JSON: %r",
                                        record.field_id.display_name or record.field_id.id,
                                        record.json_value)) from None

    def write(self, vals):
        result = super().write(vals)
        # a user may not hand their default over to someone else (the rules hold after too)
        self.check_access_rule("write")
        return result

    # -- scopes ------------------------------------------------------------------------------------

    def _scope(self, user_id, company_id):
        """``True`` for the current user / company, as Odoo's API takes them."""
        if user_id is True:
            user_id = self.env.uid
        if company_id is True:
            company_id = self.env.company.id
        return user_id or False, company_id or False

    @api.model
    def _field_record(self, model_name, field_name):
        """The ``ir.model.fields`` row of the field (empty when there is none)."""
        return self.env["ir.model.fields"].sudo()._get(model_name, field_name)

    def _scope_domain(self, field, user_id, company_id, condition):
        return [("field_id", "=", field.id), ("user_id", "=", user_id),
                ("company_id", "=", company_id), ("condition", "=", condition or False)]

    # -- the API -----------------------------------------------------------------------------------

    @api.model
    def set(self, model_name, field_name, value, user_id=False, company_id=False, condition=False):
        """Make ``value`` the default of ``model_name.field_name`` for that scope (replacing
        the one set for the same field, user, company and condition). ``user_id`` /
        ``company_id``: False for all, True for the current one, or an id."""
        user_id, company_id = self._scope(user_id, company_id)
        model = self.env.registry.models.get(model_name)
        field = model._fields.get(field_name) if model is not None else None
        if field is None:
            raise ValidationError(_("Invalid field %(model)s.%(field)s", model=model_name, field=field_name))
        records = self.env[model_name]
        try:
            parsed = field.convert_to_cache(value, records)
            json_value = json.dumps(value, ensure_ascii=False)
        except Exception:   # any conversion failure is a wrong value
            raise ValidationError(_("Invalid value for %(model)s.%(field)s: %(value)r",
                                    model=model_name, field=field_name, value=value)) from None
        if field.type == "integer" and isinstance(parsed, int) and not INT_MIN <= parsed <= INT_MAX:
            raise ValidationError(_("Invalid value for %(model)s.%(field)s: %(value)s is out of "
                                    "bounds (integers go from %(low)s to %(high)s)", model=model_name,
                                    field=field_name, value=value, low=INT_MIN, high=INT_MAX))
        field_record = self._field_record(model_name, field_name)
        if not field_record:
            raise ValidationError(_("Invalid field %(model)s.%(field)s", model=model_name, field=field_name))
        default = self.search(self._scope_domain(field_record, user_id, company_id, condition))
        if default:
            if default.json_value != json_value:        # unchanged: the caches stay
                default.write({"json_value": json_value})
        else:
            self.create({"field_id": field_record.id, "user_id": user_id, "company_id": company_id,
                         "condition": condition or False, "json_value": json_value})
        return True

    @api.model
    def _get(self, model_name, field_name, user_id=False, company_id=False, condition=False):
        """The default set for exactly that scope, or ``None``."""
        user_id, company_id = self._scope(user_id, company_id)
        field_record = self._field_record(model_name, field_name)
        default = self.search(self._scope_domain(field_record, user_id, company_id, condition), limit=1)
        if not default:
            return None
        value = json.loads(default.json_value)
        field = self.env[model_name]._fields.get(field_name)
        if field is not None and field.type == "date" and value:
            value = field.to_date(value)
        return value

    @api.model
    def _get_model_defaults(self, model_name, condition=False):
        """``{field name: value}`` of the defaults of ``model_name`` that apply to the current
        user in the current company; of each field the most specific one wins (the user's,
        then the company's, then everyone's). A new dict each call: callers may change it."""
        if model_name not in self._models_with_defaults():
            return {}
        return dict(self._model_defaults(model_name, condition or False))

    @api.model
    def _models_with_defaults(self) -> frozenset:
        """The models that have some default row, remembered for every cursor."""
        return self._known()[0]

    @api.model
    def _many2one_targets(self) -> frozenset:
        """The models some many2one default points to (their ``unlink`` discards those)."""
        return self._known()[1]

    def _known(self) -> tuple:
        return self.env.registry.cached(self.env.transaction, MODELS_WITH_DEFAULTS, self._read_known)

    def _read_known(self) -> tuple:
        # the fields first: a database without defaults (the usual one) costs one small query;
        # a database whose base predates ir.default (not updated yet) has none either
        self.flush_model()
        cr = self.env.cr
        cr.execute("SELECT to_regclass('ir_default') IS NOT NULL")
        if not cr.fetchone()[0]:
            return frozenset(), frozenset()
        cr.execute("SELECT DISTINCT field_id FROM ir_default")
        field_ids = [row[0] for row in cr.fetchall()]
        if not field_ids:
            return frozenset(), frozenset()
        cr.execute("SELECT DISTINCT model, CASE WHEN ttype = 'many2one' THEN relation END "
                   "FROM ir_model_fields WHERE id = ANY(%s)", (field_ids,))
        rows = cr.fetchall()
        return frozenset(row[0] for row in rows), frozenset(row[1] for row in rows if row[1])

    @api.model
    @tools.ormcache("self.env.uid", "self.env.company.id", "model_name", "condition")
    def _model_defaults(self, model_name, condition):
        self.flush_model()
        # NULLs sort last: the user's rows, then the company's, then everyone's; the first
        # row of each field wins
        self.env.cr.execute(
            "SELECT f.name, d.json_value FROM ir_default d JOIN ir_model_fields f ON f.id = d.field_id "
            "WHERE f.model = %s AND (d.user_id IS NULL OR d.user_id = %s) "
            "AND (d.company_id IS NULL OR d.company_id = %s) "
            "AND (CASE WHEN %s::varchar IS NULL THEN d.condition IS NULL ELSE d.condition = %s END) "
            "ORDER BY d.user_id, d.company_id, d.id",
            (model_name, self.env.uid, self.env.company.id or None, condition or None, condition or None))
        result = {}
        for name, json_value in self.env.cr.fetchall():
            if name not in result:
                result[name] = json.loads(json_value)
        return result

    # Odoo 16's public names of _get and _get_model_defaults
    @api.model
    def get(self, model_name, field_name, user_id=False, company_id=False, condition=False):
        return self._get(model_name, field_name, user_id, company_id, condition)

    @api.model
    def get_model_defaults(self, model_name, condition=False):
        return self._get_model_defaults(model_name, condition)

    @api.model
    def discard_records(self, records):
        """Remove the many2one defaults pointing to any of ``records``."""
        values = [json.dumps(record_id) for record_id in records.ids]
        return self.search([("field_id.ttype", "=", "many2one"),
                            ("field_id.relation", "=", records._name),
                            ("json_value", "in", values)]).unlink()

    @api.model
    def discard_values(self, model_name, field_name, values):
        """Remove the defaults of ``model_name.field_name`` equal to any of ``values``."""
        field_record = self._field_record(model_name, field_name)
        encoded = [json.dumps(value, ensure_ascii=False) for value in values]
        return self.search([("field_id", "=", field_record.id), ("json_value", "in", encoded)]).unlink()
