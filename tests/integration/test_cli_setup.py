"""Set-up as a user meets it: ``./odoo-bin`` without an activated venv, and the package that
``pip install .`` builds (quiet, with the addons' data files and the applications of addons/)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.support.cli import child_env
from tests.support.paths import ODOO_BIN, REPO_DIR

ODOO_BIN = str(ODOO_BIN)
REPO_DIR = str(REPO_DIR)

#: Not part of what gets packaged (and big).
NOT_COPIED = shutil.ignore_patterns(".venv", ".data", ".git", "__pycache__", "*.egg-info",
                                    "build", "tests", "bench")


def test_odoo_bin_runs_itself_with_the_projects_venv():
    """``python -S`` stands for a Python without the dependencies (no site-packages)."""
    process = subprocess.run([sys.executable, "-S", ODOO_BIN, "--version"], capture_output=True,
                             text=True, env=child_env(), timeout=60, cwd="/")
    assert (process.returncode, process.stdout.startswith("Odoo Server 17.0")) == (0, True), \
        process.stderr


def test_odoo_bin_without_venv_or_dependencies_says_what_to_do(tmp_path):
    shutil.copy(ODOO_BIN, tmp_path / "odoo-bin")
    process = subprocess.run([sys.executable, "-S", str(tmp_path / "odoo-bin"), "--version"],
                             capture_output=True, text=True, env=child_env(), timeout=60)
    assert (process.returncode, process.stderr.splitlines()) == (1, [
        f"odoo-bin: {sys.executable} cannot run the server (No module named 'psycopg'); run "
        f"./dev setup in {tmp_path} to make its .venv, or install the project: pip install -e "
        f"{tmp_path}"])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """``pip wheel .`` of a copy of the checkout holding an application in addons/."""
    root = tmp_path_factory.mktemp("package")
    source = root / "src"
    shutil.copytree(REPO_DIR, source, ignore=NOT_COPIED)
    app = source / "addons" / "library_app"
    (app / "data").mkdir(parents=True)
    (app / "static" / "src").mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "__manifest__.py").write_text("{'name': 'Library', 'depends': ['base'], "
                                         "'data': ['data/books.xml'], 'license': 'LGPL-3'}\n")
    (app / "data" / "books.xml").write_text("<odoo/>\n")
    (app / "static" / "src" / "library.js").write_text("// a front-end file\n")
    process = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w",
                              str(root / "dist"), str(source)],
                             capture_output=True, text=True, timeout=600)
    assert process.returncode == 0, process.stdout + process.stderr
    [built] = (root / "dist").glob("*.whl")
    return root, built, process.stdout + process.stderr


def test_the_build_is_quiet(wheel):
    _root, _built, output = wheel
    assert "BuildBackendWarning" not in output and "SetuptoolsWarning" not in output, output


def test_the_wheel_carries_addon_data_and_the_applications(wheel):
    _root, built, _output = wheel
    names = set(zipfile.ZipFile(built).namelist())
    expected = {"framework/addons/base/__manifest__.py",
                "framework/addons/base/security/ir.model.access.csv",
                "framework/addons/base/demo/res_users_demo.xml",
                "framework/apps/library_app/__manifest__.py",
                "framework/apps/library_app/data/books.xml",
                "framework/apps/library_app/static/src/library.js"}
    assert (expected - names, [name for name in names if "__pycache__" in name]) == (set(), [])


def test_an_installed_copy_finds_its_applications(wheel):
    root, built, _output = wheel
    target = root / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(built)], check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    process = subprocess.run([sys.executable, "-c", "from framework.config import Config; "
                              "print('\\n'.join(Config().addons_paths()))"],
                             capture_output=True, text=True, env=env, cwd=root, timeout=60)
    assert process.stdout.split() == [str(target / "framework" / "addons"),
                                      str(target / "framework" / "apps")], process.stderr
