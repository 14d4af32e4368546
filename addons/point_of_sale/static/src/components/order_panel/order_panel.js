/** The current order: its lines, totals and taxes, the numpad (quantity, discount, price) and Pay. */
import { Component, useState, xml } from "@odoo/owl";
import { numpadKey, setNumpadMode } from "../../numpad.js";
import { PartnerList } from "../partner_list/partner_list.js";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "+/-", "0", "."];

export class OrderPanel extends Component {
    static components = { PartnerList };
    static props = {};
    static template = xml`
        <section class="pos-order">
            <ul class="order-lines">
                <li t-if="!order.lines.length" class="order-empty">This order is empty</li>
                <t t-foreach="order.lines" t-as="line" t-key="line.id">
                    <li class="orderline" t-att-data-id="line.id" t-att-class="{ selected: line.id === order.selectedLineId }"
                        t-on-click="() => order.selectedLineId = line.id">
                        <span class="line-name" t-esc="line.name"/>
                        <span class="line-price" t-esc="pos.formatAmount(this.lineTotal(line))"/>
                        <span class="line-info">
                            <span class="qty" t-esc="line.qty"/> x <span class="unit" t-esc="pos.formatAmount(line.priceUnit)"/>
                            <t t-if="line.discount"> with <span class="discount" t-esc="line.discount"/>% discount</t>
                        </span>
                        <button class="remove-line" title="Remove" t-on-click.stop="() => pos.removeLine(line)">×</button>
                    </li>
                </t>
            </ul>
            <div class="order-summary">
                <div class="taxes">Taxes <span class="amount" t-esc="pos.formatAmount(totals.tax)"/></div>
                <div class="total">Total <span class="amount" t-esc="pos.formatAmount(totals.total)"/></div>
            </div>
            <div class="pos-numpad">
                <t t-foreach="keys" t-as="key" t-key="key">
                    <button class="numpad-key" t-att-data-key="key" t-on-click="() => this.press(key)" t-esc="key"/>
                </t>
                <button class="numpad-key" data-key="Backspace" t-on-click="() => this.press('Backspace')">⌫</button>
                <t t-foreach="modes" t-as="mode" t-key="mode[0]">
                    <button class="numpad-mode" t-att-data-mode="mode[0]" t-att-class="{ active: pos.numpad.mode === mode[0] }"
                            t-on-click="() => this.setMode(mode[0])" t-esc="mode[1]"/>
                </t>
            </div>
            <button class="set-partner" t-on-click="() => state.choosing = true"
                    t-esc="order.partner ? order.partner.name : 'Customer'"/>
            <PartnerList t-if="state.choosing" onDone="() => state.choosing = false"/>
            <button class="pay primary" t-att-disabled="!order.lines.length" t-on-click="() => pos.screen = 'payment'">Payment</button>
        </section>`;

    setup() {
        this.pos = useState(this.env.pos);
        this.state = useState({ choosing: false });
        this.keys = KEYS;
        this.modes = [["qty", "Qty"], ["discount", "% Disc"], ["price", "Price"]];
    }

    get order() {
        return this.pos.selectedOrder;
    }

    get totals() {
        return this.pos.totals(this.order);
    }

    lineTotal(line) {
        const amounts = this.pos.lineAmounts(line);
        return this.pos.taxIncluded ? amounts.total_included : amounts.total_excluded;
    }

    press(key) {
        numpadKey(this.pos, key);
    }

    setMode(mode) {
        setNumpadMode(this.pos, mode);
    }
}
