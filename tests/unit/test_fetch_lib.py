"""static/fetch_lib.py, the set-up step fetching OWL and idb: kept when right, refused when wrong."""
from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import io
import os
import stat
import sys
import tarfile

import pytest

from tests.support.paths import REPO_DIR


@pytest.fixture
def fetch_lib(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("fetch_lib", REPO_DIR / "static" / "fetch_lib.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "fetch_lib", module)      # its dataclass looks itself up there
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "LIB_DIR", str(tmp_path / "lib"))
    return module


def fake_npm(tmp_path, files: dict[str, bytes]) -> str:
    """An `npm` whose `pack` writes each library's tarball holding ``files`` (name -> content)."""
    payload = tmp_path / "payload.tar"
    with tarfile.open(payload, "w") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    script = tmp_path / "npm"
    script.write_text(f"""#!{sys.executable}
import gzip, shutil
for name in ("odoo-owl-2.8.3.tgz", "idb-8.0.4.tgz"):
    with open({str(payload)!r}, "rb") as source, gzip.open(name, "wb") as out:
        shutil.copyfileobj(source, out)
""")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_check_reports_missing_files(fetch_lib, capsys):
    assert fetch_lib.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert "static/lib/owl.es.js (@odoo/owl@2.8.3) is missing or changed; run ./dev setup" in out
    assert "static/lib/idb.js" in out


def test_missing_npm_says_how_to_get_it(fetch_lib, monkeypatch):
    monkeypatch.setattr(fetch_lib.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit, match=r"npm is needed once .* \(install Node\.js"):
        fetch_lib.main([])


def test_a_file_with_another_sha256_is_not_kept(fetch_lib, tmp_path, monkeypatch):
    npm = fake_npm(tmp_path, {"package/dist/owl.es.js": b"export const tampered = 1;\n",
                              "package/build/index.js": b"export {};\n", "package/LICENSE": b"licence\n"})
    monkeypatch.setattr(fetch_lib.shutil, "which", lambda name: npm)
    with pytest.raises(SystemExit, match=r"@odoo/owl@2\.8\.3 package/dist/owl\.es\.js has sha256 \w+, expected "
                                         "15255b5c"):
        fetch_lib.main([])
    assert not os.path.exists(os.path.join(fetch_lib.LIB_DIR, "owl.es.js"))


def test_right_files_are_extracted_with_their_licence(fetch_lib, tmp_path, monkeypatch):
    owl, idb = b"owl module\n", b"idb module\n"
    npm = fake_npm(tmp_path, {"package/dist/owl.es.js": owl, "package/build/index.js": idb,
                              "package/LICENSE": b"the licence\n"})
    monkeypatch.setattr(fetch_lib.shutil, "which", lambda name: npm)
    libraries = tuple(dataclasses.replace(lib, sha256=hashlib.sha256(content).hexdigest())
                      for lib, content in zip(fetch_lib.LIBRARIES, (owl, idb)))
    monkeypatch.setattr(fetch_lib, "LIBRARIES", libraries)
    assert fetch_lib.main([]) == 0
    with open(os.path.join(fetch_lib.LIB_DIR, "owl.es.js"), "rb") as handle:
        assert handle.read() == owl
    with open(os.path.join(fetch_lib.LIB_DIR, "idb.LICENSE"), "rb") as handle:
        assert handle.read() == b"the licence\n"
    # present and right: a second run never calls npm
    monkeypatch.setattr(fetch_lib.shutil, "which", lambda name: None)
    assert fetch_lib.main([]) == 0
    assert fetch_lib.main(["--check"]) == 0
