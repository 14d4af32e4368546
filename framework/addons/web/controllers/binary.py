"""Files over HTTP: asset bundles (/web/assets), attachments and binary fields
(/web/content, /web/image)."""
import functools
import io
from urllib.parse import quote

from PIL import Image

from odoo import http
from odoo.exceptions import UserError
from odoo.http import assets, request
from odoo.tools.image import image_process

IMMUTABLE = "public, max-age=31536000, immutable"

CONTENT_ROUTES = [
    "/web/content",
    "/web/content/<string:xmlid>",
    "/web/content/<string:xmlid>/<string:filename>",
    "/web/content/<int:id>",
    "/web/content/<int:id>/<string:filename>",
    "/web/content/<string:model>/<int:id>/<string:field>",
    "/web/content/<string:model>/<int:id>/<string:field>/<string:filename>",
]
IMAGE_ROUTES = [
    "/web/image",
    "/web/image/<string:xmlid>",
    "/web/image/<string:xmlid>/<string:filename>",
    "/web/image/<int:id>",
    "/web/image/<int:id>/<string:filename>",
    "/web/image/<int:id>/<int:width>x<int:height>",
    "/web/image/<string:model>/<int:id>/<string:field>",
    "/web/image/<string:model>/<int:id>/<string:field>/<string:filename>",
    "/web/image/<string:model>/<int:id>/<string:field>/<int:width>x<int:height>",
]


def _true(value) -> bool:
    """A query-string flag: ``?download=true`` / ``1``; ``0``, ``false`` and nothing are off."""
    return str(value).lower() not in ("", "0", "false", "none")


@functools.cache
def _placeholder_png() -> bytes:
    """The picture sent for an image that cannot be shown (Odoo sends its placeholder)."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (220, 220, 220)).save(buffer, format="PNG")
    return buffer.getvalue()


class Binary(http.Controller):

    @http.route("/web/assets/<string:unique>/<string:filename>", type="http", auth="none",
                methods=["GET", "HEAD"], save_session=False)
    def content_assets(self, unique, filename):
        """The bundle file; an outdated ``unique`` redirects to the current URL (307)."""
        parsed = assets.parse_filename(filename)
        bundle = assets.env_bundle(request.env, parsed[0]) if parsed and request.db else None
        if bundle is None:
            return request.not_found(f"no installed addon declares the asset bundle {filename!r}")
        kind = parsed[1]
        current = bundle.unique(kind)
        if unique != current:
            return request.redirect(bundle.url(kind), code=307)
        body = bundle.content(kind)
        response = request.make_response(body, headers=[
            ("Content-Type", f"{assets.MIMETYPES[kind]}; charset=utf-8"),
            ("Cache-Control", IMMUTABLE), ("ETag", f'"{current}"')])
        return response

    @http.route(CONTENT_ROUTES, type="http", auth="public", methods=["GET", "HEAD"])
    def content_common(self, xmlid=None, model="ir.attachment", id=None, field="raw",
                       filename=None, filename_field="name", mimetype=None, unique=False,
                       download=False, access_token=None, nocache=False):
        """An attachment, or the file of a record's binary field; 404 for anything the user
        may not read, as Odoo."""
        try:
            binary = request.env["ir.binary"]
            record = binary._find_record(xmlid, model, id and int(id), access_token)
            found = binary._record_content(record, field, filename, filename_field, mimetype)
        except UserError:
            return request.not_found()
        response = self._file_response(found, download, unique, nocache)
        response.headers["Content-Security-Policy"] = "default-src 'none'"
        return response

    @http.route(IMAGE_ROUTES, type="http", auth="public", methods=["GET", "HEAD"])
    def content_image(self, xmlid=None, model="ir.attachment", id=None, field="raw",
                      filename_field="name", filename=None, mimetype=None, unique=False,
                      download=False, width=0, height=0, access_token=None, nocache=False,
                      **kwargs):
        """An image, fit in ``width`` x ``height`` when given; what cannot be shown is the
        placeholder picture (404 only when a download was asked), as Odoo."""
        try:
            binary = request.env["ir.binary"]
            record = binary._find_record(xmlid, model, id and int(id), access_token)
            found = binary._record_content(record, field, filename, filename_field, mimetype)
            if "content" in found and not found["mimetype"].startswith("image/"):
                # what is not a picture is not shown as one (nor as a page)
                found["mimetype"] = "application/octet-stream"
            elif "content" in found and (int(width) or int(height)):
                found["content"] = image_process(found["content"], size=(int(width), int(height)))
                found["etag"] = found["etag"] and f"{found['etag']}-{int(width)}x{int(height)}"
        except UserError:
            if _true(download):
                return request.not_found()
            found = {"content": _placeholder_png(), "mimetype": "image/png",
                     "name": "placeholder.png", "etag": None}
        return self._file_response(found, download, unique, nocache)

    def _file_response(self, found: dict, download, unique, nocache):
        if "url" in found:
            return request.redirect(found["url"], code=301, local=False)
        disposition = "attachment" if _true(download) else "inline"
        headers = [
            ("Content-Type", found["mimetype"]),
            ("Content-Disposition", f"{disposition}; filename*=UTF-8''{quote(found['name'])}"),
            ("X-Content-Type-Options", "nosniff"),
        ]
        if _true(unique):
            headers.append(("Cache-Control", IMMUTABLE))
        elif _true(nocache):
            headers.append(("Cache-Control", "no-store"))
        else:
            headers.append(("Cache-Control", "max-age=0, private"))
        response = request.make_response(found["content"], headers=headers)
        if found.get("etag"):
            response.set_etag(found["etag"])
            response.make_conditional(request.httprequest)
        return response
