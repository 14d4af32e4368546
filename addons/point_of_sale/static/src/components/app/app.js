/** The POS app: the top bar (till, order tabs, sync status) and the current screen. */
import { Component, useState, xml } from "@odoo/owl";
import { CashMoveDialog } from "../cash_move/cash_move.js";
import { ClosingDialog } from "../closing_dialog/closing_dialog.js";
import { OrderHistory } from "../order_history/order_history.js";
import { OpeningDialog } from "../opening_dialog/opening_dialog.js";
import { PaymentScreen } from "../payment_screen/payment_screen.js";
import { ProductScreen } from "../product_screen/product_screen.js";
import { ReceiptScreen } from "../receipt_screen/receipt_screen.js";
import { SyncStatus } from "../sync_status/sync_status.js";

export class PosApp extends Component {
    static components = { CashMoveDialog, ClosingDialog, OpeningDialog, OrderHistory, PaymentScreen, ProductScreen, ReceiptScreen, SyncStatus };
    static props = {};
    static template = xml`
        <div class="pos">
            <header class="pos-topbar">
                <span class="pos-config-name" t-esc="pos.config.name"/>
                <nav class="pos-order-tabs" t-if="pos.screen !== 'receipt'">
                    <t t-foreach="pos.orders" t-as="order" t-key="order.uid">
                        <button class="pos-order-tab" t-att-class="{ active: order === pos.selectedOrder }"
                                t-on-click="() => pos.selectOrder(order)" t-esc="order.uid.slice(-4)"/>
                    </t>
                    <button class="pos-new-order" title="New order" t-on-click="() => pos.addOrder()">+</button>
                    <button class="pos-remove-order" t-if="pos.screen === 'products' and pos.selectedOrder.lines.length"
                            t-att-class="{ confirming: state.removing }" t-on-click="removeOrder"
                            t-esc="state.removing ? 'Confirm delete' : 'Delete order'"/>
                </nav>
                <SyncStatus/>
                <button class="pos-history-button" t-if="pos.session.state === 'opened'"
                        t-on-click="() => pos.screen = 'history'">Orders</button>
                <button class="pos-cash-move-button" t-if="pos.session.state === 'opened' and pos.config.cash_control"
                        t-on-click="() => state.cashMove = true">Cash in/out</button>
                <button class="pos-close-session" t-if="pos.session.state === 'opened'"
                        t-on-click="() => state.closing = true">Close</button>
            </header>
            <CashMoveDialog t-if="state.cashMove" onDone="() => state.cashMove = false"/>
            <div class="pos-closed" t-if="pos.session.state === 'closed'">
                <h2>Session <t t-esc="pos.session.name"/> is closed.</h2>
                <a href="/pos/launcher">Back to the Point of Sale launcher</a>
            </div>
            <ClosingDialog t-elif="state.closing" onClose="() => state.closing = false"/>
            <OpeningDialog t-elif="pos.session.state === 'opening_control'"/>
            <ProductScreen t-elif="pos.screen === 'products'"/>
            <PaymentScreen t-elif="pos.screen === 'payment'"/>
            <ReceiptScreen t-elif="pos.screen === 'receipt'"/>
            <OrderHistory t-elif="pos.screen === 'history'"/>
        </div>`;

    setup() {
        this.pos = useState(this.env.pos);
        // the launcher's "Close" opens the till on its closing screen (?close=1)
        const closing = new URLSearchParams(location.search).get("close") === "1";
        this.state = useState({ closing, cashMove: false, removing: false });
    }

    /** Deleting the selected order asks a second tap (an order in progress is work lost). */
    removeOrder() {
        if (!this.state.removing) {
            this.state.removing = true;
            clearTimeout(this.removingTimer);
            this.removingTimer = setTimeout(() => (this.state.removing = false), 4000);
            return;
        }
        this.state.removing = false;
        this.pos.removeOrder(this.pos.selectedOrder);
    }
}
