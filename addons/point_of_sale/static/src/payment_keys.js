/**
 * The payment screen's keyboard, as Odoo 17's: digits, the decimal point and Backspace edit
 * the selected payment line's amount (the first key replaces the amount proposed), Enter
 * validates once the order is paid, Escape goes back to the products. Keys typed into a field
 * are left to it.
 */
const DECIMAL_KEYS = new Set([".", ","]);

export class PaymentKeys {
    /**
     * @param {{pos: object, validate: () => void, back: () => void}} options
     */
    constructor({ pos, validate, back }) {
        this.pos = pos;
        this.validate = validate;
        this.back = back;
        this.buffer = null;             // null: the next key starts a new amount
        this.paymentId = null;
    }

    selectedPayment() {
        const order = this.pos.selectedOrder;
        return order.payments.find((p) => p.id === order.selectedPaymentId) || order.payments.at(-1) || null;
    }

    /** Feed a keydown event; returns true when it was taken. */
    handle(event) {
        const target = event.target;
        if (event.ctrlKey || event.altKey || event.metaKey) return false;
        if (target?.closest && target.closest("input, textarea, select")) return false;
        if (event.key === "Escape") {
            this.back();
            return true;
        }
        if (event.key === "Enter") {
            this.validate();
            return true;
        }
        const payment = this.selectedPayment();
        if (!payment) return false;
        if (payment.id !== this.paymentId) {
            this.paymentId = payment.id;
            this.buffer = null;
        }
        let buffer = this.buffer ?? "";
        if (/^[0-9]$/.test(event.key)) {
            buffer += event.key;
        } else if (DECIMAL_KEYS.has(event.key)) {
            if (buffer.includes(".")) return true;
            buffer = `${buffer || "0"}.`;
        } else if (event.key === "Backspace") {
            buffer = this.buffer === null ? "" : buffer.slice(0, -1);
        } else {
            return false;
        }
        this.buffer = buffer;
        payment.amount = parseFloat(buffer) || 0;
        return true;
    }
}
