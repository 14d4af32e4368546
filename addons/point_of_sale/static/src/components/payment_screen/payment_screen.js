/**
 * The payment screen: the till's payment methods, the payment lines, what is due or given back,
 * and the invoice toggle (tills with invoicing on): an invoiced order needs its customer, asked
 * for when the toggle is turned on without one. Offline, an invoiced order waits in the queue
 * like any other; the server invoices it when it arrives. Keys: digits, Backspace, the decimal
 * point, Enter to validate once paid, Escape back (payment_keys.js).
 */
import { Component, useExternalListener, useState, xml } from "@odoo/owl";
import { newUuid } from "@static/offline_queue.js";
import { PartnerList } from "../partner_list/partner_list.js";
import { ExtensionSlot, paymentScreenPanels } from "../../extension_slots.js";
import { PaymentTerminal, terminalsOnline } from "../payment_terminal/payment_terminal.js";
import { PaymentKeys } from "../../payment_keys.js";

export class PaymentScreen extends Component {
    static components = { ExtensionSlot, PartnerList, PaymentTerminal };
    static props = {};
    static template = xml`
        <div class="pos-payment-screen">
            <section class="payment-methods">
                <button class="back" t-on-click="() => pos.screen = 'products'">Back</button>
                <p class="online-only terminal-offline" t-if="state.offlineMethod">
                    <t t-esc="state.offlineMethod"/> goes through the card terminal, which needs the
                    connection: the till is offline. Take another payment method.</p>
                <t t-foreach="pos.paymentMethods" t-as="method" t-key="method.id">
                    <button class="payment-method" t-att-data-id="method.id" t-on-click="() => this.add(method)"
                            t-esc="method.name"/>
                </t>
            </section>
            <section class="payment-lines">
                <div class="payment-total">Total <span class="amount" t-esc="pos.formatAmount(totals.total)"/></div>
                <t t-foreach="order.payments" t-as="payment" t-key="payment.id">
                    <div class="paymentline" t-att-data-method="payment.methodId"
                         t-att-class="{ selected: payment.id === order.selectedPaymentId }"
                         t-on-click="() => order.selectedPaymentId = payment.id">
                        <span class="payment-name" t-esc="payment.name"/>
                        <input class="payment-amount" type="number" step="0.01" t-att-value="payment.amount"
                               t-att-disabled="locked(payment)"
                               t-on-input="(ev) => this.setAmount(payment, ev.target.value)"/>
                        <button class="remove-payment" title="Remove" t-if="!locked(payment)"
                                t-on-click="() => pos.removePayment(payment)">×</button>
                        <PaymentTerminal t-if="payment.terminal" payment="payment" orderUid="order.uid"/>
                    </div>
                </t>
                <ExtensionSlot components="panels"/>
                <div class="payment-status">
                    <div>Remaining <span class="remaining" t-esc="pos.formatAmount(Math.max(pos.amountDue(order), 0))"/></div>
                    <div>Change <span class="change" t-esc="pos.formatAmount(pos.change(order))"/></div>
                </div>
                <div class="payment-invoice" t-if="pos.config.module_account">
                    <button class="js-invoice" t-att-class="{ highlight: order.toInvoice }"
                            t-att-aria-pressed="order.toInvoice ? 'true' : 'false'" t-on-click="toggleInvoice">Invoice</button>
                    <button class="invoice-partner" t-if="order.toInvoice" t-on-click="() => state.choosing = true"
                            t-esc="order.partner ? order.partner.name : 'Choose the customer'"/>
                </div>
                <p class="validation-error" t-if="state.tried and error" t-esc="error"/>
                <button class="validate primary" t-att-class="{ disabled: error }" t-on-click="validate">Validate</button>
            </section>
            <PartnerList t-if="state.choosing" onDone="() => state.choosing = false"/>
        </div>`;

    setup() {
        this.pos = useState(this.env.pos);
        this.state = useState({ tried: false, choosing: false, offlineMethod: "" });
        this.keys = new PaymentKeys({ pos: this.pos, validate: () => this.validate(),
                                      back: () => { this.pos.screen = "products"; } });
        useExternalListener(window, "keydown", (event) => {
            if (this.state.choosing) return;                // the customer list has the keys
            const payment = this.keys.selectedPayment();
            if (payment && this.locked(payment) && !["Enter", "Escape"].includes(event.key)) return;
            if (this.keys.handle(event)) event.preventDefault();
        });
    }

    get order() {
        return this.pos.selectedOrder;
    }

    /** What the addons add under the payment lines (extension_slots.js). */
    get panels() {
        return paymentScreenPanels;
    }

    get totals() {
        return this.pos.totals(this.order);
    }

    get error() {
        return this.pos.validationError(this.order);
    }

    add(method) {
        this.state.offlineMethod = "";
        if (method.use_payment_terminal && !terminalsOnline(this.pos)) {
            this.state.offlineMethod = method.name;     // online only: nothing is added
            return;
        }
        this.pos.addPayment(method);
    }

    /** Turn the invoice on or off; on, without a customer, the customer list opens. */
    toggleInvoice() {
        this.order.toInvoice = !this.order.toInvoice;
        if (this.order.toInvoice && !this.order.partner) this.state.choosing = true;
    }

    /** A terminal payment on its way or approved: its amount stays, and it cannot be removed. */
    locked(payment) {
        return !!payment.terminal && ["waiting", "approved"].includes(payment.terminal.state);
    }

    setAmount(payment, value) {
        payment.amount = parseFloat(value) || 0;
    }

    /** Refused until paid; then the order is written to IndexedDB before any network call. */
    async validate() {
        this.state.tried = true;
        if (this.error) return;
        const exported = this.pos.validate(newUuid());
        await this.env.queue.push(exported);
    }
}
