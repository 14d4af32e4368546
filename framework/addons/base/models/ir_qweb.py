"""``ir.qweb``: render QWeb templates stored as ``ir.ui.view`` records of type qweb.

``env['ir.qweb']._render(template, values)`` takes an external id (or view key), a view id
or an lxml element, and returns ``markupsafe.Markup``. The engine is the interpreter of
``odoo.tools.qweb``; this model plugs the database into it: templates come from the views
(with their inheriting views applied, see ``ir.ui.view._get_combined_arch``), ``t-field``
and widgets go through the ``ir.qweb.field.*`` converters, ``groups`` through the user.
"""
import json
import math
from urllib.parse import quote_plus, urlencode

from lxml import etree

from odoo import api, models
from odoo.http import request
from odoo.tools import config
from odoo.tools.image import image_data_uri
from odoo.tools.qweb import QWeb, QWebException
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import relativedelta
from odoo.tools.safe_eval import time as safe_time

from .ir_ui_view_file import dev_reads_files

__all__ = ["IrQweb", "QWebException"]


class IrQweb(models.AbstractModel):
    _name = "ir.qweb"
    _description = "Qweb"

    @api.model
    def _render(self, template, values=None, **options):
        """``template`` rendered with ``values``; ``options`` go into the context (``lang``...)."""
        values = dict(values) if values else {}
        if "0" in values or 0 in values:
            raise ValueError("values[0] should be unset when call the _render method and only "
                             "set into the template.")
        qweb = self.with_context(**options) if options else self
        qweb._prepare_environment(values)
        return _Engine(qweb).render(template, values)

    def _prepare_environment(self, values):
        """The names every template may use, as Odoo gives them."""
        values.update(true=True, false=False)
        if self.env.context.get("minimal_qcontext"):
            return self
        debug = (request.session.debug if request and hasattr(request.session, "debug") else "") or ""
        values.setdefault("debug", debug)
        values.setdefault("user_id", self.env.user.with_env(self.env))
        values.setdefault("res_company", self.env.company.sudo())
        values.update(
            request=request if request else None,
            test_mode_enabled=bool((getattr(self.env.registry, "config", None) or config)
                                   .get("test_enable")),
            json=_JSON,
            quote_plus=quote_plus,
            time=safe_time,
            datetime=safe_datetime,
            relativedelta=relativedelta,
            image_data_uri=image_data_uri,
            floor=math.floor,
            ceil=math.ceil,
            env=self.env,
            lang=self.env.context.get("lang"),
            keep_query=keep_query,
        )
        return self

    @api.model
    def _load(self, ref):
        """``(element, view id)`` of the template ``ref`` (external id, key or view id).

        The combined arch is kept for every cursor of the process until a qweb view changes
        (``IrUiView._qweb_changed``); with ``--dev=xml`` it is read anew each time.
        """
        registry = self.env.registry
        if dev_reads_files(getattr(registry, "config", None)) or self.env.context.get("install_module"):
            text, view_id = self._load_arch(ref)
        else:
            text, view_id = registry.cached(self.env.transaction, ("ir.qweb.template", ref),
                                            lambda: self._load_arch(ref))
        return etree.fromstring(text), view_id

    def _load_arch(self, ref):
        element, view_id = self._combined_template(ref)
        return etree.tostring(element, encoding="unicode"), view_id

    def _combined_template(self, ref):
        views = self.env["ir.ui.view"].sudo()
        if isinstance(ref, int):
            view = views.browse(ref).exists()
        else:
            view = views.search([("key", "=", ref)], limit=1, order="id")
            if not view and "." in ref:
                found = self.env["ir.model.data"]._xmlid_to_res_model_res_id(ref, raise_if_not_found=False)
                if found and found[0] == "ir.ui.view":
                    view = views.browse(found[1])
        if not view:
            raise ValueError(f"Can not load template: {ref!r}")
        element = view._get_combined_arch()
        if element.tag != "t" or not element.get("t-name"):
            # an arch wrapping its template (``<data>``, ``<templates>``): take the template
            for node in element.iter(tag=etree.Element):
                if node.get("t-name") in (str(ref), view.key):
                    element = node
                    break
        element.set("t-name", view.key or str(ref))
        return element, view.id

    def _get_field_converter(self, widget):
        name = f"ir.qweb.field.{widget}"
        return self.env[name] if name in self.env else self.env["ir.qweb.field"]


class IrUiView(models.Model):
    _inherit = "ir.ui.view"

    @api.model
    def _render_template(self, template, values=None):
        """``template`` (external id or view id) rendered with ``values``, as Markup."""
        return self.env["ir.qweb"]._render(template, values)

    @api.model_create_multi
    def create(self, vals_list):
        views = super().create(vals_list)
        views._qweb_changed()
        return views

    def write(self, vals):
        self._qweb_changed()
        result = super().write(vals)
        self._qweb_changed()
        return result

    def unlink(self):
        self._qweb_changed()
        return super().unlink()

    def _qweb_changed(self):
        """Templates are cached by ``ir.qweb._load``: drop them when a qweb view changes."""
        if any(view.type == "qweb" for view in self.sudo()):
            self.env.registry.shared_cache_changed(self.env.transaction)


class _Engine(QWeb):
    """The interpreter, bound to an ``ir.qweb`` recordset (its environment and context)."""

    def __init__(self, qweb) -> None:
        super().__init__()
        self.qweb = qweb

    def load(self, ref):
        element, _view_id = self.qweb._load(ref)
        return element, element.get("t-name")

    def has_groups(self, groups):
        return self.qweb.env.user.user_has_groups(groups) if groups else True

    def call(self, ref, values, out, options):
        lang = options.get("lang")
        if lang and lang != self.qweb.env.context.get("lang"):
            engine = _Engine(self.qweb.with_context(lang=lang))
            engine._root_values, engine._nocache = self._root_values, self._nocache
            engine.render_into(ref, values, out)
            return
        self.render_into(ref, values, out)

    def cache_key(self, key):
        """As Odoo: a recordset stands for its model, ids and last ``write_date`` (a record
        written since is rendered anew); any other value for its ``repr``."""
        parts = []
        for item in key if isinstance(key, (tuple, list)) else (key,):
            if isinstance(item, models.BaseModel):
                parts += [item._name, tuple(item.ids)]
                dates = [date for date in item.mapped("write_date") if date] \
                    if "write_date" in item._fields else []
                if dates:
                    parts.append(max(dates).timestamp())
            else:
                parts.append(repr(item))
        return tuple(parts)

    def cached(self, key, compute):
        """Kept for every cursor of the process, per language, until the registry's caches
        are cleared (a qweb view changed, ``registry.clear_cache()``); never with
        ``--dev=xml``, where templates are read anew each time."""
        env = self.qweb.env
        if dev_reads_files(getattr(env.registry, "config", None)) or env.context.get("install_module"):
            return compute()
        return env.registry.cached(env.transaction, ("ir.qweb.t-cache", env.context.get("lang"),
                                                     *key), compute)

    def render_field(self, record, field_name, expression, tag, options, values):
        if not record:
            return {}, None, False
        field = record._fields[field_name]
        options = dict(options, tagName=tag, expression=expression,
                       type=options.get("widget", field.type), inherit_branding=False,
                       translate=False)
        converter = self.qweb._get_field_converter(options["type"])
        content = converter.record_to_html(record, field_name, options)
        attributes = converter.attributes(record, field_name, options, values)
        return attributes, content, False

    def render_widget(self, value, expression, tag, options, values):
        options = dict(options, type=options["widget"], tagName=tag, expression=expression,
                       inherit_branding=False)
        converter = self.qweb._get_field_converter(options["type"])
        content = converter.value_to_html(value, options)
        return ({"data-oe-type": options["type"], "data-oe-expression": expression},
                content, False)


class _ScriptSafeJSON:
    """``json`` in templates: ``dumps`` output safe inside a ``<script>`` element."""

    @staticmethod
    def dumps(value, *args, **kwargs):
        text = json.dumps(value, *args, **kwargs)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    loads = staticmethod(json.loads)


_JSON = _ScriptSafeJSON()


def keep_query(*keep_params, **additional_params):
    """The current query string keeping ``keep_params`` (fnmatch patterns) plus additions."""
    import fnmatch
    if not keep_params and not additional_params:
        keep_params = ("*",)
    params = dict(additional_params)
    args = request.httprequest.args if request else {}
    for pattern in keep_params:
        for name in fnmatch.filter(list(args), pattern):
            if name not in additional_params:
                params[name] = args.getlist(name)
    return urlencode(params, doseq=True)
