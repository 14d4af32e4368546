/**
 * The order history: this till's orders on the server (online) and those still waiting in
 * IndexedDB, each with its sync state; a server order's lines can be refunded.
 */
import { Component, onWillStart, useState, xml } from "@odoo/owl";
import { RefusedOrders } from "../refused_orders/refused_orders.js";
import { serverDate } from "../../locale.js";

export class OrderHistory extends Component {
    static components = { RefusedOrders };
    static props = {};
    static template = xml`
        <div class="pos-history">
            <section class="history-list">
                <button class="back" t-on-click="() => pos.screen = 'products'">Back</button>
                <p class="error" t-if="state.error" t-esc="state.error"/>
                <RefusedOrders/>
                <table>
                    <tr t-foreach="state.waiting" t-as="order" t-key="order.uuid" class="history-order waiting">
                        <td t-esc="order.data.name"/><td t-esc="pos.formatAmount(order.data.amount_total)"/>
                        <td class="sync-state">waiting</td>
                    </tr>
                    <tr t-foreach="state.orders" t-as="order" t-key="order.id" class="history-order synced"
                        t-att-data-id="order.id" t-att-class="{ selected: state.selected === order }"
                        t-on-click="() => this.select(order)">
                        <td t-esc="order.pos_reference"/><td class="order-date" t-esc="this.orderDate(order)"/><td t-esc="pos.formatAmount(order.amount_total)"/>
                        <td class="sync-state">synced</td>
                    </tr>
                </table>
            </section>
            <section class="history-detail" t-if="state.selected">
                <h3 t-esc="state.selected.pos_reference"/>
                <div class="history-line" t-foreach="state.lines" t-as="line" t-key="line.id">
                    <t t-esc="line.product_id[1]"/>: <t t-esc="line.qty"/>
                    <t t-if="line.refunded_qty"> (refunded <t t-esc="line.refunded_qty"/>)</t>
                </div>
                <button class="reprint" t-on-click="reprint">Print receipt</button>
                <button class="refund primary" t-att-disabled="!refundable" t-on-click="refund">Refund</button>
            </section>
        </div>`;

    /** When the order was paid, in the cashier's language. */
    orderDate(order) {
        return this.pos.formatDateTime(serverDate(order.date_order));
    }

    setup() {
        this.pos = useState(this.env.pos);
        this.state = useState({ orders: [], waiting: [], selected: null, lines: [], error: "" });
        onWillStart(() => this.load());
    }

    get refundable() {
        return this.state.lines.some((line) => line.qty - (line.refunded_qty || 0) > 0);
    }

    async load() {
        this.state.waiting = await this.env.queue.items();
        try {
            this.state.orders = await this.env.services.orm.call("pos.order", "search_read", [], {
                domain: [["session_id.config_id", "=", this.pos.config.id], ["amount_total", ">", 0]],
                fields: ["pos_reference", "amount_total", "amount_return", "date_order", "partner_id"],
                order: "id desc", limit: 50,
            });
        } catch (error) {
            this.state.error = `The orders on the server need the connection (${error.message}).`;
        }
    }

    /** Show `order` and fetch its lines; until they come, its receipt and refund wait for
     * them (never the lines of the order selected before). */
    select(order) {
        this.state.selected = order;
        this.state.lines = [];
        const loading = this.env.services.orm.call("pos.order.line", "search_read", [], {
            domain: [["order_id", "=", order.id]],
            fields: ["product_id", "qty", "price_unit", "discount", "tax_ids", "refunded_qty"],
        }).then((lines) => {
            if (this.linesLoading === loading) this.state.lines = lines;
            return lines;
        });
        this.linesLoading = loading;
        return loading;
    }

    async reprint() {
        const order = this.state.selected;
        const [lines, payments] = await Promise.all([this.linesLoading, this.env.services.orm.call(
            "pos.payment", "search_read", [], {
                domain: [["pos_order_id", "=", order.id]], fields: ["payment_method_id", "amount"],
            })]);
        this.pos.showReprint(order, lines, payments);
    }

    refund() {
        this.pos.addRefund(this.state.selected, this.state.lines);
    }
}
