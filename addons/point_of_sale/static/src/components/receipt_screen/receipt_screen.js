/**
 * The receipt of the order just paid: printable (print CSS and window.print), sent by e-mail
 * (`pos.order.action_receipt_to_customer`, with the receipt as an image, once the order is on
 * the server), then a new order.
 */
import { Component, useRef, useState, xml } from "@odoo/owl";
import { ConnectionLostError } from "@static/rpc.js";
import { receiptImage } from "../../receipt_image.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class ReceiptScreen extends Component {
    static props = {};
    static template = xml`
        <div class="pos-receipt-screen">
            <div class="receipt-actions">
                <button class="print" t-on-click="() => window.print()">Print receipt</button>
                <button t-if="order.reprint" class="back-to-history" t-on-click="() => pos.screen = 'history'">Back</button>
                <button t-else="" class="next-order primary" t-on-click="() => pos.nextOrder()">New order</button>
                <form class="receipt-email" novalidate="" t-on-submit.prevent="sendEmail">
                    <input type="email" class="receipt-email-to" placeholder="The customer's e-mail"
                           t-model="state.email"/>
                    <button type="submit" class="send-email" t-att-disabled="state.sending">Send by e-mail</button>
                    <p class="receipt-email-status" t-if="state.message" t-esc="state.message"/>
                </form>
            </div>
            <article class="pos-receipt" t-ref="receipt">
                <header>
                    <h2 class="company" t-esc="pos.company.name"/>
                    <div t-if="pos.company.phone">Tel: <t t-esc="pos.company.phone"/></div>
                    <div t-if="pos.company.email" t-esc="pos.company.email"/>
                    <div class="receipt-header" t-if="pos.config.is_header_or_footer and pos.config.receipt_header"
                         t-esc="pos.config.receipt_header"/>
                </header>
                <table class="receipt-lines">
                    <t t-foreach="order.lines" t-as="line" t-key="line.id">
                        <tr class="receipt-line">
                            <td><t t-esc="line.name"/><div class="receipt-detail"><t t-esc="line.qty"/> x <t t-esc="pos.formatAmount(line.priceUnit)"/><t t-if="line.discount">, discount <t t-esc="line.discount"/>%</t></div></td>
                            <td class="amount" t-esc="pos.formatAmount(this.lineTotal(line))"/>
                        </tr>
                    </t>
                </table>
                <div class="receipt-subtotal">Untaxed <span class="amount" t-esc="pos.formatAmount(totals.untaxed)"/></div>
                <t t-foreach="totals.taxes" t-as="tax" t-key="tax.id">
                    <div class="receipt-tax"><t t-esc="tax.name"/> <span class="amount" t-esc="pos.formatAmount(tax.amount)"/></div>
                </t>
                <div class="receipt-total">TOTAL <span class="amount" t-esc="pos.formatAmount(totals.total)"/></div>
                <t t-foreach="order.payments" t-as="payment" t-key="payment.id">
                    <div class="receipt-payment"><t t-esc="payment.name"/> <span class="amount" t-esc="pos.formatAmount(payment.amount)"/></div>
                </t>
                <div class="receipt-change">CHANGE <span class="amount" t-esc="pos.formatAmount(order.changeGiven)"/></div>
                <footer>
                    <div class="receipt-footer" t-if="pos.config.is_header_or_footer and pos.config.receipt_footer"
                         t-esc="pos.config.receipt_footer"/>
                    <div class="receipt-partner" t-if="order.partner">Customer: <t t-esc="order.partner.name"/></div>
                    <div class="order-reference" t-esc="order.name"/>
                    <div class="receipt-invoice" t-if="order.toInvoice">Invoice <span class="invoice-name"
                        t-esc="invoiceName or 'to be issued when the order reaches the server'"/></div>
                    <div class="order-date" t-esc="date"/>
                </footer>
            </article>
        </div>`;

    setup() {
        this.pos = useState(this.env.pos);
        this.receipt = useRef("receipt");
        this.state = useState({ email: this.order.partner?.email || "", sending: false, message: "" });
    }

    /** The order's id on the server: known once it synced (or shown again from the server). */
    get serverId() {
        return this.order.serverId || (this.order.uuid && this.pos.sync.synced[this.order.uuid]) || null;
    }

    async sendEmail() {
        const email = this.state.email.trim();
        if (!EMAIL.test(email)) {
            this.state.message = "Enter the customer's e-mail address (name@example.com).";
            return;
        }
        if (!this.serverId) {
            this.state.message = "This order is not on the server yet: it goes as soon as the till is " +
                "online. Send the receipt then.";
            return;
        }
        this.state.sending = true;
        this.state.message = "";
        try {
            const client = { email, name: this.order.partner?.name || email };
            await this.env.services.orm.call("pos.order", "action_receipt_to_customer",
                [[this.serverId], this.order.name, client, receiptImage(this.receipt.el)]);
            this.state.message = `Receipt sent to ${email}.`;
        } catch (error) {
            this.state.message = error instanceof ConnectionLostError
                ? "The till is offline: send the receipt once the connection is back."
                : `The receipt was not sent: ${error.message}`;
        } finally {
            this.state.sending = false;
        }
    }

    get order() {
        return this.pos.lastOrder;
    }

    get totals() {
        return this.order.totalsAtValidation;
    }

    /** The invoice number the server answered for this order (once it synced). */
    get invoiceName() {
        return this.order.uuid ? this.pos.sync.invoices[this.order.uuid] || null : null;
    }

    get date() {
        return this.pos.formatDateTime(new Date(this.order.paidAt));
    }

    lineTotal(line) {
        const amounts = this.pos.lineAmounts(line);
        return this.pos.taxIncluded ? amounts.total_included : amounts.total_excluded;
    }
}
