/**
 * Closing the session (online only): the expected cash against the counted cash, the other
 * methods' totals, notes; then post_closing_cash_details, update_closing_control_state_session
 * and close_session_from_ui. Orders still waiting are sent first: a session is not closed
 * while the till holds unsent orders.
 */
import { Component, onWillStart, useState, xml } from "@odoo/owl";

export class ClosingDialog extends Component {
    static props = { onClose: Function };
    static template = xml`
        <div class="pos-dialog-backdrop">
            <form class="pos-dialog pos-closing" t-on-submit.prevent="close">
                <h2>Closing <t t-esc="pos.session.name"/></h2>
                <p class="error" t-if="state.error" t-esc="state.error"/>
                <t t-if="data">
                    <div class="orders-details">Orders: <span class="orders-count" t-esc="data.orders_details.quantity"/>,
                        <span t-esc="pos.formatAmount(data.orders_details.amount)"/></div>
                    <t t-if="data.default_cash_details">
                        <div>Expected cash <span class="expected-cash" t-esc="pos.formatAmount(data.default_cash_details.amount)"/></div>
                        <label>Counted cash <input class="counted-cash" type="number" step="0.01" t-model="state.counted"/></label>
                        <div>Difference <span class="cash-difference" t-esc="pos.formatAmount(difference)"/></div>
                    </t>
                    <div class="other-method" t-foreach="data.other_payment_methods" t-as="method" t-key="method.id">
                        <t t-esc="method.name"/> <span class="amount" t-esc="pos.formatAmount(method.amount)"/>
                    </div>
                    <label>Notes <textarea class="closing-notes" t-model="state.notes"/></label>
                </t>
                <div class="dialog-buttons">
                    <button type="button" class="cancel" t-on-click="props.onClose">Cancel</button>
                    <button type="submit" class="close-session primary" t-att-disabled="!data or state.busy">Close session</button>
                </div>
            </form>
        </div>`;

    setup() {
        this.pos = useState(this.env.pos);
        this.state = useState({ data: null, counted: "", notes: "", error: "", busy: false, closed: false });
        onWillStart(() => this.load());
    }

    get data() {
        return this.state.data;
    }

    get difference() {
        return (parseFloat(this.state.counted) || 0) - this.state.data.default_cash_details.amount;
    }

    async load() {
        try {
            await this.env.queue.flush();
            if (this.env.queue.pending) {
                throw new Error(`${this.env.queue.pending} order(s) are not sent yet`);
            }
            this.state.data = await this.call("get_closing_control_data");
            this.state.counted = String(this.state.data.default_cash_details?.amount ?? "");
        } catch (error) {
            this.state.error = `${error.message}: closing needs the connection and every order sent.`;
        }
    }

    call(method, ...args) {
        return this.env.services.orm.call("pos.session", method, [[this.pos.session.id], ...args]);
    }

    async close() {
        this.state.busy = true;
        try {
            if (this.data.default_cash_details) {
                const posted = await this.call("post_closing_cash_details", parseFloat(this.state.counted) || 0);
                if (posted && posted.successful === false) throw new Error(posted.message);
            }
            await this.call("update_closing_control_state_session", this.state.notes);
            const result = await this.call("close_session_from_ui");
            if (!result.successful) throw new Error(result.message);
            this.pos.session.state = "closed";
            await this.env.savePayload();
            this.props.onClose();
        } catch (error) {
            this.state.error = error.message;
        } finally {
            this.state.busy = false;
        }
    }
}
