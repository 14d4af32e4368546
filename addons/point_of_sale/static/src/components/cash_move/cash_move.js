/** Cash put in or taken out of the drawer during the session (`try_cash_in_out`, online only). */
import { Component, useState, xml } from "@odoo/owl";

export class CashMoveDialog extends Component {
    static props = { onDone: Function };
    static template = xml`
        <div class="pos-dialog-backdrop">
            <form class="pos-dialog pos-cash-move" t-on-submit.prevent="confirm">
                <h2>Cash in / out</h2>
                <div class="cash-move-type">
                    <button type="button" class="cash-in" t-att-class="{ active: state.type === 'in' }"
                            t-on-click="() => state.type = 'in'">Cash in</button>
                    <button type="button" class="cash-out" t-att-class="{ active: state.type === 'out' }"
                            t-on-click="() => state.type = 'out'">Cash out</button>
                </div>
                <label>Amount <input class="cash-move-amount" type="number" step="0.01" min="0" t-model="state.amount"/></label>
                <label>Reason <input class="cash-move-reason" t-model="state.reason"/></label>
                <p class="error" t-if="state.error" t-esc="state.error"/>
                <div class="dialog-buttons">
                    <button type="button" class="cancel" t-on-click="props.onDone">Cancel</button>
                    <button type="submit" class="confirm-cash-move primary" t-att-disabled="state.busy">Confirm</button>
                </div>
            </form>
        </div>`;

    setup() {
        this.pos = useState(this.env.pos);
        this.state = useState({ type: "out", amount: "", reason: "", error: "", busy: false });
    }

    async confirm() {
        const amount = parseFloat(this.state.amount);
        if (!(amount > 0)) {
            this.state.error = "Give an amount above zero.";
            return;
        }
        this.state.busy = true;
        try {
            await this.env.services.orm.call("pos.session", "try_cash_in_out",
                [[this.pos.session.id], this.state.type, amount, this.state.reason]);
            this.props.onDone();
        } catch (error) {
            this.state.error = `${error.message} (moving cash needs the connection)`;
        } finally {
            this.state.busy = false;
        }
    }
}
