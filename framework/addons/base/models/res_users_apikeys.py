"""API keys (``res.users.apikeys``): secrets usable in place of a password over RPC, stored hashed."""
import binascii
import os

from passlib.context import CryptContext

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, UserError

from .shared_cache import SharedCacheSource

API_KEY_SIZE = 20          # bytes of randomness: keys are 40 hexadecimal characters
INDEX_SIZE = 8             # the clear prefix used to find a key's row before hashing
KEY_CRYPT_CONTEXT = CryptContext(["pbkdf2_sha512"], pbkdf2_sha512__rounds=6000)


class APIKeys(SharedCacheSource, models.Model):
    """Creating or removing a key drops the remembered RPC logins (see SharedCacheSource)."""

    _name = "res.users.apikeys"
    _description = "Users API Keys"
    _order = "id desc"

    name = fields.Char("Description", required=True, readonly=True)
    user_id = fields.Many2one("res.users", index=True, required=True, readonly=True, ondelete="cascade")
    scope = fields.Char("Scope", readonly=True)
    create_date = fields.Datetime("Creation Date", readonly=True)
    expiration_date = fields.Datetime("Expiration Date", readonly=True)

    def init(self):
        # the hash and its lookup prefix live in columns the ORM does not map
        self.env.cr.execute("ALTER TABLE res_users_apikeys ADD COLUMN IF NOT EXISTS key varchar NOT NULL DEFAULT ''")
        self.env.cr.execute("ALTER TABLE res_users_apikeys "
                            "ADD COLUMN IF NOT EXISTS index varchar(8) NOT NULL DEFAULT ''")
        self.env.cr.execute("CREATE INDEX IF NOT EXISTS res_users_apikeys_user_id_index_idx "
                            "ON res_users_apikeys (user_id, index)")

    @api.model
    def _generate(self, scope, name, expiration_date=None):
        """Create a key for the current user; returns the clear key (shown once, never stored)."""
        if not self.env.user.active:
            raise UserError("Only active users can create API keys.")
        key = binascii.hexlify(os.urandom(API_KEY_SIZE)).decode()
        record = self.sudo().create({"name": name, "scope": scope, "user_id": self.env.uid,
                                     "expiration_date": expiration_date or False})
        self.env.cr.execute("UPDATE res_users_apikeys SET key = %s, index = %s WHERE id = %s",
                            (KEY_CRYPT_CONTEXT.hash(key), key[:INDEX_SIZE], record.id))
        return key

    @api.model
    def _check_credentials(self, *, scope, key):
        """The uid owning ``key`` for ``scope`` (or a key without scope), or None."""
        if not key or len(key) < INDEX_SIZE:
            return None
        self.env.cr.execute("""
            SELECT user_id, key FROM res_users_apikeys k JOIN res_users u ON u.id = k.user_id
             WHERE u.active AND k.index = %s AND (k.scope IS NULL OR k.scope = %s)
               AND (k.expiration_date IS NULL OR k.expiration_date >= now() AT TIME ZONE 'utc')
        """, (key[:INDEX_SIZE], scope))
        for user_id, hashed in self.env.cr.fetchall():
            if hashed and KEY_CRYPT_CONTEXT.verify(key, hashed):
                return user_id
        return None

    def _remove(self):
        """Revoke keys (a user may revoke their own; the admin anybody's)."""
        if not self.env.is_system() and any(k.user_id.id != self.env.uid for k in self.sudo()):
            raise AccessDenied()
        self.sudo().unlink()
        return True
