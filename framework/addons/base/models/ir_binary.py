"""``ir.binary``: find the record a /web/content or /web/image URL names, check that the user
may read it, and give the file it holds (Odoo 17's model of that name, reduced to what the
routes of ``web`` need).

A refusal (no such record, no right to read it, no file) is a ``UserError`` (AccessError
and MissingError are ones): the routes answer 404 for it, or the placeholder for an image.
"""
import base64
import hmac
import mimetypes

from odoo import api, models
from odoo.exceptions import AccessError, MissingError
from odoo.tools.mimetypes import guess_mimetype


class IrBinary(models.AbstractModel):
    _name = "ir.binary"
    _description = "File streaming helper model for controllers"

    @api.model
    def _find_record(self, xmlid=None, res_model="ir.attachment", res_id=None, access_token=None):
        """The record of ``xmlid``, or ``res_model``/``res_id``, if the user may read it."""
        record = None
        if xmlid:
            record = self.env.ref(xmlid, raise_if_not_found=False)
        elif res_id is not None and res_model in self.env:
            record = self.env[res_model].browse(res_id).exists()
        if not record:
            raise MissingError(f"No record found for xmlid={xmlid}, res_model={res_model}, "
                               f"id={res_id}")
        return self._find_record_check_access(record, access_token)

    def _find_record_check_access(self, record, access_token):
        if record._name == "ir.attachment":
            return self._attachment_access(record, access_token)
        record.check_access_rights("read")
        record.check_access_rule("read")
        return record

    def _attachment_access(self, attachment, access_token):
        """As Odoo's ``validate_access``: a right token or a public file opens it to anyone;
        otherwise the attachment's own rules apply."""
        attachment_sudo = attachment.sudo()
        if access_token:
            if not hmac.compare_digest(attachment_sudo.access_token or "", access_token):
                raise AccessError("Invalid access token")
            return attachment_sudo
        if attachment_sudo.public:
            return attachment_sudo
        attachment.check("read")
        return attachment

    def _record_content(self, record, field_name="raw", filename=None, filename_field="name",
                        mimetype=None):
        """``{content, mimetype, name, etag, url}`` of ``record``'s file ``field_name``
        (raises MissingError when there is none)."""
        record.ensure_one()
        if field_name not in record._fields:
            raise MissingError(f"{record._name} has no field {field_name!r}")
        if record._fields[field_name].type != "binary":
            raise MissingError(f"{record._name}.{field_name} is not a file")
        record.check_field_access_rights("read", [field_name])
        if record._name == "ir.attachment" and field_name in ("raw", "datas", "db_datas"):
            attachment = record.sudo()
            if attachment.type == "url":
                return {"url": attachment.url}
            content, etag = attachment.raw or b"", attachment.checksum
            mimetype = mimetype or attachment.mimetype
            name = filename or attachment.name
        else:
            value = record[field_name]
            if not value:
                raise MissingError(f"{record._name}({record.id}).{field_name} holds no file")
            content = base64.b64decode(value)
            etag = None
            attachment = self.env["ir.attachment"].sudo().search([
                ("res_model", "=", record._name), ("res_id", "=", record.id),
                ("res_field", "=", field_name)], limit=1) if record._fields[field_name].attachment \
                else None
            if attachment:
                etag = attachment.checksum
                mimetype = mimetype or attachment.mimetype
            name = filename or (filename_field in record._fields and record[filename_field]) or \
                f"{record._name}-{record.id}-{field_name}"
            if not mimetype or mimetype == "application/octet-stream":
                mimetype = mimetypes.guess_type(str(name))[0] or guess_mimetype(content)
        return {"content": content, "mimetype": mimetype or "application/octet-stream",
                "name": str(name), "etag": etag}
