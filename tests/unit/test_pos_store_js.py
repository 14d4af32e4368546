"""The browser POS's store without a browser: Node runs store.js, numpad.js and barcode.js (plain
ES modules, no DOM) on a small payload and reports what they computed."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "addons" / "point_of_sale" / "static" / "src"
NODE = shutil.which("node")

SCRIPT = """
import { PosStore } from "%(src)s/store.js";
import { numpadKey, setNumpadMode } from "%(src)s/numpad.js";
const tax = { id: 1, name: "15%%", amount: 15, amount_type: "percent", price_include: false,
              include_base_amount: false, is_base_affected: true, children_tax_ids: [], sum_repartition_factor: 1 };
const data = {
    "pos.config": { id: 3, name: "Till", iface_tax_included: "total", pricelist_id: false },
    "pos.session": { id: 7, name: "POS/7", payment_method_ids: [1, 2, 3], user_id: [2, "Cashier"], sequence_number: 1,
                     login_number: 1 },
    "res.company": { name: "Shop", tax_calculation_rounding_method: "round_per_line" },
    "res.currency": { rounding: 0.01, decimal_places: 2, symbol: "$", position: "before" },
    "account.tax": [tax],
    "product.product": [{ id: 10, display_name: "Pen", lst_price: 10, taxes_id: [1], pos_categ_ids: [],
                          barcode: "123" }],
    "pos.payment.method": [{ id: 1, name: "Cash", type: "cash" }, { id: 2, name: "Card", type: "bank" },
                           { id: 3, name: "Customer Account", type: "pay_later", split_transactions: true }],
};
let n = 0;
const pos = new PosStore(data, { nextSequence: () => ++n, now: () => new Date("2026-01-02T03:04:05Z") });
const out = {};
const pen = pos.products[0];
pos.addProduct(pen); pos.addProduct(pen);
numpadKey(pos, "3");                                  // quantity 3
out.qty = pos.selectedLine().qty;
setNumpadMode(pos, "discount"); numpadKey(pos, "1"); numpadKey(pos, "0");
out.totals = pos.totals();                            // 3 x 10, -10%%, +15%%
out.emptyPay = pos.validationError();
const later = pos.addPayment(pos.paymentMethods[2], 20);
out.noCustomer = pos.validationError();
pos.removePayment(later);
pos.addPayment(pos.paymentMethods[1], 20);
out.partly = pos.validationError();
pos.addPayment(pos.paymentMethods[0], 20);
out.change = pos.change();
pos.selectedOrder.toInvoice = true;                   // the payment screen's invoice toggle
out.invoiceNoCustomer = pos.validationError();
pos.selectedOrder.partner = { id: 5, name: "Deco Addict" };
out.exported = pos.validate("u-1");
out.screen = pos.screen;
pos.nextOrder();
pos.addProduct(pen);
numpadKey(pos, "Backspace"); out.afterOne = pos.selectedOrder.lines.map((l) => l.qty);
numpadKey(pos, "Backspace"); out.afterTwo = pos.selectedOrder.lines.length;
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(NODE is None, reason="needs Node (the browser set-up needs it too: ./dev setup)")
def test_store_totals_numpad_payments_and_export():
    done = subprocess.run([NODE, "--input-type=module", "-e", SCRIPT % {"src": SRC.as_uri()}],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["qty"] == 3
    assert out["totals"] == {"untaxed": 27.0, "tax": 4.05, "total": 31.05,
                             "taxes": [{"id": 1, "name": "15%", "amount": 4.05}]}
    assert out["emptyPay"] == "Still due: $ 31.05."
    assert out["noCustomer"] == "Choose the customer to pay with Customer Account."
    assert out["partly"] == "Still due: $ 11.05."
    assert out["change"] == pytest.approx(8.95) and out["screen"] == "receipt"
    assert out["invoiceNoCustomer"] == "Choose the customer to invoice."
    order = out["exported"]
    assert order["to_invoice"] is True and order["data"]["to_invoice"] is True
    assert order["data"]["partner_id"] == 5
    assert order["uuid"] == "u-1" and order["id"] == "00007-001-0001"
    data = order["data"]
    assert data["name"] == "Order 00007-001-0001" and data["pos_session_id"] == 7 and data["user_id"] == 2
    assert (data["amount_total"], data["amount_tax"], data["amount_paid"], data["amount_return"]) == \
        pytest.approx((31.05, 4.05, 40.0, 8.95))
    assert data["date_order"] == "2026-01-02 03:04:05"
    [[_zero, _none, line]] = data["lines"]
    assert line == {"id": 1, "product_id": 10, "full_product_name": "Pen", "qty": 3, "price_unit": 10, "discount": 10,
                    "price_subtotal": 27.0, "price_subtotal_incl": 31.05, "tax_ids": [[6, False, [1]]],
                    "pack_lot_ids": []}
    assert [p[2]["payment_method_id"] for p in data["statement_ids"]] == [2, 1]
    # backspace on a fresh buffer: quantity 0 first, then the line goes
    assert out["afterOne"] == [0] and out["afterTwo"] == 0
