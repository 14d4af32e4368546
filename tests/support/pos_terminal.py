"""A simulated POS terminal: ``python -m tests.support.pos_terminal CONFIG.json FOLDER``.

It does what the browser POS does with finished orders (``static/src/offline_queue.js`` and
``point_of_sale/static/src/sync.js``), over the same wire protocol: each order gets a client
uuid and is stored durably first (a file in ``FOLDER/queue``, written to a temporary name,
fsynced, renamed), then everything queued is sent to ``/pos/create_from_ui`` (JSON-RPC, the
session cookie of ``/web/session/authenticate``); only the orders the server answered for
(``stored``, ``updated``, ``known``; ``refused`` ones go to ``FOLDER/refused``) leave the
queue, moved to ``FOLDER/acked``. Any failure (refused connection, reset, timeout, a cut or
unreadable answer, an HTTP or JSON-RPC error) keeps everything queued and the next send
waits, with an exponential back-off and jitter. An expired session logs in again.

The folder is the terminal's own record: ``acked``, ``queue`` and ``refused`` hold every
order it rang up, with its lines, totals and payments. Killed and started again, the
terminal goes on where it was (its next order number is the number of files it holds).
It stops once it has rung up ``orders`` orders and its queue is empty, and prints one JSON
line of counters on standard output.

The config (JSON): ``url``, ``db``, ``login``, ``password``, ``session_id``,
``login_number``, ``user_id``, ``orders``, ``seed``, ``timeout`` (seconds per request),
``cash`` and ``card`` (payment method ids), and ``products``: ``[{"id", "price", "taxes",
"amounts": {"<qty>": [excluded, included]}}]``, the amounts the server's tax engine gives
(the browser has the same engine).
"""
from __future__ import annotations

import http.client
import json
import os
import random
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

BATCH = 50                  # orders per call at most (the browser sends all it holds)
BACKOFF_START, BACKOFF_CAP = 0.1, 3.0
CENT = Decimal("0.01")


class SendFailed(Exception):
    """The call did not come back with an answer for every order sent."""


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


class Terminal:
    def __init__(self, config: dict, folder: Path) -> None:
        self.config = config
        self.folder = folder
        self.queue, self.acked, self.refused = (folder / "queue", folder / "acked", folder / "refused")
        for path in (self.queue, self.acked, self.refused):
            path.mkdir(parents=True, exist_ok=True)
        self.host = config["url"].removeprefix("http://")
        self.cookie: str | None = None
        self.stats: Counter = Counter()
        self.failures = 0
        self.next_send = 0.0

    # -- ringing up ---------------------------------------------------------------------------------

    def rung_up(self) -> int:
        return sum(1 for folder in (self.queue, self.acked, self.refused)
                   for path in folder.iterdir() if path.suffix == ".json")

    def make_order(self, number: int) -> dict:
        """Order ``number`` of this terminal: 1-4 lines, paid in cash (maybe with change),
        by card, or both."""
        config = self.config
        rng = random.Random(f"{config['seed']}-{number}")
        lines, total, excluded = [], Decimal(0), Decimal(0)
        for _ in range(rng.randint(1, 4)):
            product = rng.choice(config["products"])
            qty = rng.randint(1, 3)
            line_excluded, line_included = (money(v) for v in product["amounts"][str(qty)])
            total += line_included
            excluded += line_excluded
            lines.append([0, 0, {"product_id": product["id"], "qty": qty, "price_unit": product["price"],
                                 "discount": 0, "price_subtotal": float(line_excluded),
                                 "price_subtotal_incl": float(line_included),
                                 "tax_ids": [[6, False, product["taxes"]]], "pack_lot_ids": []}])
        how = rng.choice(["cash", "cash_change", "card", "split"])
        payments, change = [], Decimal(0)
        if how == "cash":
            payments = [(config["cash"], total)]
        elif how == "cash_change":
            given = (total / 5).to_integral_value(rounding="ROUND_CEILING") * 5 + 5
            payments, change = [(config["cash"], given)], given - total
        elif how == "card":
            payments = [(config["card"], total)]
        else:
            part = money(total * Decimal(rng.randint(1, 9)) / 10)
            payments = [(config["cash"], part), (config["card"], total - part)]
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        sequence = number + 1
        reference = f"{config['session_id']:05d}-{config['login_number']:03d}-{sequence:04d}"
        data = {
            "name": f"Order {reference}", "uid": reference, "uuid": str(uuid.uuid4()),
            "sequence_number": sequence, "pos_session_id": config["session_id"],
            "user_id": config["user_id"], "partner_id": False, "pricelist_id": False,
            "fiscal_position_id": False, "date_order": now,
            "amount_paid": float(sum(amount for _method, amount in payments)),
            "amount_total": float(total), "amount_tax": float(total - excluded),
            "amount_return": float(change), "to_invoice": False, "server_id": False, "lines": lines,
            "statement_ids": [[0, 0, {"name": now, "payment_method_id": method, "amount": float(amount)}]
                              for method, amount in payments],
        }
        return {"id": reference, "uuid": data["uuid"], "to_invoice": False, "data": data}

    def store(self, number: int, order: dict) -> None:
        """Durably, before any send: a temporary file, fsynced, renamed, the folder fsynced."""
        final = self.queue / f"{number:05d}-{order['uuid']}.json"
        temporary = final.with_suffix(".tmp")
        with open(temporary, "w") as handle:
            json.dump(order, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
        _fsync_dir(self.queue)

    # -- sending ------------------------------------------------------------------------------------

    def flush(self) -> None:
        """Send what is queued (in batches) unless backing off; failures only delay."""
        while time.monotonic() >= self.next_send:
            files = sorted(path for path in self.queue.iterdir() if path.suffix == ".json")[:BATCH]
            if not files:
                return
            orders = [json.loads(path.read_text()) for path in files]
            try:
                answers = self.send(orders)
            except (SendFailed, OSError, http.client.HTTPException, ValueError) as error:
                self.stats[f"failed_{type(error).__name__}"] += 1
                self.failures += 1
                delay = min(BACKOFF_CAP, BACKOFF_START * 2 ** self.failures)
                self.next_send = time.monotonic() + delay * random.uniform(0.5, 1.0)
                return
            self.failures = 0
            for path, order, answer in zip(files, orders, answers):
                if answer.get("uuid") not in (order["uuid"], False, None):
                    raise SystemExit(f"answer for {answer.get('uuid')} to an order {order['uuid']}")
                status = answer.get("status")
                self.stats[f"answer_{status}"] += 1
                target = self.refused if status == "refused" else self.acked
                if status == "refused":
                    order["refused_reason"] = answer.get("reason")
                    path.write_text(json.dumps(order))
                os.replace(path, target / path.name)
            _fsync_dir(self.queue)

    def send(self, orders: list[dict]) -> list[dict]:
        if self.cookie is None:
            self.login()
        body = self.rpc("/pos/create_from_ui", {"orders": orders})
        if "error" in body:
            if body["error"].get("code") == 100:        # session expired: log in again
                self.cookie = None
            raise SendFailed(body["error"]["data"].get("message", "server error")[:200])
        answers = body.get("result")
        if not isinstance(answers, list) or len(answers) != len(orders):
            raise SendFailed(f"unexpected answer {str(answers)[:200]}")
        self.stats["calls_ok"] += 1
        return answers

    def login(self) -> None:
        body = self.rpc("/web/session/authenticate", {"db": self.config["db"], "login": self.config["login"],
                                                      "password": self.config["password"]})
        if "error" in body or not body.get("result", {}).get("uid"):
            raise SendFailed(f"login failed: {str(body)[:200]}")
        self.stats["logins"] += 1

    def rpc(self, path: str, params: dict) -> dict:
        self.stats["calls"] += 1
        payload = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}).encode()
        headers = {"Content-Type": "application/json", "Connection": "close"}
        if self.cookie:
            headers["Cookie"] = f"session_id={self.cookie}"
        connection = http.client.HTTPConnection(self.host, timeout=self.config["timeout"])
        try:
            connection.request("POST", path, body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie" and value.startswith("session_id="):
                    self.cookie = value.split(";")[0].split("=", 1)[1]
        finally:
            connection.close()
        if response.status != 200:
            raise SendFailed(f"HTTP {response.status}")
        return json.loads(data)

    # -- the whole run ------------------------------------------------------------------------------

    def run(self) -> None:
        rng = random.Random(f"{self.config['seed']}-pace-{time.time()}")
        for number in range(self.rung_up(), self.config["orders"]):
            self.store(number, self.make_order(number))
            self.flush()
            time.sleep(rng.uniform(0, self.config.get("pace", 0.05)))
        while any(path.suffix == ".json" for path in self.queue.iterdir()):
            time.sleep(max(0.0, self.next_send - time.monotonic()))
            self.flush()
        print(json.dumps(dict(self.stats)), flush=True)


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def main(argv: list[str]) -> None:
    config_path, folder = argv
    Terminal(json.loads(Path(config_path).read_text()), Path(folder)).run()


if __name__ == "__main__":
    main(sys.argv[1:])
