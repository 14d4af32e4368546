/**
 * Loyalty in the till (online only): the selected customer's points and the rewards they can
 * take, on the payment screen. Redeeming asks the server to spend the points
 * (/pos/loyalty/redeem, once per redemption uuid) and puts the discount on the order as lines
 * of the reward's product, one per set of taxes of the order's lines, each carrying those taxes
 * (as Odoo 17 does), so the order's taxes shrink with its total. The order names its
 * redemptions when it is sent (`loyalty_redemption_uuids`), so the server ties them to it.
 * Taking a reward line off (or the Cancel button of the panel, or closing the order) drops the
 * redemption and gives the points back (/pos/loyalty/cancel_redemption); when that call fails,
 * the server gives them back anyway when the order arrives without naming the redemption.
 */
import { Component, onWillStart, useState, xml } from "@odoo/owl";
import { paymentScreenPanels } from "@point_of_sale/extension_slots.js";
import { floatRound } from "@point_of_sale/tax_engine.js";
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
                    <t t-if="applied(reward)">
                        <span class="reward-applied">applied</span>
                        <button class="cancel-reward" t-att-disabled="state.busy"
                                t-on-click="() => this.cancel(reward)">Cancel</button>
                    </t>
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
            const before = this.pos.totals(order).total;
            for (const part of discountLines(this.pos, order, answer.discount_amount)) {
                order.lines.push({ id: order.nextLineId++, productId, name: reward.description, qty: 1,
                                   priceUnit: part.priceUnit, discount: 0, taxIds: part.taxIds, priceManual: true,
                                   loyaltyRedemption: redemptionUuid });
            }
            const taken = floatRound(before - this.pos.totals(order).total, this.pos.rounding);
            order.loyaltyRedemptions = [...(order.loyaltyRedemptions || []),
                                        { uuid: redemptionUuid, rewardId: reward.id, taken }];
            // the payments were for the full amount: the first one takes the discount
            if (order.payments.length) order.payments[0].amount -= taken;
            await this.loadBalance();
        } catch (error) {
            this.state.error = `The reward could not be redeemed: ${error.message}`;
        } finally {
            this.state.busy = false;
        }
    }

    async cancel(reward) {
        const redemption = this.order.loyaltyRedemptions.find((r) => r.rewardId === reward.id);
        this.state.busy = true;
        try {
            await dropRedemption(this.pos, this.order, redemption.uuid);
            await this.loadBalance();
        } finally {
            this.state.busy = false;
        }
    }
}

/**
 * The lines that take `amount` (tax included) off `order`: one per set of taxes found on its
 * lines, with those taxes and the same share of that set's untaxed amount (Odoo 17's discount
 * on the order), so that together with their taxes they come to about `amount`.
 */
export function discountLines(pos, order, amount) {
    const sets = new Map();
    let discountable = 0;
    for (const line of order.lines) {
        if (!line.qty) continue;
        const taxIds = [...line.taxIds].sort((a, b) => a - b);
        const set = sets.get(taxIds.join(",")) || { taxIds, base: 0 };
        set.base += line.priceUnit * line.qty * (1 - (line.discount || 0) / 100);
        sets.set(taxIds.join(","), set);
        discountable += pos.lineAmounts(line).total_included;
    }
    if (discountable <= 0 || amount <= 0) return [];
    const share = Math.min(1, amount / discountable);
    return [...sets.values()]
        .map((set) => ({ taxIds: set.taxIds, priceUnit: -floatRound(set.base * share, pos.rounding) }))
        .filter((part) => part.priceUnit);
}

/** Take a redemption's lines off `order` and give its points back on the server. */
async function dropRedemption(pos, order, redemptionUuid) {
    const redemption = (order.loyaltyRedemptions || []).find((r) => r.uuid === redemptionUuid);
    order.lines = order.lines.filter((l) => l.loyaltyRedemption !== redemptionUuid);
    if (order.lines.every((l) => l.id !== order.selectedLineId)) {
        order.selectedLineId = order.lines.length ? order.lines[order.lines.length - 1].id : null;
    }
    if (!redemption) return;
    order.loyaltyRedemptions = order.loyaltyRedemptions.filter((r) => r !== redemption);
    if (order.payments.length) order.payments[0].amount += redemption.taken || 0;
    try {
        await rpc("/pos/loyalty/cancel_redemption", { config_id: pos.config.id, redemption_uuid: redemptionUuid });
    } catch (error) {
        // the order no longer names it: the server gives the points back when the order arrives
        console.warn(`Redemption ${redemptionUuid} is given back when the order reaches the server:`, error);
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
    // a reward line taken off, or an order closed, drops its redemptions. The wrappers call
    // the store's methods on the `this` they are called on: components hold their own reactive
    // view of the store, whose orders and lines are the ones they compare with
    const { removeLine, setLineValue, removeOrder } = pos;
    pos.removeLine = function (line) {
        if (!line.loyaltyRedemption) return removeLine.call(this, line);
        dropRedemption(this, this.selectedOrder, line.loyaltyRedemption);
    };
    // the numpad never changes a reward line (its amount is what the points paid for): clearing
    // its quantity takes it off
    pos.setLineValue = function (field, value) {
        const line = this.selectedLine();
        if (!line?.loyaltyRedemption) return setLineValue.call(this, field, value);
        if (field === "qty" && !value) this.removeLine(line);
    };
    pos.removeOrder = function (order) {
        for (const redemption of order.loyaltyRedemptions || []) dropRedemption(this, order, redemption.uuid);
        return removeOrder.call(this, order);
    };
}
