"""Tests of the product addon."""
from __future__ import annotations

from . import (
    test_barcode,
    test_demo_data,
    test_logistics_units,
    test_packaging,
    test_pricelist,
    test_product_names,
    test_product_template,
    test_supplierinfo,
    test_variants,
    test_views,
    test_xmlrpc,
)
