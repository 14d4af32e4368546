"""Users (``res.users``): a partner (delegation), a login, a hashed password, groups."""
import hashlib
import hmac
import logging

from passlib.context import CryptContext

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, UserError, ValidationError
from odoo.tools import SQL

from .res_groups import Groups as Groups  # Odoo defines res.groups here; addons import it so

_logger = logging.getLogger(__name__)


# -- names of the per-group fields of Odoo's user form ----------------------------------------
# Odoo's user form shows one checkbox per group (``in_group_<id>``) and one selection per
# group category (``sel_groups_<id>_<id>...``). Addons and their tests build and parse those
# names with these functions, which are kept under Odoo's names.

def name_boolean_group(group_id: int) -> str:
    return f"in_group_{group_id}"


def name_selection_groups(group_ids) -> str:
    return "sel_groups_" + "_".join(str(group_id) for group_id in sorted(group_ids))


def is_boolean_group(name: str) -> bool:
    return name.startswith("in_group_")


def is_selection_groups(name: str) -> bool:
    return name.startswith("sel_groups_")


def is_reified_group(name: str) -> bool:
    return is_boolean_group(name) or is_selection_groups(name)


def get_boolean_group(name: str) -> int:
    return int(name[len("in_group_"):])


def get_selection_groups(name: str) -> list[int]:
    return [int(part) for part in name[len("sel_groups_"):].split("_")]

#: Odoo's scheme: a hash from an Odoo database verifies here and the other way round.
PASSWORD_CONTEXT = CryptContext(["pbkdf2_sha512", "plaintext"], deprecated=["plaintext"],
                                pbkdf2_sha512__rounds=600_000)


class Users(models.Model):
    _name = "res.users"
    _description = "User"
    _inherits = {"res.partner": "partner_id"}
    _order = "name, login"
    _rec_names_search = ["name", "login"]

    partner_id = fields.Many2one("res.partner", required=True, ondelete="restrict", auto_join=True,
                                 string="Related Partner", index=True)
    login = fields.Char(required=True, help="Used to log into the system")
    password = fields.Char(compute="_compute_password", inverse="_set_password", copy=False,
                           store=False, string="Password")
    new_password = fields.Char(compute="_compute_password", inverse="_set_new_password", string="Set Password")
    api_key_ids = fields.One2many("res.users.apikeys", "user_id", string="API Keys")
    active = fields.Boolean(default=True)
    groups_id = fields.Many2many("res.groups", "res_groups_users_rel", "uid", "gid", string="Groups",
                                 default=lambda self: self._default_groups())
    company_id = fields.Many2one("res.company", "Company", required=True,
                                 default=lambda self: self.env.company.id if self.env.uid else 1,
                                 help="The default company for this user.")
    company_ids = fields.Many2many("res.company", "res_company_users_rel", "user_id", "cid",
                                   string="Companies",
                                   default=lambda self: self.env.company.ids if self.env.uid else [1])
    share = fields.Boolean(compute="_compute_share", store=True, string="Share User")
    log_ids = fields.One2many("res.users.log", "create_uid", string="User log entries")
    login_date = fields.Datetime(related="log_ids.create_date", string="Latest authentication",
                                 readonly=False)
    signature = fields.Html()
    action_id = fields.Many2one("ir.actions.actions", "Home Action")

    _sql_constraints = [("login_key", "UNIQUE (login)", "You can not have two users with the same login !")]

    def init(self):
        # the hash lives in a column the ORM does not map, so read() can never return it
        self.env.cr.execute("ALTER TABLE res_users ADD COLUMN IF NOT EXISTS password varchar")

    @api.model
    def _default_groups(self):
        group = self.env.ref("base.group_user", raise_if_not_found=False)
        return group.ids if group else []

    def _compute_password(self):
        for user in self:
            user.password = ""
            user.new_password = ""

    def _set_password(self):
        self._store_password_from_cache("password")

    def _set_new_password(self):
        self._store_password_from_cache("new_password")

    def _store_password_from_cache(self, fname):
        """Hash what was assigned to ``fname``, then drop the clear text from the cache."""
        field = self._fields[fname]
        values = self.env.transaction.cache[field]
        for user in self:
            value = values.get(user.id)
            if value:
                user._set_encrypted_password(user.id, PASSWORD_CONTEXT.hash(value))
        self.env.transaction.invalidate([field], self.ids)

    def _set_encrypted_password(self, uid, encrypted):
        if not encrypted.startswith("$pbkdf2-sha512$"):
            raise ValueError("refusing to store a password that is not hashed")
        self.env.cr.execute("UPDATE res_users SET password = %s WHERE id = %s", (encrypted, uid))
        self.env.registry.shared_cache_changed(self.env.transaction)    # remembered logins

    @api.depends("groups_id")
    def _compute_share(self):
        internal = self.env.ref("base.group_user", raise_if_not_found=False)
        for user in self:
            user.share = not internal or internal not in user.groups_id

    @api.constrains("company_id", "company_ids", "active")
    def _check_company(self):
        for user in self:
            if user.company_ids and user.company_id not in user.company_ids and user.active:
                raise ValidationError(f"Company {user.company_id.name} is not in the allowed companies "
                                      f"of user {user.name}.")

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        for user in users:
            if user.partner_id.company_id and user.partner_id.company_id != user.company_id:
                user.partner_id.company_id = user.company_id
            if not user.partner_id.active and user.active:
                user.partner_id.active = True
        users.mapped("groups_id")._apply_implied_to_users()     # several users at once too
        return users

    def write(self, vals):
        result = super().write(vals)
        if "groups_id" in vals:
            self.groups_id._apply_implied_to_users()
            memo = self.env.transaction.memo        # the field visibility of these users
            for key in [k for k in memo if isinstance(k, tuple) and k[0] == "field_groups"]:
                del memo[key]
        # the token fields key the session tokens every process remembers
        # (security.check_session_token): a change must reach the others
        if ({"groups_id", "company_id", "company_ids"} | self._get_session_token_fields()) & set(vals):
            self.env.registry.shared_cache_changed(self.env.transaction)
        return result

    def copy(self, default=None):
        """The copy's name and login end in " (copy)" unless ``default`` gives them (a
        login must stay unique)."""
        self.ensure_one()
        default = dict(default or {})
        if "name" not in default and "partner_id" not in default:
            default["name"] = f"{self.name} (copy)"
        default.setdefault("login", f"{self.login} (copy)")
        return super().copy(default)

    def unlink(self):
        if 1 in self.ids:
            raise UserError("You can not remove the admin user as it is used internally for resources "
                            "created by Odoo (updates, module installation, ...)")
        self.env.registry.shared_cache_changed(self.env.transaction)
        return super().unlink()

    # -- credentials -------------------------------------------------------------------------

    @api.model
    def _get_session_token_fields(self):
        """The ``res_users`` columns a session token is derived from (Odoo's hook; an addon
        adds its own, as auth_totp adds the TOTP secret). Writing any of them ends every
        session of the user, in every process."""
        return {"id", "login", "password", "active"}

    def _compute_session_token(self, sid):
        """HMAC-SHA256 of the session id ``sid``, keyed with ``database.secret`` and this
        user's token fields; False when the user does not exist or is inactive."""
        self.ensure_one()
        names = sorted(self._get_session_token_fields())
        self.env.cr.execute(SQL("SELECT active, %s, (SELECT value FROM ir_config_parameter "
                                "WHERE key = 'database.secret') FROM res_users WHERE id = %s",
                                SQL.join(", ", [SQL.identifier(name) for name in names]), self.id))
        row = self.env.cr.fetchone()
        if row is None or not row[0]:
            return False
        secret = row[-1] or self.env["ir.config_parameter"].sudo()._database_secret()
        key = "\0".join([secret, *(str(value) for value in row[1:-1])]).encode()
        return hmac.new(key, sid.encode(), hashlib.sha256).hexdigest()

    def _check_credentials(self, password, env):
        """Raise AccessDenied unless ``password`` is this user's password or one of their API keys.

        API keys are accepted only for non-interactive use (RPC), as in Odoo.
        """
        if not password:
            raise AccessDenied()
        if not (env or {}).get("interactive", True):
            if self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=password) == self.env.user.id:
                return
        self.env.cr.execute("SELECT COALESCE(password, '') FROM res_users WHERE id = %s", (self.env.user.id,))
        row = self.env.cr.fetchone()
        hashed = row[0] if row else ""
        if not hashed:
            raise AccessDenied()
        valid, replacement = PASSWORD_CONTEXT.verify_and_update(password, hashed)
        if not valid:
            raise AccessDenied()
        if replacement:
            self._set_encrypted_password(self.env.user.id, replacement)

    @api.model
    def _login(self, login, password, user_agent_env=None):
        """The uid of ``login`` when ``password`` is right; AccessDenied otherwise."""
        if not password:
            raise AccessDenied()
        user = self.sudo().search([("login", "=", login)], limit=1)
        if not user:
            raise AccessDenied()
        user.with_user(user)._check_credentials(password, user_agent_env or {})
        user.with_user(user)._update_last_login()
        user._remember_base_url((user_agent_env or {}).get("base_location"))
        return user.id

    def _remember_base_url(self, base_location):
        """An administrator logging in from ``base_location`` makes it ``web.base.url``
        (unless ``web.base.url.freeze`` is set), as Odoo does: links in mails and reports
        then point where the administrator reaches the server."""
        if not base_location or not self.with_user(self).has_group("base.group_system"):
            return
        parameters = self.env["ir.config_parameter"].sudo()
        if not parameters.get_param("web.base.url.freeze"):
            parameters.set_param("web.base.url", base_location)

    def _update_last_login(self):
        # a new row, never an update: concurrent logins of one user do not collide
        self.env["res.users.log"].sudo().create({})

    # -- context and groups ------------------------------------------------------------------

    @api.model
    def context_get(self):
        """The user's context (lang, tz, uid), as clients read it after login."""
        user = self.env.user
        return {"lang": user.lang or "en_US", "tz": user.tz or False, "uid": user.id}

    @api.model
    def has_group(self, group_ext_id):
        """True when the user (default: the current one) is in the group ``module.name``.

        A model-level method, as in Odoo: over RPC it answers for the calling user."""
        user = self[:1] or self.env.user
        if "." not in group_ext_id:
            raise ValueError(f"has_group() expects an external id 'module.name', got {group_ext_id!r}")
        module, name = group_ext_id.split(".", 1)
        self.env.cr.execute(
            "SELECT 1 FROM res_groups_users_rel WHERE uid = %s AND gid IN "
            "(SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s AND model = 'res.groups')",
            (user.id, module, name))
        return bool(self.env.cr.fetchone())

    def _is_internal(self):
        self.ensure_one()
        return not self.sudo().share

    def _is_public(self):
        self.ensure_one()
        return self.has_group("base.group_public")

    def _is_system(self):
        self.ensure_one()
        return self.id == 1 or self.has_group("base.group_system")

    def _is_admin(self):
        self.ensure_one()
        return self.id == 1 or self._is_superuser() or self.has_group("base.group_erp_manager")

    def _is_superuser(self):
        self.ensure_one()
        return self.id == 1
