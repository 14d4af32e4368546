"""``ir.qweb.field.*``: how ``t-field`` and ``t-options-widget`` write a value in HTML.

One abstract model per widget, as in Odoo, so addons can inherit one. ``record_to_html``
reads the field of a record, ``value_to_html`` formats a value; both return Markup.
Numbers and dates follow the language of the context (``res.lang``), datetimes the
user's time zone.
"""
import base64
import datetime

import babel
import babel.dates
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import float_utils, format_date
from odoo.tools.mail import safe_attrs

TIMEDELTA_UNITS = (("year", 3600 * 24 * 365), ("month", 3600 * 24 * 30),
                   ("week", 3600 * 24 * 7), ("day", 3600 * 24), ("hour", 3600),
                   ("minute", 60), ("second", 1))
_NON_BREAKING_HYPHEN = "\u2011"


def nl2br(text) -> Markup:
    """Escaped ``text`` with its newlines as ``<br>``."""
    return Markup("<br>\n").join(escape(str(text)).split("\n"))


def _escape(value, options) -> Markup:
    if options and options.get("html-escape") is False:
        return Markup(value)
    return escape(value)


class FieldConverter(models.AbstractModel):
    _name = "ir.qweb.field"
    _description = "Qweb Field"

    @api.model
    def attributes(self, record, field_name, options, values=None):
        """``data-oe-*`` attributes: only when editing (branding), never here."""
        if not options.get("inherit_branding") and not options.get("translate"):
            return {}
        field = record._fields[field_name]
        data = {"data-oe-model": record._name, "data-oe-id": record.id,
                "data-oe-field": field.name, "data-oe-type": options.get("type"),
                "data-oe-expression": options.get("expression")}
        if field.readonly:
            data["data-oe-readonly"] = 1
        return data

    @api.model
    def value_to_html(self, value, options):
        return _escape(str(value), options)

    @api.model
    def record_to_html(self, record, field_name, options):
        if not record:
            return False
        value = record[field_name]
        return False if value is False else record.env[self._name].value_to_html(value, options)

    @api.model
    def user_lang(self):
        lang = self.env["res.lang"]._lang_get(self.env.context.get("lang") or "en_US")
        return lang or self.env["res.lang"]._lang_get("en_US")

    def _format_number(self, value, digits=None, grouping=True):
        """``value`` with the language's separators (``digits`` None: as few as needed)."""
        lang = self.user_lang()
        text = f"{value:.{digits}f}" if digits is not None else f"{value:f}"
        integer, _, decimals = text.partition(".")
        if digits is None:
            decimals = decimals.rstrip("0") or "0"
        if grouping and lang.thousands_sep:
            sign, integer = ("-", integer[1:]) if integer.startswith("-") else ("", integer)
            groups = []
            while len(integer) > 3:
                groups.insert(0, integer[-3:])
                integer = integer[:-3]
            integer = sign + lang.thousands_sep.join([integer] + groups)
        result = integer + ((lang.decimal_point or ".") + decimals if decimals else "")
        return result.replace("-", _NON_BREAKING_HYPHEN)


class IntegerConverter(models.AbstractModel):
    _name = "ir.qweb.field.integer"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Integer"

    @api.model
    def value_to_html(self, value, options):
        return escape(self._format_number(int(value), digits=0))


class FloatConverter(models.AbstractModel):
    _name = "ir.qweb.field.float"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Float"

    @api.model
    def value_to_html(self, value, options):
        if "decimal_precision" in options:
            precision = self.env["decimal.precision"].precision_get(options["decimal_precision"])
        else:
            precision = options.get("precision")
        if precision is not None:
            value = float_utils.float_round(value, precision_digits=precision)
        return escape(self._format_number(float(value), digits=precision))

    @api.model
    def record_to_html(self, record, field_name, options):
        if "precision" not in options and "decimal_precision" not in options:
            digits = record._fields[field_name].get_digits(record.env) \
                if hasattr(record._fields[field_name], "get_digits") else None
            options = dict(options, precision=digits[1] if digits else None)
        return super().record_to_html(record, field_name, options)


class MonetaryConverter(models.AbstractModel):
    _name = "ir.qweb.field.monetary"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Monetary"

    @api.model
    def value_to_html(self, value, options):
        currency = options.get("display_currency")
        if not currency:
            return escape(self._format_number(float(value or 0), digits=2))
        if options.get("from_currency"):
            value = options["from_currency"]._convert(value, currency, self.env.company,
                                                      fields.Date.today())
        amount = self._format_number(currency.round(value), digits=currency.decimal_places)
        symbol = currency.symbol or ""
        if currency.position == "before":
            pre, post = f"{symbol}\N{NO-BREAK SPACE}", ""
        else:
            pre, post = "", f"\N{NO-BREAK SPACE}{symbol}"
        return Markup('{}<span class="oe_currency_value">{}</span>{}').format(pre, amount, post)

    @api.model
    def record_to_html(self, record, field_name, options):
        options = dict(options)
        field = record._fields[field_name]
        if not options.get("display_currency") and field.type == "monetary":
            currency_field = field.get_currency_field(record) \
                if hasattr(field, "get_currency_field") else getattr(field, "currency_field", None)
            if currency_field and currency_field in record._fields:
                options["display_currency"] = record[currency_field]
        return super().record_to_html(record, field_name, options)


class DateConverter(models.AbstractModel):
    _name = "ir.qweb.field.date"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Date"

    @api.model
    def value_to_html(self, value, options):
        return escape(format_date(self.env, value, date_format=(options or {}).get("format")))


class DateTimeConverter(models.AbstractModel):
    _name = "ir.qweb.field.datetime"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Datetime"

    @api.model
    def value_to_html(self, value, options):
        if not value:
            return ""
        if isinstance(value, str):
            value = fields.Datetime.from_string(value)
        options = options or {}
        lang = self.user_lang()
        tz = options.get("tz_name") or self._user_tz()
        local = fields.Datetime.context_timestamp(self.with_context(tz=tz), value)
        if options.get("format"):
            pattern = options["format"]
            if options.get("hide_seconds"):
                pattern = pattern.replace(":ss", "").replace(":s", "")
            return escape(babel.dates.format_datetime(local, format=pattern,
                                                      locale=lang.code or "en_US"))
        time_format = lang.time_format or "%H:%M:%S"
        if options.get("hide_seconds"):
            time_format = time_format.replace(":%S", "")
        pattern = time_format if options.get("time_only") else \
            f"{lang.date_format or '%m/%d/%Y'} {time_format}"
        if options.get("date_only"):
            pattern = lang.date_format or "%m/%d/%Y"
        return escape(local.strftime(pattern))

    def _user_tz(self):
        return self.env.context.get("tz") or self.env.user.tz or "UTC"


class TextConverter(models.AbstractModel):
    _name = "ir.qweb.field.text"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Text"

    @api.model
    def value_to_html(self, value, options):
        return nl2br(value) if value else ""


class SelectionConverter(models.AbstractModel):
    _name = "ir.qweb.field.selection"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Selection"

    @api.model
    def value_to_html(self, value, options):
        if not value:
            return ""
        return _escape(str(options["selection"].get(value) or ""), options)

    @api.model
    def record_to_html(self, record, field_name, options):
        if "selection" not in options:
            description = record._fields[field_name].get_description(record.env)
            options = dict(options, selection=dict(description.get("selection") or []))
        return super().record_to_html(record, field_name, options)


class ManyToOneConverter(models.AbstractModel):
    _name = "ir.qweb.field.many2one"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Many to One"

    @api.model
    def value_to_html(self, value, options):
        if not value:
            return False
        name = value.sudo().display_name
        return nl2br(name) if name else False


class ManyToManyConverter(models.AbstractModel):
    _name = "ir.qweb.field.many2many"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Many to Many"

    @api.model
    def value_to_html(self, value, options):
        if not value:
            return False
        return nl2br(", ".join(value.sudo().mapped("display_name")))


class HTMLConverter(models.AbstractModel):
    _name = "ir.qweb.field.html"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field HTML"

    @api.model
    def value_to_html(self, value, options):
        return Markup(value or "")


class ImageConverter(models.AbstractModel):
    _name = "ir.qweb.field.image"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Image"

    @api.model
    def value_to_html(self, value, options):
        if not value:
            return False
        data = value if isinstance(value, bytes) else value.encode()
        mimetype = _image_mimetype(base64.b64decode(data[:64] + b"=" * (-len(data[:64]) % 4)))
        if mimetype is None:
            raise ValueError("Non-image binary fields can not be converted to HTML")
        return Markup('<img src="data:{};base64,{}">').format(mimetype, data.decode("ascii"))


class BinaryConverter(models.AbstractModel):
    _name = "ir.qweb.field.binary"
    _inherit = "ir.qweb.field.image"
    _description = "Qweb Field Binary"


class BarcodeConverter(models.AbstractModel):
    """``t-options="{'widget': 'barcode', 'symbology': 'EAN13', 'width': 300}"``: the value
    as an ``<img>`` of its barcode, inline (a data URI: the PDF needs no request for it).
    ``img_<attribute>`` options set safe attributes of the image (``img_style``...)."""
    _name = "ir.qweb.field.barcode"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Barcode"

    @api.model
    def value_to_html(self, value, options):
        if not value:
            return ""
        image = self.env["ir.actions.report"].barcode(
            options.get("symbology", "Code128"), value,
            **{key: options[key] for key in ("width", "height", "humanreadable", "quiet", "mask")
               if key in options})
        attributes = {key[4:]: option for key, option in options.items()
                      if key.startswith("img_") and key[4:] in safe_attrs}
        attributes.setdefault("alt", f"Barcode {value}")
        attributes["src"] = f"data:image/png;base64,{base64.b64encode(image).decode()}"
        return Markup("<img{}>").format(Markup("").join(
            Markup(' {}="{}"').format(key, option) for key, option in attributes.items()))


class FloatTimeConverter(models.AbstractModel):
    _name = "ir.qweb.field.float_time"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Float Time"

    @api.model
    def value_to_html(self, value, options):
        hours, minutes = divmod(round(abs(value) * 60), 60)
        return escape(f"{'-' if value < 0 else ''}{hours:02d}:{minutes:02d}")


class DurationConverter(models.AbstractModel):
    _name = "ir.qweb.field.duration"
    _inherit = "ir.qweb.field"
    _description = "Qweb Field Duration"

    @api.model
    def value_to_html(self, value, options):
        units = dict(TIMEDELTA_UNITS)
        if value < 0:
            raise ValueError("Durations can't be negative")
        if not options or options.get("unit") not in units:
            raise ValueError("A unit must be provided to duration widgets")
        locale = babel.Locale.parse(self.user_lang().code or "en_US")
        remaining = value * units[options["unit"]]
        if options.get("round") in units:
            step = units[options["round"]]
            remaining = round(remaining / step) * step
        sections = []
        for _unit, seconds in TIMEDELTA_UNITS:
            count, remaining = divmod(remaining, seconds)
            if count:
                sections.append(babel.dates.format_timedelta(
                    datetime.timedelta(seconds=count * seconds), threshold=1, locale=locale))
        return escape(" ".join(sections))


class ContactConverter(models.AbstractModel):
    """A partner as a block: name, address lines, phone, mobile, email (``options['fields']``)."""

    _name = "ir.qweb.field.contact"
    _inherit = "ir.qweb.field.many2one"
    _description = "Qweb Field Contact"

    @api.model
    def value_to_html(self, value, options):
        if not value:
            return ""
        partner = value.sudo().with_context(show_address=True)
        wanted = options.get("fields") or ["name", "address", "phone", "mobile", "email"]
        lines = []
        if "name" in wanted:
            name = (partner.commercial_company_name or partner.name) if options.get("no_tag_br") \
                else partner.name or partner.display_name
            lines.append(Markup('<span itemprop="name">{}</span>').format(name or ""))
        if "address" in wanted:
            address = "\n".join(line for line in partner._display_address(without_company=True)
                                .split("\n") if line.strip())
            if address:
                lines.append(Markup('<span itemprop="address">{}</span>').format(nl2br(address)))
        for name in ("phone", "mobile", "email", "website", "vat"):
            if name in wanted and name in partner._fields and partner[name]:
                lines.append(Markup('<span itemprop="{}">{}</span>').format(name, partner[name]))
        separator = Markup(" ") if options.get("no_tag_br") else Markup("<br/>")
        return Markup('<address class="o_portal_address mb-0">{}</address>').format(
            separator.join(lines))


def _image_mimetype(head: bytes):
    signatures = ((b"\x89PNG", "image/png"), (b"\xff\xd8", "image/jpeg"), (b"GIF8", "image/gif"),
                  (b"<svg", "image/svg+xml"), (b"<?xml", "image/svg+xml"), (b"RIFF", "image/webp"),
                  (b"BM", "image/bmp"))
    return next((mimetype for magic, mimetype in signatures if head.startswith(magic)), None)

