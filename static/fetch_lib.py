"""Fetch the browser libraries into ``static/lib/`` (git-ignored): OWL and idb, checked by sha256.

Run by ``./dev setup``. Each library is one file taken from its npm tarball (``npm pack``, which
downloads the package alone, without ``npm install``'s dependency tree), written next to its
LICENSE. A file already present with the right sha256 is kept, so later runs cost nothing and
never touch the network. Usage: ``python static/fetch_lib.py [--check]`` (``--check`` only
says whether the files are there and right; exit status 1 when not).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass

LIB_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib")


@dataclass(frozen=True)
class Library:
    package: str            # npm name@version
    tarball: str            # the file `npm pack` writes
    member: str             # the file taken from the tarball
    target: str             # its name under static/lib/
    sha256: str
    license_target: str

    def present(self) -> bool:
        path = os.path.join(LIB_DIR, self.target)
        return (os.path.isfile(path) and sha256(path) == self.sha256
                and os.path.isfile(os.path.join(LIB_DIR, self.license_target)))


LIBRARIES = (
    Library("@odoo/owl@2.8.3", "odoo-owl-2.8.3.tgz", "package/dist/owl.es.js", "owl.es.js",
            "15255b5c5a9211dc17eed418b5830eacd7530302bebe185ddc6ba5e97cf0bc0f", "owl.LICENSE"),
    Library("idb@8.0.4", "idb-8.0.4.tgz", "package/build/index.js", "idb.js",
            "e01b45d2e088a7197e8b41ba9b51a0876969da67cc08e6efbc3d5d7ab6ac836c", "idb.LICENSE"),
)


def sha256(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def extract(tarball: str, member: str, target: str) -> None:
    with tarfile.open(tarball, "r:gz") as archive:
        source = archive.extractfile(member)
        if source is None:
            raise SystemExit(f"fetch_lib: {member} is not a file in {os.path.basename(tarball)}")
        with source, open(target + ".part", "wb") as out:
            shutil.copyfileobj(source, out)
    os.replace(target + ".part", target)       # never leave half a file under the real name


def fetch(missing: list[Library]) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("fetch_lib: npm is needed once to fetch OWL and idb into static/lib/ "
                         "(install Node.js, e.g. `apt-get install -y npm` or https://nodejs.org), "
                         "then run ./dev setup again")
    os.makedirs(LIB_DIR, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fetch_lib_") as tmp:
        done = subprocess.run([npm, "pack", "--silent", *(lib.package for lib in missing)],
                              cwd=tmp, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"fetch_lib: `npm pack {' '.join(lib.package for lib in missing)}` failed "
                             f"(is the npm registry reachable?):\n{done.stderr.strip()}")
        for lib in missing:
            tarball = os.path.join(tmp, lib.tarball)
            target = os.path.join(LIB_DIR, lib.target)
            extract(tarball, lib.member, target)
            got = sha256(target)
            if got != lib.sha256:
                os.remove(target)
                raise SystemExit(f"fetch_lib: {lib.package} {lib.member} has sha256 {got}, expected "
                                 f"{lib.sha256}; the registry served something else, nothing was kept")
            extract(tarball, "package/LICENSE", os.path.join(LIB_DIR, lib.license_target))


def main(argv: list[str]) -> int:
    missing = [lib for lib in LIBRARIES if not lib.present()]
    if "--check" in argv:
        for lib in missing:
            print(f"static/lib/{lib.target} ({lib.package}) is missing or changed; run ./dev setup")
        return 1 if missing else 0
    if missing:
        fetch(missing)
        print("fetched into static/lib/: " + ", ".join(lib.target for lib in missing))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
