"""``ir.attachment``: files (or URLs) linked to any record, and the storage of Binary fields.

The content lives in the file store by default (``<data_dir>/filestore/<db>/<sha[:2]>/<sha>``,
one file per distinct content) or in the ``db_datas`` column when the system parameter
``ir_attachment.location`` is ``db``. A file is never removed when its row goes: its name is
put on a checklist, and the garbage collector (``_gc_file_store``, an autovacuum method)
removes the listed files no row refers to any more, once the transactions that might still
refer to them are over. A rolled-back creation thus leaves at most a file, which the next
collection removes.

Access follows the linked record (``res_model``/``res_id``): reading an attachment needs read
access to it, changing one needs write access. An attachment linked to nothing is its
creator's (and the administrators'); a public one is readable by everyone.
"""
import base64
import binascii
import contextlib
import hashlib
import logging
import mimetypes
import os
import re
import uuid
from collections import defaultdict

import psycopg

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import config, human_size
from odoo.tools.image import image_process, image_size
from odoo.tools.mimetypes import guess_mimetype

_logger = logging.getLogger(__name__)

#: the columns ``check`` reads to decide on an attachment
SECURITY_FIELDS = ("res_model", "res_id", "create_uid", "public", "res_field")
DENIED = "Sorry, you are not allowed to access this document."


class IrAttachment(models.Model):
    _name = "ir.attachment"
    _description = "Attachment"
    _order = "id desc"

    name = fields.Char("Name", required=True)
    description = fields.Text("Description")
    res_name = fields.Char("Resource Name", compute="_compute_res_name")
    res_model = fields.Char("Resource Model", readonly=True)
    res_field = fields.Char("Resource Field", readonly=True)
    res_id = fields.Many2oneReference("Resource ID", model_field="res_model", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", change_default=True,
                                 default=lambda self: self.env.company)
    type = fields.Selection([("url", "URL"), ("binary", "File")], string="Type", required=True,
                            default="binary", change_default=True,
                            help="You can either upload a file from your computer or copy/paste "
                                 "an internet link to your file.")
    url = fields.Char("Url", index="btree_not_null", size=1024)
    public = fields.Boolean("Is public document")
    access_token = fields.Char("Access Token", groups="base.group_user")
    raw = fields.Binary(string="File Content (raw)", compute="_compute_raw", inverse="_inverse_raw")
    datas = fields.Binary(string="File Content (base64)", compute="_compute_datas",
                          inverse="_inverse_datas")
    db_datas = fields.Binary("Database Data", attachment=False)
    store_fname = fields.Char("Stored Filename", index=True)
    file_size = fields.Integer("File Size", readonly=True)
    checksum = fields.Char("Checksum/SHA1", size=40, readonly=True)
    mimetype = fields.Char("Mime Type", readonly=True)
    index_content = fields.Text("Indexed Content", readonly=True, prefetch=False)

    def init(self):
        self.env.cr.execute("CREATE INDEX IF NOT EXISTS ir_attachment_res_idx "
                            "ON ir_attachment (res_model, res_id)")

    # -- computed fields -----------------------------------------------------------------------

    def _compute_res_name(self):
        for attachment in self:
            if attachment.res_model and attachment.res_id and attachment.res_model in self.env:
                record = self.env[attachment.res_model].browse(attachment.res_id)
                attachment.res_name = record.display_name
            else:
                attachment.res_name = False

    @api.depends("store_fname", "db_datas")
    def _compute_raw(self):
        for attachment in self:
            if attachment.store_fname:
                attachment.raw = attachment._file_read(attachment.store_fname)
            else:
                attachment.raw = attachment.db_datas

    @api.depends("store_fname", "db_datas", "file_size")
    @api.depends_context("bin_size")
    def _compute_datas(self):
        if self.env.context.get("bin_size"):
            for attachment in self:
                attachment.datas = human_size(attachment.file_size)
            return
        for attachment in self:
            attachment.datas = base64.b64encode(attachment.raw or b"")

    def _inverse_raw(self):
        self._set_attachment_data(lambda attachment: attachment.raw or b"")

    def _inverse_datas(self):
        self._set_attachment_data(lambda attachment: base64.b64decode(attachment.datas or b""))

    def _set_attachment_data(self, as_bytes):
        for attachment in self:
            attachment.write({"raw": as_bytes(attachment)})

    # -- storage -------------------------------------------------------------------------------

    @api.model
    def _storage(self):
        return self.env["ir.config_parameter"].sudo().get_param("ir_attachment.location") or "file"

    @api.model
    def _settings(self):
        """The system parameters a create or write of files reads, in one query: the storage
        and the resizing of pictures."""
        self.env.cr.execute("SELECT key, value FROM ir_config_parameter WHERE key IN %s", (
            ("ir_attachment.location", "base.image_autoresize_extensions",
             "base.image_autoresize_max_px", "base.image_autoresize_quality"),))
        return dict(self.env.cr.fetchall())

    @api.model
    def _filestore(self):
        return (self.env.registry.config or config).filestore(self.env.cr.dbname)

    @api.model
    def _full_path(self, path):
        # no way out of the file store: no dots, colons or leading slashes
        path = re.sub(r"[.:]", "", path).strip("/\\")
        return os.path.join(self._filestore(), path)

    @api.model
    def _get_path(self, bin_data, checksum):
        """``(store_fname, full path)`` of ``bin_data``: 256 folders by the first two hex digits."""
        fname = f"{checksum[:2]}/{checksum}"
        full_path = self._full_path(fname)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        if os.path.isfile(full_path) and not self._same_content(bin_data, full_path):
            raise UserError("The attachment collides with an existing file.")
        return fname, full_path

    @api.model
    def _same_content(self, bin_data, path):
        with open(path, "rb") as file:
            return file.read() == bin_data

    @api.model
    def _file_read(self, fname):
        full_path = self._full_path(fname)
        try:
            with open(full_path, "rb") as file:
                return file.read()
        except OSError:
            _logger.info("_file_read reading %s", full_path, exc_info=True)
        return b""

    @api.model
    def _file_write(self, bin_data, checksum):
        fname, full_path = self._get_path(bin_data, checksum)
        if not os.path.exists(full_path):
            # written aside then renamed: a reader never sees half a file
            partial = f"{full_path}.{os.getpid()}.partial"
            with open(partial, "wb") as file:
                file.write(bin_data)
            os.replace(partial, full_path)
            # on the checklist at once: should the transaction roll back, nothing refers to it
            self._mark_for_gc(fname)
        return fname

    @api.model
    def _file_delete(self, fname):
        # only listed: another row may share the file, or the transaction may roll back
        self._mark_for_gc(fname)

    @api.model
    def _mark_for_gc(self, fname):
        """Put ``fname`` on the garbage collector's checklist (an empty file of that name)."""
        fname = re.sub(r"[.:]", "", fname).strip("/\\")
        path = os.path.join(self._full_path("checklist"), fname)
        if not os.path.exists(path):
            with contextlib.suppress(OSError):
                os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "ab").close()

    @api.autovacuum
    def _gc_file_store(self):
        """Remove the files on the checklist that no attachment refers to.

        Runs in a transaction of its own, started here: the lock must be its first statement,
        so that its snapshot sees every attachment committed before it; while it holds, no
        one creates or changes an attachment (and so a file listed now cannot be taken)."""
        if self._storage() != "file":
            return False
        cr = self.env.cr
        cr.commit()
        cr.execute("SET LOCAL lock_timeout TO '10s'")
        try:
            cr.execute("LOCK ir_attachment IN SHARE MODE")
        except psycopg.errors.LockNotAvailable:
            cr.rollback()                  # busy: the next run collects them
            return False
        removed = self._gc_file_store_unsafe()
        cr.commit()
        return removed

    def _gc_file_store_unsafe(self):
        checklist = {}
        root = self._full_path("checklist")
        for dirpath, _dirs, filenames in os.walk(root):
            for filename in filenames:
                checklist[f"{os.path.basename(dirpath)}/{filename}"] = os.path.join(dirpath, filename)
        removed = 0
        names = list(checklist)
        for start in range(0, len(names), 1000):
            chunk = names[start:start + 1000]
            self.env.cr.execute("SELECT store_fname FROM ir_attachment WHERE store_fname IN %s",
                                (tuple(chunk),))
            kept = {row[0] for row in self.env.cr.fetchall()}
            for fname in chunk:
                if fname not in kept:
                    try:
                        os.unlink(self._full_path(fname))
                        removed += 1
                    except OSError:
                        _logger.info("_file_gc could not unlink %s", fname, exc_info=True)
                with contextlib.suppress(OSError):
                    os.unlink(checklist[fname])
        _logger.info("filestore gc %d checked, %d removed", len(checklist), removed)
        return removed

    # -- content values ------------------------------------------------------------------------

    def _compute_checksum(self, bin_data):
        """The SHA-1 of the content, in hex (an empty content has one too)."""
        return hashlib.sha1(bin_data or b"").hexdigest()

    def _get_datas_related_values(self, data, mimetype, settings=None):
        storage = (settings.get("ir_attachment.location") or "file") if settings is not None \
            else self._storage()
        checksum = self._compute_checksum(data)
        values = {
            "file_size": len(data),
            "checksum": checksum,
            "index_content": self._index(data, mimetype),
            "store_fname": False,
            "db_datas": data,
        }
        if data and storage != "db":
            values["store_fname"], _path = self._get_path(data, checksum)
            values["db_datas"] = False
        return values

    def _compute_mimetype(self, values):
        """The given mimetype, else one guessed from the name, the URL, then the content."""
        mimetype = values.get("mimetype") or None
        if not mimetype and values.get("name"):
            mimetype = mimetypes.guess_type(values["name"])[0]
        if not mimetype and values.get("url"):
            mimetype = mimetypes.guess_type(values["url"].split("?")[0])[0]
        if not mimetype or mimetype == "application/octet-stream":
            raw = values.get("raw")
            if not raw and values.get("datas"):
                raw = base64.b64decode(values["datas"])
            if raw:
                mimetype = guess_mimetype(raw)
        return mimetype.lower() if mimetype else "application/octet-stream"

    def _check_contents(self, values, settings=None):
        """Set the mimetype; markup (HTML, XML, SVG) is served as plain text unless the user
        may edit views (who may write views may run scripts anyway)."""
        mimetype = values["mimetype"] = self._compute_mimetype(values)
        xml_like = "ht" in mimetype or (
            "xml" in mimetype and not mimetype.startswith("application/vnd.openxmlformats"))
        if xml_like:
            user = self.env.context.get("binary_field_real_user") or self.env.user
            if self.env.context.get("attachments_mime_plainxml") or not \
                    self.env["ir.ui.view"].with_user(user).check_access_rights("write", False):
                values["mimetype"] = "text/plain"
        if not self.env.context.get("image_no_postprocess"):
            values = self._postprocess_contents(values, settings)
        return values

    def _postprocess_contents(self, values, settings=None):
        """Pictures larger than ``base.image_autoresize_max_px`` (1920x1920; 0 keeps them)
        are made to fit, for the formats of ``base.image_autoresize_extensions``, and
        re-encoded at ``base.image_autoresize_quality``; smaller ones are kept byte for byte,
        as Odoo keeps them."""
        raw = values.get("raw")
        type_, _sep, subtype = values["mimetype"].partition("/")
        if not raw or type_ != "image":
            return values
        params = self._settings() if settings is None else settings
        formats = (params.get("base.image_autoresize_extensions") or "png,jpeg,bmp,tiff").split(",")
        max_px = params.get("base.image_autoresize_max_px") or "1920x1920"
        if subtype not in formats or max_px in ("0", "False", "false"):
            return values
        try:
            width, height = (int(side) for side in max_px.split("x"))
            actual_width, actual_height = image_size(raw)
            if actual_width <= width and actual_height <= height:
                return values
            quality = int(params.get("base.image_autoresize_quality") or 80) if subtype == "jpeg" else 0
            values["raw"] = image_process(raw, size=(width, height), quality=quality)
        except (UserError, OSError, ValueError) as error:
            _logger.info("Post processing ignored: %s", error)
        return values

    def _check_serving_attachments(self):
        """A file with a URL may be served in place of a page: only the groups of
        ``get_serving_groups`` may make one."""
        if self.env.is_admin():
            return
        for attachment in self:
            if attachment.type == "binary" and attachment.url and not any(
                    self.env.user.has_group(group) for group in self.get_serving_groups()):
                raise ValidationError("Sorry, you are not allowed to write on this document")

    @api.model
    def get_serving_groups(self):
        return ["base.group_system"]

    def generate_access_token(self):
        """Each attachment's access token, made when it has none."""
        tokens = []
        for attachment in self:
            if not attachment.sudo().access_token:
                attachment.sudo().write({"access_token": str(uuid.uuid4())})
            tokens.append(attachment.sudo().access_token)
        return tokens

    @api.model
    def _index(self, bin_data, mimetype):
        """Searchable words of a text file (printable runs of 4 characters or more)."""
        if mimetype and mimetype.startswith("text/") and bin_data:
            return "\n".join(w.decode("ascii") for w in re.findall(rb"[\x20-\x7E]{4,}", bin_data))
        return False

    @staticmethod
    def _raw_of(values):
        """The content given in ``values`` (``raw``, ``db_datas`` or base64 ``datas``), as
        bytes; ``datas`` is taken out of ``values``."""
        datas = values.pop("datas", None)
        raw = values.get("raw") or values.get("db_datas")
        if raw:
            return raw.encode() if isinstance(raw, str) else bytes(raw)
        if datas:
            try:
                return base64.b64decode(datas)
            except (binascii.Error, ValueError):
                raise UserError("Attachment is not encoded in base64.") from None
        return b""

    # -- access --------------------------------------------------------------------------------

    @api.model
    def check(self, mode, values=None):
        """Raise AccessError unless the user may ``mode`` (read, write, create, unlink) these
        attachments, and link one to ``values``' ``res_model``/``res_id``."""
        if self.env.su:
            return True
        if not (self.env.is_admin() or self.env.user._is_internal()):
            raise AccessError(DENIED)
        model_ids = defaultdict(set)
        if self:
            self.env.flush_all()
            system = self.env.is_system()      # (a query: not between execute and fetch)
            self.env.cr.execute("SELECT res_model, res_id, create_uid, public, res_field "
                                "FROM ir_attachment WHERE id IN %s", (tuple(self.ids),))
            for res_model, res_id, create_uid, public, res_field in self.env.cr.fetchall():
                if public and mode == "read":
                    continue
                if not system:
                    if not res_id and create_uid != self.env.uid:
                        raise AccessError(DENIED)
                    if res_field and not self._field_accessible(res_model, res_field):
                        raise AccessError(DENIED)
                if res_model and res_id:
                    model_ids[res_model].add(res_id)
        if values and values.get("res_model") and values.get("res_id"):
            model_ids[values["res_model"]].add(values["res_id"])
        access_mode = "write" if mode in ("create", "unlink") else mode
        for res_model, res_ids in model_ids.items():
            if res_model not in self.env:
                continue               # its model is gone: nothing to check against
            if res_model == "res.users" and res_ids == {self.env.uid}:
                continue               # a user may attach to their own user (a signature)
            records = self.env[res_model].browse(list(res_ids)).exists()
            records.check_access_rights(access_mode)
            records.check_access_rule(access_mode)
        return True

    def _field_accessible(self, res_model, res_field):
        field = self.env[res_model]._fields.get(res_field) if res_model in self.env else None
        return field is None or not field.groups or self.env[res_model]._field_visible(field)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # the attachments of binary fields are found only by naming them (res_field or id)
        hide_field_attachments = not any(
            isinstance(leaf, (list, tuple)) and leaf and leaf[0] in ("id", "res_field")
            for leaf in domain)
        if hide_field_attachments:
            domain = [("res_field", "=", False)] + list(domain)
        query = super()._search(domain, offset, limit, order, **kwargs)
        if self.env.su:
            return query
        # the user sees what the linked records let them read; one query for the rows, one
        # search per linked model
        self.env.cr.execute(query.select(*(f"{query.alias}.{name}" for name in (
            "id", "res_model", "res_id", "res_field", "public", "create_uid"))))
        rows = self.env.cr.fetchall()
        system = self.env.is_system()
        allowed, by_model = set(), defaultdict(lambda: defaultdict(set))
        for att_id, res_model, res_id, res_field, public, create_uid in rows:
            if public:
                allowed.add(att_id)
                continue
            if res_field and not system and not self._field_accessible(res_model, res_field):
                continue
            if not res_id:
                if system or create_uid == self.env.uid:
                    allowed.add(att_id)
                continue
            if res_model:
                by_model[res_model][res_id].add(att_id)
        for res_model, targets in by_model.items():
            if res_model not in self.env:
                allowed.update(i for ids in targets.values() for i in ids)
                continue
            comodel = self.env[res_model].with_context(active_test=False)
            if not comodel.check_access_rights("read", False):
                continue
            for res_id in comodel.search([("id", "in", list(targets))])._ids:
                allowed.update(targets[res_id])
        ids = [row[0] for row in rows if row[0] in allowed]
        if limit and len(rows) == limit and len(ids) < limit:
            # a full page had hidden rows: fill it from the next ones
            more = self._search(domain, offset + len(rows), limit, order, **kwargs)
            ids.extend(list(more)[:limit - len(ids)])
        return self._query_of(ids, query)

    def _query_of(self, ids, query):
        """A query known to return ``ids`` in that order (the filtered result of ``query``)."""
        result = type(query)(self.env, self._table)
        if ids:
            result.add_where(f'"{self._table}".id IN %s', tuple(ids))
            result.order = query.order if not query.joins else None
        else:
            result.add_where("FALSE")
        result.set_result_ids(ids)
        return result

    def read(self, fields=None, load="_classic_read"):
        self.check("read")
        return super().read(fields, load=load)

    # -- create, write, copy, unlink ---------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        checksum_raw = {}
        targets = set()
        prepared = []
        settings = self._settings()
        for vals in vals_list:
            values = {k: v for k, v in vals.items() if k not in ("file_size", "checksum", "store_fname")}
            raw = self._raw_of(values)
            values["raw"] = raw
            values = self._check_contents(values, settings)
            raw = values.pop("raw")
            if raw:
                values.update(self._get_datas_related_values(raw, values["mimetype"], settings))
                checksum_raw[values["checksum"]] = raw
            else:
                values.pop("db_datas", None)
            targets.add((values.get("res_model"), values.get("res_id")))
            prepared.append(values)
        for res_model, res_id in targets:
            self.browse().check("write", values={"res_model": res_model, "res_id": res_id})
        records = super().create(prepared)
        if checksum_raw and (settings.get("ir_attachment.location") or "file") != "db":
            for checksum, raw in checksum_raw.items():
                self._file_write(raw, checksum)
        if any(values.get("url") for values in prepared):
            records._check_serving_attachments()
        return records

    def write(self, vals):
        self.check("write", values=vals)
        vals = {k: v for k, v in vals.items() if k not in ("file_size", "checksum", "store_fname")}
        old_fnames, new_file = [], None
        if "datas" in vals or "raw" in vals or "mimetype" in vals:
            content_given = "datas" in vals or "raw" in vals
            raw = self._raw_of(vals)
            vals.pop("raw", None)
            if content_given:
                vals["raw"] = raw
            settings = self._settings()
            vals = self._check_contents(vals, settings)
            if content_given:
                raw = vals.pop("raw")
                vals.update(self._get_datas_related_values(raw, vals["mimetype"], settings))
                old_fnames = [a.store_fname for a in self.sudo() if a.store_fname]
                if raw and vals.get("store_fname"):
                    new_file = (raw, vals["checksum"])
        result = super().write(vals)
        for fname in old_fnames:
            self._file_delete(fname)
        if new_file:
            self._file_write(*new_file)
        if "url" in vals or "type" in vals:
            self._check_serving_attachments()
        return result

    def copy_data(self, default=None):
        default = dict(default or {})
        vals_list = super().copy_data(default)
        if not default.keys() & {"datas", "db_datas", "raw"}:
            for attachment, vals in zip(self, vals_list):
                vals["raw"] = attachment.raw
        return vals_list

    def unlink(self):
        if not self:
            return True
        self.check("unlink")
        # the rows go first, then the files are listed for collection (which keeps any file
        # another row still refers to)
        fnames = {a.store_fname for a in self.sudo() if a.store_fname}
        result = super().unlink()
        for fname in fnames:
            self._file_delete(fname)
        return result
