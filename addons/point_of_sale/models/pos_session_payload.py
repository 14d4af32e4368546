"""The data the browser loads to sell offline (``pos.session.load_pos_data``, Odoo 17's hooks).

For each model of ``_pos_ui_models_to_load()``: ``_loader_params_<model>()`` gives the
``search_read`` parameters and ``_get_pos_ui_<model>(params)`` the records; then
``_pos_data_process(loaded_data)`` adds the derived keys (``units_by_id``, ``taxes_by_id``...).
``pos.config._get_pos_ui_data()`` (the seed's name) and ``load_pos_data`` are one entry:
``load_pos_data`` asks the config, the config runs these hooks (``_load_pos_ui_data``), so
an addon may override either. Each model costs a fixed number of queries, whatever the
number of records (relations are read once per model, never per record).
"""
from __future__ import annotations

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.release import serie, version, version_info

from . import pos_session_fast_read as pos_fast_read

#: the payload keys that are one record (a dict), not a list
SINGLE_RECORD_MODELS = ("res.company", "pos.session", "pos.config", "res.users", "res.currency")


class PosSession(models.Model):
    _inherit = "pos.session"

    def load_pos_data(self) -> dict:
        """Everything the POS needs to start (Odoo 17's answer, see the module docstring)."""
        self.ensure_one()
        self._check_can_load()
        return self.config_id._get_pos_ui_data(session=self)

    def _check_can_load(self) -> None:
        if not (self.env.su or self.env.user.has_group("point_of_sale.group_pos_user")):
            raise AccessError(_("Only Point of Sale users may load the data of a session."))

    def _load_pos_ui_data(self) -> dict:
        """Run the loaders of every model, then ``_pos_data_process``."""
        self.ensure_one()
        loaded_data: dict = {}
        self = self.with_context(loaded_data=loaded_data)
        for model in self._pos_ui_models_to_load():
            loaded_data[model] = self._load_model(model)
        self._pos_data_process(loaded_data)
        return loaded_data

    def _load_model(self, model: str):
        name = model.replace(".", "_")
        loader = getattr(self, f"_get_pos_ui_{name}", None)
        params = getattr(self, f"_loader_params_{name}", None)
        if loader is None or params is None:
            raise NotImplementedError(_("The function to load %s has not been implemented.", model))
        return loader(params())

    def _pos_ui_models_to_load(self) -> list:
        return [
            "res.company", "decimal.precision", "uom.uom", "res.country.state", "res.country",
            "res.lang", "account.tax", "pos.session", "pos.config", "pos.printer", "pos.bill",
            "res.partner", "res.users", "product.product", "product.pricelist", "res.currency",
            "pos.category", "product.packaging", "account.cash.rounding", "pos.payment.method",
            "account.fiscal.position", "pos.combo", "pos.combo.line",
        ]

    def _pos_data_process(self, loaded_data: dict) -> None:
        """Derived keys: indexes by id, the version, the default pricelist, the base URL."""
        loaded_data["version"] = {"server_version": version, "server_version_info": list(version_info),
                                  "server_serie": serie, "protocol_version": 1}
        loaded_data["units_by_id"] = {unit["id"]: unit for unit in loaded_data["uom.uom"]}
        taxes = {tax["id"]: dict(tax) for tax in loaded_data["account.tax"]}
        loaded_data["taxes_by_id"] = taxes
        for tax in taxes.values():
            tax["children_tax_ids"] = [taxes[child] for child in tax["children_tax_ids"] if child in taxes]
        pricelist_id = self.config_id.pricelist_id.id
        default = [p for p in loaded_data["product.pricelist"] if p["id"] == pricelist_id]
        if default:
            loaded_data["default_pricelist"] = default[0]
        loaded_data["attributes_by_ptal_id"] = self._get_attributes_by_ptal_id(loaded_data["product.product"])
        loaded_data["base_url"] = self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        loaded_data["pos_has_valid_product"] = bool(loaded_data["product.product"]) or \
            bool(self.env["product.product"].search_count(self._product_domain(), limit=1))
        loaded_data["pos_special_products_ids"] = self.config_id._get_special_products().ids
        loaded_data["open_orders"] = self._pos_ui_open_orders()
        loaded_data["partner_commercial_fields"] = ["vat", "company_registry"]
        loaded_data["show_product_images"] = "yes"
        loaded_data["show_category_images"] = "yes"
        # no stock addon here: the picking type the browser reads for lots, with nothing on
        loaded_data.setdefault("stock.picking.type", {"id": False, "use_create_lots": False,
                                                      "use_existing_lots": False})

    def _pos_ui_open_orders(self) -> list:
        """The session's draft orders, to resume them on the till."""
        return self.env["pos.order"].search([("session_id", "=", self.id), ("state", "=", "draft")]).export_for_ui()

    # -- companies, currencies, precisions, units -------------------------------------------------

    def _loader_params_res_company(self) -> dict:
        return {"search_params": {
            "domain": [("id", "=", self.company_id.id)],
            "fields": ["currency_id", "email", "website", "company_registry", "vat", "name", "phone",
                       "partner_id", "country_id", "state_id", "tax_calculation_rounding_method",
                       "point_of_sale_use_ticket_qr_code", "point_of_sale_ticket_unique_code"]}}

    def _get_pos_ui_res_company(self, params: dict) -> dict:
        company = self.env["res.company"].search_read(**params["search_params"])[0]
        company["nomenclature_id"] = False      # no barcode nomenclatures here (barcodes addon)
        country = self.env["res.country"].browse(company["country_id"][0]) if company.get("country_id") \
            else self.env["res.country"]
        company["country"] = country.read(["name", "vat_label", "code"])[0] if country else None
        return company

    def _loader_params_decimal_precision(self) -> dict:
        return {"search_params": {"domain": [], "fields": ["name", "digits"]}}

    def _get_pos_ui_decimal_precision(self, params: dict) -> dict:
        rows = self.env["decimal.precision"].search_read(**params["search_params"])
        return {row["name"]: row["digits"] for row in rows}

    def _loader_params_uom_uom(self) -> dict:
        return {"search_params": {"domain": [], "fields": []}, "context": {"active_test": False}}

    def _get_pos_ui_uom_uom(self, params: dict) -> list:
        return self.env["uom.uom"].with_context(**params["context"]).search_read(**params["search_params"])

    def _loader_params_res_country_state(self) -> dict:
        return {"search_params": {"domain": [], "fields": ["name", "country_id"]}}

    def _get_pos_ui_res_country_state(self, params: dict) -> list:
        states = self.env["res.country.state"]
        search_params = params["search_params"]
        fields_ = search_params.get("fields") or []
        if all(fname in states._fields for fname in fields_):      # 1,700 states: one SELECT
            return self._fast_search_read(states, search_params, fields_)
        return states.search_read(**search_params)

    def _loader_params_res_country(self) -> dict:
        return {"search_params": {"domain": [], "fields": ["name", "vat_label", "code"]}}

    def _get_pos_ui_res_country(self, params: dict) -> list:
        return self.env["res.country"].search_read(**params["search_params"])

    def _loader_params_res_lang(self) -> dict:
        return {"search_params": {"domain": [], "fields": ["name", "code"]}}

    def _get_pos_ui_res_lang(self, params: dict) -> list:
        return self.env["res.lang"].search_read(**params["search_params"])

    def _loader_params_res_currency(self) -> dict:
        return {"search_params": {"domain": [("id", "=", self.config_id.currency_id.id)],
                                  "fields": ["name", "symbol", "position", "rounding", "rate",
                                             "decimal_places"]}}

    def _get_pos_ui_res_currency(self, params: dict) -> dict:
        return self.env["res.currency"].search_read(**params["search_params"])[0]

    # -- taxes, fiscal positions, rounding ----------------------------------------------------------

    def _loader_params_account_tax(self) -> dict:
        return {"search_params": {
            "domain": [("company_id", "=", self.company_id.id)],
            "fields": ["name", "price_include", "include_base_amount", "is_base_affected",
                       "amount_type", "children_tax_ids", "amount", "company_id"]},
            "context": {"active_test": False}}

    def _get_pos_ui_account_tax(self, params: dict) -> list:
        taxes = self.env["account.tax"].with_context(**params["context"])
        rows = taxes.search_read(**params["search_params"])
        factors = self._sum_repartition_factors([row["id"] for row in rows])
        for row in rows:
            row["sum_repartition_factor"] = factors.get(row["id"], 1.0)
        return rows

    def _sum_repartition_factors(self, tax_ids: list) -> dict:
        """The sum of the invoice tax repartition percentages of each tax, over 100."""
        groups = self.env["account.tax.repartition.line"]._read_group(
            [("tax_id", "in", tax_ids), ("document_type", "=", "invoice"),
             ("repartition_type", "=", "tax")], ["tax_id"], ["factor_percent:sum"])
        return {tax.id: total / 100.0 for tax, total in groups}

    def _loader_params_account_fiscal_position(self) -> dict:
        return {"search_params": {"domain": [("id", "in", self.config_id.fiscal_position_ids.ids)],
                                  "fields": []}}

    def _get_pos_ui_account_fiscal_position(self, params: dict) -> list:
        positions = self.env["account.fiscal.position"].search_read(**params["search_params"])
        mappings = self.env["account.fiscal.position.tax"].search_read(
            [("position_id", "in", [p["id"] for p in positions])],
            ["position_id", "tax_src_id", "tax_dest_id"])
        for position in positions:
            position["fiscal_position_taxes_by_id"] = {
                mapping["id"]: mapping for mapping in mappings if mapping["position_id"][0] == position["id"]}
        return positions

    def _loader_params_account_cash_rounding(self) -> dict:
        return {"search_params": {"domain": [("id", "=", self.config_id.rounding_method.id)],
                                  "fields": ["name", "rounding", "rounding_method"]}}

    def _get_pos_ui_account_cash_rounding(self, params: dict) -> list:
        return self.env["account.cash.rounding"].search_read(**params["search_params"])

    # -- the session, its till, the cashier ------------------------------------------------------------

    def _loader_params_pos_session(self) -> dict:
        return {"search_params": {
            "domain": [("id", "=", self.id)],
            "fields": ["id", "name", "user_id", "config_id", "start_at", "stop_at", "sequence_number",
                       "payment_method_ids", "state", "update_stock_at_closing",
                       "cash_register_balance_start", "access_token"]}}

    def _get_pos_ui_pos_session(self, params: dict) -> dict:
        return self.env["pos.session"].search_read(**params["search_params"])[0]

    def _loader_params_pos_config(self) -> dict:
        return {"search_params": {"domain": [("id", "=", self.config_id.id)], "fields": []}}

    def _get_pos_ui_pos_config(self, params: dict) -> dict:
        config = self.env["pos.config"].search_read(**params["search_params"])[0]
        config["use_proxy"] = bool(config.get("is_posbox") and (
            config.get("iface_electronic_scale") or config.get("iface_print_via_proxy")
            or config.get("iface_scan_via_proxy") or config.get("iface_customer_facing_display_via_proxy")))
        config["has_cash_move_permission"] = self.env.user.has_group("account.group_account_invoice") \
            if self.env.ref("account.group_account_invoice", raise_if_not_found=False) else True
        return config

    def _loader_params_pos_printer(self) -> dict:
        return {"search_params": {"domain": [], "fields": []}}

    def _get_pos_ui_pos_printer(self, params: dict) -> list:
        return []           # kitchen printers come with pos_restaurant

    def _loader_params_pos_bill(self) -> dict:
        domain = ["|", ("id", "in", self.config_id.default_bill_ids.ids), ("for_all_config", "=", True)] \
            if self.config_id.default_bill_ids else [("for_all_config", "=", True)]
        return {"search_params": {"domain": domain, "fields": ["name", "value"]}}

    def _get_pos_ui_pos_bill(self, params: dict) -> list:
        return self.env["pos.bill"].search_read(**params["search_params"])

    def _loader_params_res_users(self) -> dict:
        return {"search_params": {"domain": [("id", "=", self.env.uid)], "fields": ["name", "partner_id"]},
                "context": {"active_test": False}}

    def _get_pos_ui_res_users(self, params: dict) -> dict:
        users = self.env["res.users"].with_context(**params["context"])
        user = users.search_read(**params["search_params"])[0]
        user["role"] = "manager" if self.env.user.has_group("point_of_sale.group_pos_manager") else "cashier"
        return user

    # -- customers ------------------------------------------------------------------------------------------

    def _loader_params_res_partner(self) -> dict:
        return {"search_params": {
            "domain": self._partner_domain(),
            "fields": ["name", "street", "city", "state_id", "country_id", "vat", "lang", "phone", "zip",
                       "mobile", "email", "barcode", "write_date", "property_account_position_id",
                       "property_product_pricelist", "parent_name"]}}

    def _partner_domain(self) -> list:
        return ["|", ("company_id", "=", False), ("company_id", "=", self.company_id.id)]

    def _get_pos_ui_res_partner(self, params: dict) -> list:
        search_params = dict(params["search_params"])
        if self.config_id.limited_partners_loading:
            search_params["limit"] = self.config_id.limited_partners_amount or None
            search_params.setdefault("order", "write_date desc, id desc")
        return self._read_partners(search_params)

    def _read_partners(self, search_params: dict) -> list:
        partners = self.env["res.partner"]
        fields_ = [f for f in search_params.get("fields", []) if f in partners._fields]
        computed, helpers, names_sql = pos_fast_read.partner_computed(partners)
        # fields of addons not installed here (property_*) read False
        extra = {fname: self._constant_column(False) for fname in search_params.get("fields", [])
                 if fname not in partners._fields}
        return self._fast_search_read(partners, search_params, fields_, computed, helpers, names_sql, extra=extra)

    # -- products ---------------------------------------------------------------------------------------------

    def _product_domain(self) -> list:
        config = self.config_id
        domain = [*config._get_available_product_domain(),
                  "|", ("company_id", "=", False), ("company_id", "=", self.company_id.id)]
        category_ids = config._get_pos_category_ids()
        if category_ids:
            domain.append(("pos_categ_ids", "in", category_ids))
        special = config._get_special_products()
        if special:
            domain = expression.OR([[("id", "in", special.ids)], domain])
        return domain

    def _loader_params_product_product(self) -> dict:
        return {"search_params": {
            "domain": self._product_domain(),
            "fields": ["display_name", "lst_price", "standard_price", "categ_id", "pos_categ_ids",
                       "taxes_id", "barcode", "default_code", "to_weight", "uom_id", "description_sale",
                       "description", "product_tmpl_id", "tracking", "write_date", "available_in_pos",
                       "attribute_line_ids", "active", "image_128", "combo_ids"],
            "order": "sequence,default_code,name"},
            "context": {"display_default_code": False}}

    def _get_pos_ui_product_product(self, params: dict) -> list:
        search_params = dict(params["search_params"])
        if self.config_id.limited_products_loading and "limit" not in search_params:
            search_params["limit"] = self.config_id.limited_products_amount or None
        return self._read_products(search_params, params.get("context") or {})

    def _read_products(self, search_params: dict, context: dict) -> list:
        """``search_read`` of the variants, shaped as the POS wants them (one query per
        relation, whatever the number of products; the keys that are not fields added as
        columns of the same read)."""
        products = self.env["product.product"].with_context(**context)
        wanted = search_params.get("fields", [])
        absent = {"image_128", "combo_ids", "tracking"} | {f for f in wanted if f not in products._fields}
        fields_ = [f for f in wanted if f not in absent]
        computed, helpers, names_sql = pos_fast_read.product_computed(products)
        extra = {fname: self._constant_column("none" if fname == "tracking" else False)
                 for fname in wanted if fname in absent and fname != "combo_ids"}
        if "combo_ids" in absent and "combo_ids" in wanted:
            extra["combo_ids"] = lambda ids, columns: [[] for _id in ids]
        if "image_128" in wanted:
            extra["image_128"] = self._product_image_column
        if "categ_id" in fields_:
            extra["categ"] = self._product_category_column
        return self._fast_search_read(products, search_params, fields_, computed, helpers, names_sql, extra=extra)

    @staticmethod
    def _constant_column(value):
        return lambda ids, columns: [value] * len(ids)

    def _product_image_column(self, ids: list, columns: dict) -> list:
        """Whether each product's template has an image (every template with an image is
        found at once: a short list, not a look-up of each id)."""
        templates = columns.get("product_tmpl_id")
        if not templates:
            return [False] * len(ids)
        with_image = {template[0] for template in templates if template} & \
            set(self.env["product.template"].search([("image_1920", "!=", False)]).ids)
        return [bool(template) and template[0] in with_image for template in templates]

    def _product_category_column(self, ids: list, columns: dict) -> list:
        """Each product's category with its parents, as nested dicts (one per category)."""
        categ_ids = columns["categ_id"]
        categories = self._categories_by_id({categ[0] for categ in categ_ids if categ})
        return [categories.get(categ[0]) if categ else None for categ in categ_ids]

    @api.model
    def _fast_search_read(self, model, search_params: dict, fields_: list, computed=None, helpers=(),
                          names_sql=None, extra=None) -> list:
        """``model.search_read(**search_params)`` of ``fields_``, the rows read with one SELECT
        (``pos_session_fast_read.py``): ``_search``'s query (the record rules) with the columns;
        ``extra``: keys added to the rows (see ``fast_read``)."""
        if not fields_:
            rows = model.search_read(**{**search_params, "fields": fields_})
            if rows and extra:
                columns = {key: [row[key] for row in rows] for key in rows[0]}
                for key, function in extra.items():
                    for row, value in zip(rows, function(columns["id"], columns)):
                        row[key] = value
            return rows
        query = model._search(search_params.get("domain") or [], offset=search_params.get("offset") or 0,
                              limit=search_params.get("limit"), order=search_params.get("order"))
        computed = {name: function for name, function in (computed or {}).items() if name in fields_}
        return pos_fast_read.fast_read(model, query, fields_, names_sql=names_sql, computed=computed,
                                       helpers=[name for name in helpers if name not in fields_], extra=extra)

    def _categories_by_id(self, ids: set) -> dict:
        """Product categories with their parents as nested dicts (one query for all)."""
        if not ids:
            return {}
        categories = self.env["product.category"].search([("id", "parent_of", list(ids))])
        rows = {row["id"]: row for row in categories.read(["name", "parent_id"])}
        built: dict = {}

        def build(category_id):
            if category_id not in built:
                row = rows[category_id]
                parent = row["parent_id"]
                built[category_id] = {"id": row["id"], "name": row["name"], "parent_id": parent,
                                      "parent": build(parent[0]) if parent and parent[0] in rows else None}
            return built[category_id]

        return {category_id: build(category_id) for category_id in ids if category_id in rows}

    def _get_attributes_by_ptal_id(self, products: list) -> dict:
        line_ids = sorted({line for product in products for line in product.get("attribute_line_ids") or []})
        if not line_ids:
            return {}
        lines = self.env["product.template.attribute.line"].browse(line_ids)
        result = {}
        for line in lines:
            attribute = line.attribute_id
            result[line.id] = {
                "id": line.id, "name": attribute.name, "display_type": attribute.display_type,
                "sequence": attribute.sequence,
                "values": [{"id": ptav.id, "name": ptav.name, "is_custom": ptav.is_custom,
                            "html_color": ptav.html_color or False, "image": False,
                            "price_extra": ptav.price_extra}
                           for ptav in line.product_template_value_ids],
            }
        return result

    def _loader_params_product_packaging(self) -> dict:
        return {"search_params": {"domain": [("barcode", "not in", ["", False])],
                                  "fields": ["name", "barcode", "product_id", "qty"]}}

    def _get_pos_ui_product_packaging(self, params: dict) -> list:
        return self.env["product.packaging"].search_read(**params["search_params"])

    def _loader_params_product_pricelist(self) -> dict:
        config = self.config_id
        ids = (config.available_pricelist_ids | config.pricelist_id).ids if config.use_pricelist \
            else config.pricelist_id.ids
        return {"search_params": {"domain": [("id", "in", ids)], "fields": ["name", "display_name"]}}

    def _get_pos_ui_product_pricelist(self, params: dict) -> list:
        pricelists = self.env["product.pricelist"].search_read(**params["search_params"])
        items = self.env["product.pricelist.item"].search_read(
            [("pricelist_id", "in", [p["id"] for p in pricelists])], [])
        by_pricelist: dict = {}
        for item in items:
            by_pricelist.setdefault(item["pricelist_id"][0], []).append(item)
        for pricelist in pricelists:
            pricelist.setdefault("discount_policy", "with_discount")
            pricelist["items"] = by_pricelist.get(pricelist["id"], [])
        return pricelists

    # -- POS models ---------------------------------------------------------------------------------------------

    def _loader_params_pos_category(self) -> dict:
        domain = [("id", "in", self.config_id._get_pos_category_ids())] \
            if self.config_id._get_pos_category_ids() else []
        return {"search_params": {"domain": domain,
                                  "fields": ["id", "name", "parent_id", "child_id", "write_date", "has_image"]}}

    def _get_pos_ui_pos_category(self, params: dict) -> list:
        search_params = params["search_params"]
        fields_ = [f for f in search_params["fields"] if f != "has_image"]
        categories = self.env["pos.category"]
        rows = categories.search_read(search_params["domain"], fields_)
        with_image = set(categories.search([("id", "in", [r["id"] for r in rows]),
                                            ("image_128", "!=", False)]).ids) if rows else set()
        for row in rows:
            row["has_image"] = row["id"] in with_image
        return rows

    def _loader_params_pos_payment_method(self) -> dict:
        return {"search_params": {
            "domain": [("id", "in", self.config_id.payment_method_ids.ids)],
            "fields": ["name", "is_cash_count", "use_payment_terminal", "split_transactions", "type",
                       "image", "sequence"]},
            "context": {"active_test": False}}

    def _get_pos_ui_pos_payment_method(self, params: dict) -> list:
        methods = self.env["pos.payment.method"].with_context(**params["context"])
        fields_ = [f for f in params["search_params"]["fields"] if f != "image"]
        rows = methods.search_read(params["search_params"]["domain"], fields_)
        with_image = set(methods.search([("id", "in", [r["id"] for r in rows]), ("image", "!=", False)]).ids) \
            if rows else set()
        for row in rows:
            row["image"] = row["id"] in with_image
            row["is_online_payment"] = False
        return rows

    def _loader_params_pos_combo(self) -> dict:
        return {"search_params": {"domain": [], "fields": ["id", "name", "combo_line_ids", "base_price"]}}

    def _get_pos_ui_pos_combo(self, params: dict) -> list:
        return []           # combos are not part of this server yet

    def _loader_params_pos_combo_line(self) -> dict:
        return {"search_params": {"domain": [], "fields": ["id", "product_id", "combo_price", "combo_id"]}}

    def _get_pos_ui_pos_combo_line(self, params: dict) -> list:
        return []

    # -- loading more on demand (Odoo 17's public methods) ----------------------------------------------------

    def get_pos_ui_product_product_by_params(self, custom_search_params: dict) -> list:
        """More products, by any ``search_read`` keyword over the loader's parameters."""
        self.ensure_one()
        self._check_can_load()
        params = self._loader_params_product_product()
        search_params = {**params["search_params"], **self._allowed_search_params(custom_search_params)}
        search_params["domain"] = [*params["search_params"]["domain"], *search_params.get("domain", [])] \
            if "domain" in (custom_search_params or {}) else params["search_params"]["domain"]
        context = {**params.get("context", {}), "active_test": False}
        return self._read_products(search_params, context)

    def get_pos_ui_res_partner_by_params(self, custom_search_params: dict) -> list:
        """More customers, by any ``search_read`` keyword over the loader's parameters."""
        self.ensure_one()
        self._check_can_load()
        params = self._loader_params_res_partner()
        search_params = {**params["search_params"], **self._allowed_search_params(custom_search_params)}
        search_params["domain"] = [*params["search_params"]["domain"], *(custom_search_params or {}).get("domain", [])]
        return self._read_partners(search_params)

    @api.model
    def _allowed_search_params(self, params) -> dict:
        if not isinstance(params, dict):
            raise UserError(_("The search parameters must be an object (domain, fields, offset, limit, order)."))
        allowed = {"domain", "fields", "offset", "limit", "order"}
        unknown = set(params) - allowed
        if unknown:
            raise UserError(_("Unknown search parameters: %s. Use %s.", ", ".join(sorted(unknown)),
                              ", ".join(sorted(allowed))))
        return dict(params)

    def find_product_by_barcode(self, barcode: str) -> dict:
        self.ensure_one()
        product = self.env["product.product"].search(
            [*self._product_domain(), ("barcode", "=", barcode)], limit=1)
        if product:
            return {"product_id": [product.id]}
        packaging = self.env["product.packaging"].search_read([("barcode", "=", barcode)],
                                                              ["name", "barcode", "product_id", "qty"])
        if packaging and packaging[0]["product_id"]:
            return {"product_id": [packaging[0]["product_id"][0]], "packaging": packaging}
        return {}
