"""The models of the product addon, one per file."""
from __future__ import annotations

from . import (
    product_category,
    product_attribute,
    product_attribute_value,
    product_attribute_custom_value,
    product_template,
    product_template_attribute_line,
    product_template_attribute_value,
    product_product,
    product_packaging,
    product_template_logistics,
    product_supplierinfo,
    product_sellers,
    res_config_settings,
    product_pricelist,
    product_pricelist_item,
    res_partner,
    res_country_group,
)
