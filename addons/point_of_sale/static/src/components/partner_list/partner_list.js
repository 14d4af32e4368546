/**
 * Choosing the order's customer: the customers the till loaded, searched by name, email, phone
 * or barcode, and more from the server through /pos/web_read_models (online only); a new
 * customer is created on the server (online only) and set on the order.
 */
import { Component, useState, xml } from "@odoo/owl";
import { rpc } from "@static/rpc.js";

const FIELDS = ["name", "email", "phone", "mobile", "barcode"];

export class PartnerList extends Component {
    static props = { onDone: Function };
    static template = xml`
        <div class="pos-dialog-backdrop">
            <div class="pos-dialog pos-partner-list">
                <h2>Customer</h2>
                <form class="partner-search-row" t-on-submit.prevent="searchServer">
                    <input class="partner-search" type="search" placeholder="Search customers..." t-model="state.query"/>
                    <button class="search-server" type="submit">Search the server</button>
                </form>
                <p class="partner-message" t-if="state.message" t-esc="state.message"/>
                <form class="partner-create" t-if="state.creating" t-on-submit.prevent="create">
                    <input class="new-partner-name" placeholder="Name" required="" t-model="state.draft.name"/>
                    <input class="new-partner-email" type="email" placeholder="Email" t-model="state.draft.email"/>
                    <input class="new-partner-phone" type="tel" placeholder="Phone" t-model="state.draft.phone"/>
                    <button class="save-partner primary" type="submit" t-att-disabled="state.busy">Save</button>
                </form>
                <ul class="partners">
                    <li t-foreach="partners" t-as="partner" t-key="partner.id">
                        <button class="partner" t-att-data-id="partner.id" t-on-click="() => this.choose(partner)">
                            <t t-esc="partner.name"/> <small t-esc="partner.email or partner.phone or ''"/>
                        </button>
                    </li>
                </ul>
                <div class="dialog-buttons">
                    <button class="new-partner" t-if="!state.creating" t-on-click="() => state.creating = true">New customer</button>
                    <button class="no-partner" t-if="pos.selectedOrder.partner" t-on-click="() => this.choose(null)">No customer</button>
                    <button class="cancel" t-on-click="props.onDone">Cancel</button>
                </div>
            </div>
        </div>`;

    setup() {
        this.pos = useState(this.env.pos);
        this.state = useState({ query: "", message: "", creating: false, busy: false,
                                draft: { name: "", email: "", phone: "" } });
    }

    get partners() {
        const words = this.state.query.trim().toLowerCase();
        return this.pos.partners.filter((partner) => !words ||
            FIELDS.some((f) => partner[f] && String(partner[f]).toLowerCase().includes(words))).slice(0, 100);
    }

    async searchServer() {
        const query = this.state.query.trim();
        try {
            const found = await rpc("/pos/web_read_models", {
                model: "res.partner", config_id: this.pos.config.id, limit: 50,
                domain: query ? ["|", "|", ["name", "ilike", query], ["email", "ilike", query],
                                 ["phone", "ilike", query]] : [],
            });
            this.pos.addPartners(found);
            this.state.message = found.length ? "" : `No customer matches "${query}" on the server.`;
        } catch (error) {
            this.state.message = `Searching the server needs the connection (${error.message}).`;
        }
    }

    async create() {
        const values = Object.fromEntries(Object.entries(this.state.draft).map(([k, v]) => [k, v.trim()]));
        if (!values.name) return;
        if (!navigator.onLine || !this.pos.sync.online) {
            this.state.message = "Creating a customer needs the connection: the till is offline.";
            return;
        }
        this.state.busy = true;
        try {
            const id = await this.env.services.orm.call("res.partner", "create", [values]);
            const partner = { id: Array.isArray(id) ? id[0] : id, ...values };
            this.pos.addPartners([partner]);
            this.choose(partner);
        } catch (error) {
            this.state.message = `The customer could not be created: ${error.message}`;
        } finally {
            this.state.busy = false;
        }
    }

    choose(partner) {
        this.pos.selectedOrder.partner = partner ? { id: partner.id, name: partner.name } : null;
        this.props.onDone();
    }
}
