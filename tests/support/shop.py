"""A shop for the reliability tests: a till with cash and card, taxed products, a cashier and a
manager on a database of its own; ``odoo-bin`` serving it as a process group that a test can
SIGKILL and start again; and the shop's figures read straight from the database."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import xmlrpc.client
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .cli import child_env, server_flags
from .paths import ODOO_BIN, REPO_DIR
from .ports import free_port, wait_until_up

PASSWORD = "pos-faults"
#: name, price, tax (None, "excluded" 15 %, "included" 10 %)
PRODUCTS = [("Fault Pen", 10.0, "excluded"), ("Fault Coffee", 2.2, "included"),
            ("Fault Bread", 3.35, None), ("Fault Cake", 4.99, "excluded"), ("Fault Tea", 1.75, "included")]


@dataclass
class Shop:
    db: str
    config_id: int
    cash: int
    card: int
    cashier_uid: int
    manager_uid: int
    cashier2_uid: int
    manager2_uid: int
    products: list[dict] = field(default_factory=list)


def build_shop(registry) -> Shop:
    """The till, its methods, products, taxes and users, committed in ``registry``'s database."""
    from framework.orm.environment import Environment
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        company = env.ref("base.main_company")
        journals = env["account.journal"]
        cash_journal = journals.create({"name": "Faults Cash", "code": "FCSH", "type": "cash",
                                        "company_id": company.id})
        bank_journal = journals.create({"name": "Faults Bank", "code": "FBNK", "type": "bank",
                                        "company_id": company.id})
        cash = env["pos.payment.method"].create({"name": "Faults Cash", "journal_id": cash_journal.id})
        card = env["pos.payment.method"].create({"name": "Faults Card", "journal_id": bank_journal.id})
        config = env["pos.config"].create({"name": "Faults Till",
                                           "payment_method_ids": [(6, 0, [cash.id, card.id])]})
        taxes = {
            None: env["account.tax"],
            "excluded": env["account.tax"].create({"name": "Faults 15%", "amount": 15.0,
                                                   "amount_type": "percent", "company_id": company.id}),
            "included": env["account.tax"].create({"name": "Faults 10% incl.", "amount": 10.0,
                                                   "amount_type": "percent", "price_include": True,
                                                   "company_id": company.id}),
        }
        products = []
        for name, price, tax in PRODUCTS:
            product = env["product.product"].create({"name": name, "list_price": price,
                                                     "available_in_pos": True,
                                                     "taxes_id": [(6, 0, taxes[tax].ids)]})
            amounts = {}
            for qty in (1, 2, 3):
                result = taxes[tax].compute_all(price, company.currency_id, qty, product=product)
                amounts[str(qty)] = [result["total_excluded"], result["total_included"]]
            products.append({"id": product.id, "price": price, "taxes": taxes[tax].ids, "amounts": amounts})
        users = env["res.users"]
        uids = []
        for login, group in (("faults_cashier", "group_pos_user"), ("faults_manager", "group_pos_manager"),
                             ("faults_cashier2", "group_pos_user"), ("faults_manager2", "group_pos_manager")):
            uids.append(users.create({"name": login.replace("_", " ").title(), "login": login,
                                      "password": PASSWORD,
                                      "groups_id": [(6, 0, [env.ref(f"point_of_sale.{group}").id])]}).id)
        shop = Shop(registry.db_name, config.id, cash.id, card.id, *uids, products)
    return shop


class ServerProcess:
    """``odoo-bin`` serving one database on a fixed loopback port, in a process group of its own
    (``--workers N``: gunicorn's master and workers), killed with SIGKILL as a whole."""

    def __init__(self, address, db: str, workers: int, log: Path, port: int | None = None) -> None:
        self.address, self.db, self.workers, self.log = address, db, workers, log
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, str(ODOO_BIN), *server_flags(self.address), "-d", self.db,
                   "--db-filter", f"^{self.db}$", "-p", str(self.port), "--http-interface", "127.0.0.1",
                   "--workers", str(self.workers), "--max-cron-threads", "0"]
        with open(self.log, "ab") as output:
            self.process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=child_env(),
                                            cwd=REPO_DIR, start_new_session=True)
        self.starts += 1
        try:
            wait_until_up(self.url, self.process, seconds=120)
        except AssertionError:
            self.kill()
            raise AssertionError(self.log.read_text()[-4000:]) from None

    def kill(self) -> None:
        """SIGKILL the whole group (no clean-up runs: a power cut, as far as the server knows)."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(30)
        self.process = None
        # gunicorn's workers are in the group too: wait until none holds the port
        deadline = time.monotonic() + 30
        while _port_taken(self.port) and time.monotonic() < deadline:
            time.sleep(0.1)

    def call(self, uid: int, model: str, method: str, *args, **kwargs):
        with xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True) as models:
            return models.execute_kw(self.db, uid, PASSWORD, model, method, list(args), kwargs)


def _port_taken(port: int) -> bool:
    import socket
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def cents(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))

