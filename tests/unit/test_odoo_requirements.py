"""Libraries that Odoo 17 installs with itself and that its addons import without listing
them in ``external_dependencies`` (OCA partner_tz imports pytz, its tests freezegun): they
are requirements of this project too."""
from __future__ import annotations

import configparser
import datetime
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_setup_requires_them():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    required = {line.split(">")[0].split("=")[0].strip()
                for line in config["options"]["install_requires"].splitlines()
                if line.strip() and not line.strip().startswith("#")}
    assert {"pytz", "freezegun"} <= required


def test_they_work_as_addons_use_them():
    import freezegun
    import pytz
    brussels = pytz.timezone("Europe/Brussels")
    with freezegun.freeze_time("2024-07-01 10:00:00"):
        local = pytz.utc.localize(datetime.datetime.now()).astimezone(brussels)
    assert local.hour == 12
