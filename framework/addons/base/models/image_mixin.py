"""``image.mixin`` and ``avatar.mixin``: a picture in five sizes, and an avatar that is the
picture when there is one and a generated one (an SVG of the initial) when there is not."""
import base64
import hashlib
from xml.sax.saxutils import escape

from odoo import api, fields, models


class ImageMixin(models.AbstractModel):
    _name = "image.mixin"
    _description = "Image Mixin"

    # the original, at most 1920 pixels wide and high; the others are resized copies kept in
    # the database so that lists and kanban cards do not carry the large one
    image_1920 = fields.Image("Image", max_width=1920, max_height=1920)
    image_1024 = fields.Image("Image 1024", related="image_1920", max_width=1024, max_height=1024,
                              store=True)
    image_512 = fields.Image("Image 512", related="image_1920", max_width=512, max_height=512,
                             store=True)
    image_256 = fields.Image("Image 256", related="image_1920", max_width=256, max_height=256,
                             store=True)
    image_128 = fields.Image("Image 128", related="image_1920", max_width=128, max_height=128,
                             store=True)


class AvatarMixin(models.AbstractModel):
    _name = "avatar.mixin"
    _inherit = ["image.mixin"]
    _description = "Avatar Mixin"
    _avatar_name_field = "name"

    avatar_1920 = fields.Image("Avatar", compute="_compute_avatar_1920")
    avatar_1024 = fields.Image("Avatar 1024", compute="_compute_avatar_1024")
    avatar_512 = fields.Image("Avatar 512", compute="_compute_avatar_512")
    avatar_256 = fields.Image("Avatar 256", compute="_compute_avatar_256")
    avatar_128 = fields.Image("Avatar 128", compute="_compute_avatar_128")

    @api.depends(lambda self: [self._avatar_name_field, "image_1920"])
    def _compute_avatar_1920(self):
        self._compute_avatar("avatar_1920", "image_1920")

    @api.depends(lambda self: [self._avatar_name_field, "image_1024"])
    def _compute_avatar_1024(self):
        self._compute_avatar("avatar_1024", "image_1024")

    @api.depends(lambda self: [self._avatar_name_field, "image_512"])
    def _compute_avatar_512(self):
        self._compute_avatar("avatar_512", "image_512")

    @api.depends(lambda self: [self._avatar_name_field, "image_256"])
    def _compute_avatar_256(self):
        self._compute_avatar("avatar_256", "image_256")

    @api.depends(lambda self: [self._avatar_name_field, "image_128"])
    def _compute_avatar_128(self):
        self._compute_avatar("avatar_128", "image_128")

    def _compute_avatar(self, avatar_field, image_field):
        for record in self:
            avatar = record[image_field]
            if not avatar:
                named = isinstance(record.id, int) and record[record._avatar_name_field]
                avatar = record._avatar_generate_svg() if named else record._avatar_placeholder()
            record[avatar_field] = avatar

    def _avatar_placeholder(self):
        """Base64 of the neutral picture shown for what has neither picture nor initial."""
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="180" height="180">'
               '<rect fill="#d9d9d9" width="180" height="180"/>'
               '<circle fill="#ffffff" cx="90" cy="70" r="34"/>'
               '<path fill="#ffffff" d="M30 170c0-36 27-58 60-58s60 22 60 58z"/></svg>')
        return base64.b64encode(svg.encode())

    def _avatar_generate_svg(self):
        """Base64 of an SVG square, coloured from the record's identity, with its initial."""
        name = (self[self._avatar_name_field] or "").strip()
        initial = escape(name[:1].upper())
        seed = f"{self._name},{self.id if isinstance(self.id, int) else 0},{name}".encode()
        hue = int(hashlib.sha256(seed).hexdigest()[:8], 16) % 360
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="180" height="180">'
               f'<rect fill="hsl({hue}, 40%, 45%)" width="180" height="180"/>'
               '<text fill="#ffffff" font-size="96" font-family="sans-serif" text-anchor="middle" '
               f'x="90" y="125">{initial}</text></svg>')
        return base64.b64encode(svg.encode())
