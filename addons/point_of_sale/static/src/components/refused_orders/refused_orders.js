/**
 * The orders the server refused, in the order history: each with its reason, kept on this
 * browser (refused_store.js) until the cashier sends it again (Retry) or leaves it to a
 * manager, who finds it on the dashboard (the server keeps it in pos.order.rejected).
 */
import { Component, useState, xml } from "@odoo/owl";
import { handToManager, markRetrying } from "../../refused_store.js";

export class RefusedOrders extends Component {
    static props = {};
    static template = xml`
        <section class="pos-refused-orders" t-if="sync.refused.length">
            <h3>Refused by the server</h3>
            <p class="error" t-if="state.error" t-esc="state.error"/>
            <div t-foreach="sync.refused" t-as="entry" t-key="entry.uuid" class="refused-order"
                 t-att-data-uuid="entry.uuid" t-att-class="{ handed: entry.handedAt }">
                <div class="refused-head">
                    <span class="refused-name" t-esc="entry.name"/>
                    <span class="refused-amount" t-esc="pos.formatAmount(entry.item.data.amount_total)"/>
                    <span class="refused-attempts"><t t-esc="entry.attempts"/> attempt(s)</span>
                </div>
                <div class="refused-reason" t-esc="entry.reason"/>
                <div class="refused-actions">
                    <t t-if="entry.retrying"><span class="retrying-label">Sending again…</span></t>
                    <t t-elif="entry.handedAt">
                        <span class="handed-label">With the manager (Dashboard ▸ Refused orders)</span>
                    </t>
                    <t t-else="">
                        <button class="retry-refused primary" t-att-disabled="state.busy"
                                t-on-click="() => this.retry(entry)">Retry</button>
                        <button class="hand-to-manager" t-att-disabled="state.busy"
                                t-on-click="() => this.hand(entry)">Hand to manager</button>
                    </t>
                </div>
            </div>
        </section>`;

    setup() {
        this.pos = useState(this.env.pos);
        this.sync = useState(this.env.pos.sync);
        this.state = useState({ busy: false, error: "" });
    }

    /** Send the same order again (after a fix on the server): back into the offline queue;
     * it leaves this list when the server stores it, and stays with the new reason if not. */
    async retry(entry) {
        this.state.busy = true;
        this.state.error = "";
        try {
            const marked = await markRetrying(entry.uuid);
            if (marked) this.replace(marked);
            // plain data: IndexedDB cannot store the reactive proxy
            await this.env.queue.push(JSON.parse(JSON.stringify(entry.item)));
        } catch (error) {
            this.state.error = `The order could not be queued again: ${error.message}`;
        } finally {
            this.state.busy = false;
        }
    }

    replace(entry) {
        this.sync.refused = this.sync.refused.map((e) => (e.uuid === entry.uuid ? entry : e));
    }

    async hand(entry) {
        const handed = await handToManager(entry.uuid);
        if (handed) this.replace(handed);
    }
}
