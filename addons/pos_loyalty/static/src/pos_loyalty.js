/**
 * Loyalty in the till (online only): the selected customer's points and the rewards they can
 * take, on the payment screen. Redeeming asks the server to spend the points
 * (/pos/loyalty/redeem, once per redemption uuid) and puts the discount on the order as a
 * line of the reward's product; the order names its redemptions when it is sent
 * (`loyalty_redemption_uuids`), so the server ties them to it. Taking the line off gives the
 * points back (/pos/loyalty/cancel_redemption).
 */
import { Component, onWillStart, useState, xml } from "@odoo/owl";
import { paymentScreenPanels } from "@point_of_sale/extension_slots.js";
import { newUuid } from "@static/offline_queue.js";
import { rpc } from "@static/rpc.js";

class LoyaltyPanel extends Component {
    static props = {};
    static template = xml`
        <section class="pos-loyalty" t-if="order.partner and rewards.length">
            <h4>Loyalty · <t t-esc="order.partner.name"/></h4>
            <p class="online-only loyalty-offline" t-if="!online">Loyalty points need the connection: the till is offline.</p>
            <t t-else="">
                <p class="error" t-if="state.error" t-esc="state.error"/>
                <div class="loyalty-points" t-foreach="state.balances" t-as="balance" t-key="balance.program_id">
                    <span class="points" t-esc="balance.points"/> <t t-esc="balance.point_name"/>
                </div>
                <div class="reward" t-foreach="rewards" t-as="reward" t-key="reward.id" t-att-data-id="reward.id">
                    <span class="reward-name"><t t-esc="reward.description"/> (<t t-esc="reward.required_points"/> points)</span>
                    <span class="reward-applied" t-if="applied(reward)">applied</span>
                    <button class="redeem" t-else="" t-att-disabled="!canRedeem(reward) or state.busy"
                            t-on-click="() => this.redeem(reward)">Redeem</button>
                </div>
            </t>
        </section>`;

    setup() {
        this.pos = useState(this.env.pos);
        this.state = useState({ balances: [], error: "", busy: false, partnerId: null });
        onWillStart(() => this.loadBalance());
    }

    get order() {
        return this.pos.selectedOrder;
    }

    get online() {
        return navigator.onLine && this.pos.sync.online;
    }

    get rewards() {
        return this.pos.data["loyalty.reward"] || [];
    }

    points(reward) {
        const programId = Array.isArray(reward.program_id) ? reward.program_id[0] : reward.program_id;
        return this.state.balances.find((b) => b.program_id === programId)?.points || 0;
    }

    canRedeem(reward) {
        return this.points(reward) + 1e-9 >= reward.required_points && this.pos.totals(this.order).total > 0;
    }

    applied(reward) {
        return (this.order.loyaltyRedemptions || []).some((r) => r.rewardId === reward.id);
    }

    async loadBalance() {
        const partner = this.order?.partner;
        if (!partner || !this.online) return;
        try {
            this.state.balances = await rpc("/pos/loyalty/balance", {
                config_id: this.pos.config.id, partner_id: partner.id });
            this.state.error = "";
        } catch (error) {
            this.state.error = `The points could not be read: ${error.message}`;
        }
    }

    async redeem(reward) {
        const order = this.order;
        const redemptionUuid = newUuid();
        this.state.busy = true;
        try {
            const answer = await rpc("/pos/loyalty/redeem", {
                config_id: this.pos.config.id, partner_id: order.partner.id, reward_id: reward.id,
                redemption_uuid: redemptionUuid, order_uuid: order.uid,
                order_amount: this.pos.totals(order).total });
            const productId = Array.isArray(reward.discount_line_product_id)
                ? reward.discount_line_product_id[0] : reward.discount_line_product_id;
            order.lines.push({ id: order.nextLineId++, productId, name: reward.description, qty: 1,
                               priceUnit: -answer.discount_amount, discount: 0, taxIds: [], priceManual: true,
                               loyaltyRedemption: redemptionUuid });
            order.loyaltyRedemptions = [...(order.loyaltyRedemptions || []),
                                        { uuid: redemptionUuid, rewardId: reward.id }];
            // the payments were for the full amount: the first one takes the discount
            if (order.payments.length) order.payments[0].amount -= answer.discount_amount;
            await this.loadBalance();
        } catch (error) {
            this.state.error = `The reward could not be redeemed: ${error.message}`;
        } finally {
            this.state.busy = false;
        }
    }
}

export function setup(pos) {
    paymentScreenPanels.push(LoyaltyPanel);
    const exportOrder = pos.exportOrder.bind(pos);
    pos.exportOrder = (order) => {
        const exported = exportOrder(order);
        exported.data.loyalty_redemption_uuids = (order.loyaltyRedemptions || []).map((r) => r.uuid);
        return exported;
    };
}
