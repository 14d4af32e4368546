"""The version this server reports to clients (``common.version``, ``/web/webclient/version_info``)."""
from __future__ import annotations

version_info = (17, 0, 0, "final", 0, "")
serie = major_version = "17.0"
version = "17.0"
product_name = "Odoo"
description = "Odoo-compatible addon server"
author = "the project's authors"
url = "https://example.invalid/odoo-compatible-server"
license = "LGPL-3"
nt_service_name = "odoo-server-17.0"
