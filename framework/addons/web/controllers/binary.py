"""/web/assets/<unique>/<bundle>.<js|css|xml>: asset bundles with a content hash in the URL."""
from odoo import http
from odoo.http import assets, request

IMMUTABLE = "public, max-age=31536000, immutable"


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
