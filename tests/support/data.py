"""Addons for the data-loading tests: throwaway addons written to a directory, base's view
files, and real published addons (downloaded once)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from .db import make_config
from .paths import ADDONS_DIR, TEST_DATA_DIR

#: base's XML files of views and menus (loaded here when base's manifest does not list them yet)
BASE_VIEW_FILES = ["views/base_menus.xml", "views/ir_ui_view_views.xml",
                   "views/ir_actions_views.xml", "views/ir_ui_menu_views.xml",
                   "views/ir_model_views.xml", "views/res_company_views.xml"]

#: Published OCA addons (PyPI wheels, pinned) that depend on ``base`` only.
REAL_ADDONS = {
    "base_kanban_stage": "odoo-addon-base-kanban-stage==16.0.1.0.0.2",
    "base_sequence_option": "odoo-addon-base-sequence-option==17.0.1.0.0.4",
    "server_action_logging": "odoo-addon-server-action-logging==17.0.1.0.0.8",
    "base_technical_user": "odoo-addon-base-technical-user==17.0.1.0.0.6",
}

#: Published OCA addons of the Point of Sale (17.0 wheels, pinned): they extend our
#: point_of_sale through Odoo's external ids (views, menus, models, security).
REAL_POS_ADDONS = {
    "pos_cash_move_reason": "odoo-addon-pos-cash-move-reason==17.0.1.0.0.4",
    "pos_payment_method_cashdro": "odoo-addon-pos-payment-method-cashdro==17.0.1.0.0.4",
    "pos_receipt_hide_price": "odoo-addon-pos-receipt-hide-price==17.0.1.0.0.4",
    "pos_payment_change": "odoo-addon-pos-payment-change==17.0.1.0.0.2",
    "pos_hide_cost_price_and_margin": "odoo-addon-pos-hide-cost-price-and-margin==17.0.1.0.0.4",
}


def write_addon(root: Path, name: str, files: dict[str, str], *, depends=("base",),
                data=None, demo=()) -> Path:
    """Write addon ``name`` under ``root``: ``files`` maps relative paths to contents;
    ``data`` defaults to every .xml/.csv file, in the given order."""
    addon = root / name
    addon.mkdir(exist_ok=True)
    (addon / "__init__.py").write_text(files.pop("__init__.py", ""))
    for relative, content in files.items():
        path = addon / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content).lstrip())
    if data is None:
        data = [p for p in files if p.endswith((".xml", ".csv")) and p not in demo]
    (addon / "__manifest__.py").write_text(repr({
        "name": name, "version": "1.0", "depends": list(depends), "data": list(data),
        "demo": list(demo), "license": "LGPL-3"}))
    return addon


def load(db_name: str, addons_root: Path, **kwargs):
    """``load_registry`` with the test addons and ``addons_root`` on the addons path."""
    from framework.modules.registry_loader import load_registry
    config = make_config(addons_path=f"{ADDONS_DIR},{addons_root}")
    return load_registry(db_name, config=config, **kwargs)


def ensure_base_views(registry) -> None:
    """Load base's view and menu files into a database where base did not load them."""
    from framework.modules import data_files
    from framework.orm.environment import Environment
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        if env.ref("base.menu_custom", raise_if_not_found=False):
            return
        manifest = registry.manifests["base"]
        data_files.load_files(env, "base", manifest, BASE_VIEW_FILES, install=True)


def real_addons(specs: dict | None = None, folder: str = "real_addons") -> Path:
    """The real addons of ``specs`` (REAL_ADDONS by default), downloaded once (cached in
    .data/test/wheels), in one folder of the addons path."""
    specs = REAL_ADDONS if specs is None else specs
    cache = TEST_DATA_DIR / "wheels"
    cache.mkdir(parents=True, exist_ok=True)
    target = TEST_DATA_DIR / folder
    missing = [spec for spec in specs.values() if not _wheel_for(cache, spec)]
    if missing:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                        "--disable-pip-version-check", "--dest", str(cache), *missing],
                       check=True, timeout=600, env={**os.environ, "PIP_NO_INPUT": "1"})
    for name, spec in specs.items():
        wheel = _wheel_for(cache, spec)
        if wheel is None:
            raise RuntimeError(f"pip download did not produce a wheel for {spec}")
        with zipfile.ZipFile(wheel) as archive:
            members = [m for m in archive.namelist() if m.startswith(f"odoo/addons/{name}/")]
            archive.extractall(target / wheel.stem, members)
    paths = {target / _wheel_for(cache, spec).stem / "odoo" / "addons" for spec in specs.values()}
    merged = target / "merged"
    merged.mkdir(exist_ok=True)
    for path in paths:
        for addon in path.iterdir():
            link = merged / addon.name
            if not link.exists():
                link.symlink_to(addon, target_is_directory=True)
    return merged


def _wheel_for(cache: Path, spec: str) -> Path | None:
    project, version = spec.split("==")
    stem = f"{project.replace('-', '_')}-{version}-"
    return next((p for p in cache.glob(f"{stem}*.whl")), None)
