/** Online / offline / syncing, the number of orders waiting, and the orders the server refused. */
import { Component, useState, xml } from "@odoo/owl";

export class SyncStatus extends Component {
    static props = {};
    static template = xml`
        <div class="pos-sync" t-att-class="{ offline: !sync.online, waiting: sync.pending, syncing: sync.online and sync.pending }">
            <span class="network" t-esc="!sync.online ? 'Offline' : sync.pending ? 'Syncing' : 'Online'"/>
            <span class="pending-label">waiting: <span class="pending" t-esc="sync.pending"/></span>
            <details t-if="sync.refused.length" class="pos-refused">
                <summary><t t-esc="toReview"/> refused</summary>
                <button class="see-refused" t-on-click="() => this.env.pos.screen = 'history'">See in Orders</button>
                <ul><li t-foreach="sync.refused" t-as="item" t-key="item.uuid">
                    <t t-esc="item.name"/>: <span class="reason" t-esc="item.reason"/>
                </li></ul>
            </details>
        </div>`;

    setup() {
        this.sync = useState(this.env.pos.sync);
    }

    /** Refused orders nobody handed to a manager yet. */
    get toReview() {
        return this.sync.refused.filter((entry) => !entry.handedAt).length;
    }
}
