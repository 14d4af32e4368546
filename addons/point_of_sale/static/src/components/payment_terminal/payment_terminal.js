/**
 * A payment line paid through a payment terminal (a method with `use_payment_terminal`): send
 * the amount, follow the terminal (waiting, approved, declined, cancelled), cancel a waiting
 * request. Terminals are online only: without the server nothing is sent, and the line says so.
 *
 * The routes are the demo terminal's (`pos_demo_terminal`): /pos/terminal/send, /status and
 * /cancel, keyed by the line's uuid, so a resend after a lost answer never charges twice.
 */
import { Component, onWillUnmount, useState, xml } from "@odoo/owl";
import { newUuid } from "@static/offline_queue.js";
import { rpc } from "@static/rpc.js";

export const TERMINAL_LABELS = {
    pending: "Ready to send", waiting: "Waiting for the card…", approved: "Approved",
    declined: "Declined", cancelled: "Cancelled", error: "Error",
};

/** True when terminal payments can be used now. */
export function terminalsOnline(pos) {
    return navigator.onLine && pos.sync.online;
}

export class PaymentTerminal extends Component {
    static props = { payment: Object, orderUid: String };
    static template = xml`
        <div class="terminal-status" t-att-data-state="terminal.state">
            <span t-att-class="'terminal-state state-' + terminal.state" t-esc="label"/>
            <span class="terminal-reason" t-if="terminal.reason" t-esc="terminal.reason"/>
            <span class="terminal-transaction" t-if="terminal.transactionId" t-esc="terminal.transactionId"/>
            <button class="send-terminal primary" t-if="canSend" t-on-click="send">
                <t t-esc="terminal.state === 'pending' ? 'Send' : 'Send again'"/></button>
            <button class="cancel-terminal" t-if="terminal.state === 'waiting'" t-on-click="cancel">Cancel</button>
        </div>`;

    setup() {
        this.pos = useState(this.env.pos);
        this.payment = useState(this.props.payment);
        this.stopped = false;
        onWillUnmount(() => (this.stopped = true));
    }

    get terminal() {
        return this.payment.terminal;
    }

    get label() {
        return TERMINAL_LABELS[this.terminal.state] || this.terminal.state;
    }

    get canSend() {
        return ["pending", "declined", "cancelled", "error"].includes(this.terminal.state);
    }

    async send() {
        const terminal = this.terminal;
        if (!terminalsOnline(this.pos)) {
            Object.assign(terminal, { state: "error", reason: "The card terminal needs the connection: try again online." });
            return;
        }
        // a new request after a decline or a cancel; the same uuid while one may be live
        if (!terminal.lineUuid || ["declined", "cancelled"].includes(terminal.state)) terminal.lineUuid = newUuid();
        Object.assign(terminal, { state: "waiting", reason: false });
        try {
            this.apply(await rpc("/pos/terminal/send", {
                payment_method_id: this.payment.methodId, amount: this.payment.amount,
                line_uuid: terminal.lineUuid, order_uuid: this.props.orderUid }));
            await this.follow();
        } catch (error) {
            Object.assign(terminal, { state: "error", reason: error.message });
        }
    }

    /** Poll the terminal while the request waits (it tells when to ask again). */
    async follow() {
        while (this.terminal.state === "waiting" && !this.stopped) {
            const wait = Math.min(Math.max(this.retryAfter || 0.3, 0.3), 2);
            await new Promise((resolve) => setTimeout(resolve, wait * 1000));
            if (this.terminal.state !== "waiting") break;
            this.apply(await rpc("/pos/terminal/status", { line_uuid: this.terminal.lineUuid }));
        }
    }

    async cancel() {
        try {
            this.apply(await rpc("/pos/terminal/cancel", { line_uuid: this.terminal.lineUuid }));
        } catch (error) {
            Object.assign(this.terminal, { reason: `Could not cancel: ${error.message}` });
        }
    }

    apply(answer) {
        this.retryAfter = answer.retry_after;
        Object.assign(this.terminal, { state: answer.state, reason: answer.reason || false,
                                       transactionId: answer.transaction_id || false,
                                       cardType: answer.card_type || false });
    }
}
