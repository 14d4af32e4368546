/** The payment screen: the till's payment methods, the payment lines, what is due or given back. */
import { Component, useExternalListener, useState, xml } from "@odoo/owl";
import { newUuid } from "@static/offline_queue.js";
import { PaymentKeys } from "../../payment_keys.js";

export class PaymentScreen extends Component {
    static props = {};
    static template = xml`
        <div class="pos-payment-screen">
            <section class="payment-methods">
                <button class="back" t-on-click="() => pos.screen = 'products'">Back</button>
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
                               t-on-input="(ev) => this.setAmount(payment, ev.target.value)"/>
                        <button class="remove-payment" title="Remove" t-on-click="() => pos.removePayment(payment)">×</button>
                    </div>
                </t>
                <div class="payment-status">
                    <div>Remaining <span class="remaining" t-esc="pos.formatAmount(Math.max(pos.amountDue(order), 0))"/></div>
                    <div>Change <span class="change" t-esc="pos.formatAmount(pos.change(order))"/></div>
                </div>
                <p class="validation-error" t-if="state.tried and error" t-esc="error"/>
                <button class="validate primary" t-att-class="{ disabled: error }" t-on-click="validate">Validate</button>
            </section>
        </div>`;

    setup() {
        this.pos = useState(this.env.pos);
        this.state = useState({ tried: false });
        this.keys = new PaymentKeys({ pos: this.pos, validate: () => this.validate(),
                                      back: () => { this.pos.screen = "products"; } });
        useExternalListener(window, "keydown", (event) => {
            if (this.keys.handle(event)) event.preventDefault();
        });
    }

    get order() {
        return this.pos.selectedOrder;
    }

    get totals() {
        return this.pos.totals(this.order);
    }

    get error() {
        return this.pos.validationError(this.order);
    }

    add(method) {
        this.pos.addPayment(method);
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
