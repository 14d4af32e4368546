"""Packaging hook: the packages to ship, with the applications of ``addons/`` inside them.

setup.cfg holds the metadata. The package list is computed here because ``addons/`` is
shipped under another name: a checkout keeps the applications at its top (``addons/``),
an installed copy holds them as ``framework/apps`` (a top-level ``addons`` package would
clash with other distributions); ``framework.config`` looks in both places. An editable
install (``./dev setup``) maps nothing: the checkout is used in place, and the plain layout
keeps setuptools quiet.
"""
import sys
from pathlib import Path

from setuptools import find_namespace_packages, setup

#: Folders that are no packages: byte-code caches.
NOT_PACKAGES = ["*__pycache__", "*__pycache__.*"]


def shipped_apps() -> bool:
    """Whether ``addons/`` goes into the package (a real build, not an editable install)."""
    return Path("addons").is_dir() and "editable_wheel" not in sys.argv


def packages() -> list[str]:
    found = find_namespace_packages(include=["framework", "framework.*"], exclude=NOT_PACKAGES)
    if shipped_apps():
        found += ["framework.apps"] + [
            f"framework.apps.{name}"
            for name in find_namespace_packages("addons", exclude=NOT_PACKAGES)]
    return found


setup(packages=packages(),
      package_dir={"": ".", **({"framework.apps": "addons"} if shipped_apps() else {})})
