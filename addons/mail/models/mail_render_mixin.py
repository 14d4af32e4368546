"""``mail.render.mixin``: render a model's text fields on documents (mail templates).

A field is rendered by the engine its definition names (``render_engine=``, default
``inline_template``):

* ``inline_template``: text with ``{{ expression }}`` holes (``odoo.tools.rendering_tools``),
  each evaluated by ``safe_eval`` with ``object`` (the document), ``user``, ``ctx`` and the
  formatting helpers of ``_render_eval_context``;
* ``qweb``: an HTML fragment rendered by ``ir.qweb`` with the same names (``t-out``...);
* ``qweb_view``: the ``ir.ui.view`` whose external id the field holds.

A template that fails raises a ``UserError`` naming the text and the error, not a
traceback.
"""
import copy
import logging
import re
from urllib.parse import urljoin

from lxml import html as lxml_html
from markupsafe import Markup

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty
from odoo.tools.rendering_tools import parse_inline_template, render_inline_template, template_env_globals

_logger = logging.getLogger(__name__)

ENGINES = ("inline_template", "qweb", "qweb_view")
#: href/src of links and images that start at the site root ("/web/image/...")
_LOCAL_LINK = re.compile(r"""(<(?:img|a)(?=\s)[^>]*\s(?:src|href)=")(/[^/][^"]*)""")


class MailRenderMixin(models.AbstractModel):
    _name = "mail.render.mixin"
    _description = "Mail Render Mixin"

    #: True: the model's templates are trusted (mail.template); False: rendering dynamic
    #: text needs the template editor group or an administrator
    _unrestricted_rendering = False

    lang = fields.Char(
        "Language",
        help="Optional translation language (ISO code) to select when sending out an email, "
             "usually a placeholder such as {{ object.partner_id.lang }}.")
    render_model = fields.Char("Rendering Model", compute="_compute_render_model", store=False)

    def _compute_render_model(self):
        """The model the templates render on: none here, the inheriting model says."""
        self.render_model = False

    def _valid_field_parameter(self, field, name):
        return name in ("render_engine", "render_options") or super()._valid_field_parameter(field, name)

    # -- helpers ------------------------------------------------------------------------------

    def _replace_local_links(self, html, base_url=None):
        """Root-relative links and images made absolute (``web.base.url``): an e-mail is
        read outside the site."""
        if not html:
            return html
        wrapper = Markup if isinstance(html, Markup) else str
        base = base_url or self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        if not base:
            return html
        return wrapper(_LOCAL_LINK.sub(lambda match: match.group(1) + urljoin(base, match.group(2)),
                                       str(html)))

    @api.model
    def _render_encapsulate(self, layout_xmlid, html, add_context=None, context_record=None):
        """``html`` inside the notification layout ``layout_xmlid`` (a QWeb view); unchanged,
        with a warning, when the layout does not exist."""
        if not self.env.ref(layout_xmlid, raise_if_not_found=False):
            _logger.warning("QWeb template %s not found when rendering encapsulation template.",
                            layout_xmlid)
            return html
        values = {
            "body": html,
            "record_name": context_record.display_name if context_record else "",
            "model_description": self.env["ir.model"]._get(context_record._name).display_name
            if context_record else False,
            "company": context_record["company_id"]
            if context_record and "company_id" in context_record else self.env.company,
            "record": context_record,
            **(add_context or {}),
        }
        rendered = self.env["ir.qweb"].with_context(minimal_qcontext=True)._render(layout_xmlid, values)
        return self._replace_local_links(rendered)

    # -- rendering ----------------------------------------------------------------------------

    @api.model
    def _render_eval_context(self):
        """The names every engine gives a template, besides ``object``."""
        env = self.env
        context = {
            "format_date": lambda date, date_format=False, lang_code=False:
                _formatted(tools.format_date, env, date, lang_code=lang_code or None,
                           date_format=date_format or None),
            "format_datetime": lambda dt, tz=False, dt_format=False, lang_code=False:
                _formatted(tools.format_datetime, env, dt, tz=tz or None,
                           dt_format=dt_format or "medium", lang_code=lang_code or None),
            "format_amount": lambda amount, currency, lang_code=False:
                tools.format_amount(env, amount, currency, lang_code or None),
            "format_duration": tools.format_duration,
            "user": env.user,
            "ctx": env.context,
            "is_html_empty": is_html_empty,
        }
        context.update(copy.copy(template_env_globals))
        return context

    def _check_render_access(self, is_dynamic):
        if (is_dynamic and not self._unrestricted_rendering and not self.env.is_admin()
                and not self.env.user.has_group("mail.group_mail_template_editor")):
            group = self.env.ref("mail.group_mail_template_editor", raise_if_not_found=False)
            raise AccessError(_("Only users belonging to the \"%s\" group can modify dynamic "
                                "templates.", group.name if group else "Mail Template Editor"))

    @api.model
    def _render_template_inline_template(self, template_txt, model, res_ids, add_context=None,
                                         options=None):
        """``{res_id: text}`` of ``template_txt``'s ``{{ }}`` holes evaluated per record."""
        if any(res_id is None for res_id in res_ids):
            raise ValueError(_("Template rendering should be called on a valid record IDs."))
        results = dict.fromkeys(res_ids, "")
        if not template_txt:
            return results
        instructions = parse_inline_template(str(template_txt))
        is_dynamic = len(instructions) > 1 or bool(instructions[0][1])
        self._check_render_access(is_dynamic)
        if not is_dynamic:
            return dict.fromkeys(res_ids, instructions[0][0])
        variables = {**self._render_eval_context(), **(add_context or {})}
        for record in self.env[model].browse(res_ids):
            variables["object"] = record
            try:
                results[record.id] = render_inline_template(instructions, variables)
            except Exception as exc:
                _logger.info("Failed to render inline_template: \n%s", template_txt, exc_info=True)
                raise UserError(_render_error(template_txt, record, exc)) from exc
        return results

    @api.model
    def _render_template_qweb(self, template_src, model, res_ids, add_context=None, options=None):
        """``{res_id: Markup}`` of the QWeb fragment ``template_src`` rendered per record."""
        results = dict.fromkeys(res_ids, "")
        if not template_src:
            return results
        self._check_render_access(True)
        variables = {**self._render_eval_context(), **(add_context or {})}
        qweb = self.env["ir.qweb"]
        for record in self.env[model].browse(res_ids):
            variables["object"] = record
            try:
                # several top nodes: wrapped in one <div>, taken off again below
                node = lxml_html.fragment_fromstring(str(template_src), create_parent="div")
                rendered = qweb._render(node, variables)
            except Exception as exc:
                _logger.info("Failed to render template : %s", template_src, exc_info=True)
                raise UserError(_render_error(template_src, record, exc)) from exc
            results[record.id] = Markup(str(rendered)[len("<div>"):-len("</div>")])
        return results

    @api.model
    def _render_template_qweb_view(self, template_src, model, res_ids, add_context=None,
                                   options=None):
        """``{res_id: Markup}`` of the QWeb view whose external id is ``template_src``."""
        if any(res_id is None for res_id in res_ids):
            raise ValueError(_("Template rendering should be called on a valid record IDs."))
        results = dict.fromkeys(res_ids, "")
        view = self.env.ref(template_src, raise_if_not_found=False)
        if not view:
            return results
        variables = {**self._render_eval_context(), **(add_context or {})}
        qweb = self.env["ir.qweb"].with_context(minimal_qcontext=True)
        for record in self.env[model].browse(res_ids):
            variables["object"] = record
            try:
                results[record.id] = qweb._render(view.id, variables)
            except Exception as exc:
                _logger.info("Failed to render template : %s (%d)", template_src, view.id,
                             exc_info=True)
                raise UserError(_("Failed to render template : %(xml_id)s (%(view_id)d): "
                                  "%(error)s", xml_id=template_src, view_id=view.id,
                                  error=exc)) from exc
        return results

    @api.model
    def _render_template_postprocess(self, rendered):
        """Local links of each rendered HTML made absolute."""
        return {res_id: self._replace_local_links(html) for res_id, html in rendered.items()}

    @api.model
    def _render_template(self, template_src, model, res_ids, engine="inline_template",
                         add_context=None, options=None, post_process=False):
        """``{res_id: rendered}`` of ``template_src`` on the records ``model``/``res_ids``."""
        if not isinstance(res_ids, (list, tuple)):
            raise ValueError(_("Template rendering should be called only using on a list of IDs."))
        if engine not in ENGINES:
            raise ValueError(_("Template rendering supports only inline_template, qweb, or "
                               "qweb_view (view or raw)."))
        render = getattr(self, f"_render_template_{engine}")
        rendered = render(template_src, model, res_ids, add_context=add_context, options=options)
        return self._render_template_postprocess(rendered) if post_process else rendered

    def _render_lang(self, res_ids, engine="inline_template"):
        """``{res_id: lang code}`` rendered from ``lang`` (e.g. ``{{ object.partner_id.lang }}``)."""
        self.ensure_one()
        if not isinstance(res_ids, (list, tuple)):
            raise ValueError(_("Template rendering for language should be called with a list "
                               "of IDs."))
        return self._render_template(self.lang, self.render_model, res_ids, engine=engine)

    def _classify_per_lang(self, res_ids, engine="inline_template"):
        """``{lang: (self in that language, res_ids)}``: one rendering per language."""
        self.ensure_one()
        if self.env.context.get("template_preview_lang"):
            by_lang = {self.env.context["template_preview_lang"]: list(res_ids)}
        else:
            by_lang = {}
            for res_id, lang in self._render_lang(list(res_ids), engine=engine).items():
                by_lang.setdefault(lang, []).append(res_id)
        return {lang: (self.with_context(lang=lang) if lang else self, ids)
                for lang, ids in by_lang.items()}

    def _render_field(self, field, res_ids, engine="inline_template", compute_lang=False,
                      set_lang=False, add_context=None, options=None, post_process=False):
        """``{res_id: rendered}`` of this template's ``field`` on each record of
        ``render_model``; ``compute_lang`` renders each in the language ``lang`` gives,
        ``set_lang`` in that one."""
        self.ensure_one()
        options = dict(options or {})
        if compute_lang:
            per_lang = self._classify_per_lang(res_ids)
        elif set_lang:
            per_lang = {set_lang: (self.with_context(lang=set_lang), list(res_ids))}
        else:
            per_lang = {self.env.context.get("lang"): (self, list(res_ids))}
        definition = self._fields[field]
        engine = getattr(definition, "render_engine", None) or engine
        options.update(getattr(definition, "render_options", None) or {})
        post_process = options.get("post_process") or post_process
        results = {}
        for template, ids in per_lang.values():
            results.update(template._render_template(
                template[field], template.render_model, ids, engine=engine,
                add_context=add_context, options=options, post_process=post_process))
        return results


def _formatted(formatter, env, value, **kwargs):
    """A formatting helper that leaves the value as it is for an unknown language."""
    try:
        return formatter(env, value, **kwargs)
    except (ValueError, LookupError):
        return value


def _render_error(template, record, exc) -> str:
    return _("Failed to render the template %(template)r on %(record)s: %(error)s. Fix the "
             "expression in the template (only the names object, user, ctx and the format_* "
             "helpers are available).", template=str(template)[:200], record=record,
             error=f"{type(exc).__name__}: {exc}")
