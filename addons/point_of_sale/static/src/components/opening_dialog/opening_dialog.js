/** The opening of a session in `opening_control`: the cash counted in the drawer, and notes. */
import { Component, useState, xml } from "@odoo/owl";

export class OpeningDialog extends Component {
    static props = {};
    static template = xml`
        <div class="pos-dialog-backdrop">
            <form class="pos-dialog pos-opening" t-on-submit.prevent="open">
                <h2>Opening cash control</h2>
                <label>Opening cash
                    <input class="opening-cash" type="number" step="0.01" t-model="state.amount"/>
                </label>
                <label>Notes <textarea class="opening-notes" t-model="state.notes"/></label>
                <p class="error" t-if="state.error" t-esc="state.error"/>
                <button class="open-session primary" type="submit" t-att-disabled="state.busy">Open session</button>
            </form>
        </div>`;

    setup() {
        this.pos = useState(this.env.pos);
        this.state = useState({ amount: String(this.pos.session.cash_register_balance_start || 0),
                                notes: "", error: "", busy: false });
    }

    async open() {
        this.state.busy = true;
        try {
            const amount = parseFloat(this.state.amount) || 0;
            await this.env.services.orm.call("pos.session", "set_cashbox_pos",
                                             [this.pos.session.id, amount, this.state.notes]);
            this.pos.session.state = "opened";
            await this.env.savePayload();       // an offline reload must not ask again
        } catch (error) {
            this.state.error = `${error.message} (opening a session needs the connection)`;
        } finally {
            this.state.busy = false;
        }
    }
}
