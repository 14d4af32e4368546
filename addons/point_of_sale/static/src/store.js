/**
 * The POS store: the loaded data, the open orders, their lines, payments and totals (no DOM).
 *
 *     const pos = reactive(new PosStore(payload, { nextSequence }));
 *     pos.addProduct(pos.products[0]); pos.addPayment(pos.paymentMethods[0]); pos.validate();
 *
 * Components read it and call its methods; `main.js` wraps it in OWL's `reactive()` so that
 * they re-render. Totals come from `TaxEngine`, the same figures as the server's compute_all.
 */
import { TaxEngine, floatRound } from "./tax_engine.js";
import { priceFromPricelist } from "./pricelist.js";
import { formatDateTime, formatMonetary, userLang } from "./locale.js";

const many2oneId = (value) => (Array.isArray(value) ? value[0] : value || false);

export class PosStore {
    /**
     * @param {object} data the payload of POST /pos/ui (Odoo 17's load_pos_data)
     * @param {{nextSequence: () => number, now?: () => Date}} options the order numbering
     */
    constructor(data, { nextSequence, now = () => new Date() }) {
        this.loadCatalogue(data);
        this.nextSequence = nextSequence;
        this.now = now;
        this.orders = [];
        this.selectedOrder = null;
        this.screen = "products";           // products | payment | receipt
        this.lastOrder = null;              // the order the receipt shows
        this.sync = { online: true, pending: 0, refused: [], synced: {}, invoices: {} };
        this.numpad = { mode: "qty", buffer: "", lineKey: null };
        this.models = {};                   // what addons register (setup(pos)): name -> records
        this.addOrder();
    }

    /** (Re)read the payload: settings, taxes, products, categories, customers, pricelists. */
    loadCatalogue(data) {
        this.data = data;
        this.config = data["pos.config"];
        if (this.session && !data["pos.session"].login_number) {     // the page's login, kept over reloads
            data["pos.session"].login_number = this.session.login_number;
        }
        this.session = data["pos.session"];
        this.company = data["res.company"];
        this.currency = data["res.currency"] || { rounding: 0.01, decimal_places: 2, symbol: "$" };
        this.rounding = this.currency.rounding || 0.01;
        this.taxes = new TaxEngine(data["account.tax"] || [], {
            rounding: this.rounding,
            roundGlobally: this.company?.tax_calculation_rounding_method === "round_globally",
        });
        this.products = (data["product.product"] || []).filter((p) => p.available_in_pos !== false && p.active !== false);
        this.categories = this._shownCategories(data["pos.category"] || []);
        this.paymentMethods = (data["pos.payment.method"] || []).filter((m) =>
            (this.session.payment_method_ids || []).includes(m.id));
        this.partners = data["res.partner"] || [];
        this.pricelists = data["product.pricelist"] || [];
        this.pricelist = this.pricelists.find((p) => p.id === many2oneId(this.config.pricelist_id)) || null;
        this.taxIncluded = this.config.iface_tax_included === "total";
        this.lang = userLang(data);
    }

    /** Add products read from the server (those already known are replaced). */
    addProducts(products) {
        const rows = products.filter((p) => p.available_in_pos !== false && p.active !== false);
        const ids = new Set(rows.map((p) => p.id));
        this.data["product.product"] = [...(this.data["product.product"] || []).filter((p) => !ids.has(p.id)), ...rows];
        this.products = [...this.products.filter((p) => !ids.has(p.id)), ...rows];
        return rows;
    }

    _shownCategories(categories) {
        const limited = this.config.limit_categories && (this.config.iface_available_categ_ids || []).length;
        if (!limited) return categories;
        const allowed = new Set(this.config.iface_available_categ_ids);
        return categories.filter((c) => allowed.has(c.id));
    }

    // -- catalogue -------------------------------------------------------------------------------

    /** Products of `categoryId` (null: all shown) matching `query` in name, code or barcode. */
    searchProducts(query = "", categoryId = null) {
        const shown = new Set(this.categories.map((c) => c.id));
        const limited = this.categories.length !== (this.data["pos.category"] || []).length;
        const words = query.trim().toLowerCase();
        return this.products.filter((product) => {
            const categs = product.pos_categ_ids || [];
            if (categoryId && !categs.includes(categoryId)) return false;
            if (limited && !categs.some((id) => shown.has(id))) return false;
            if (!words) return true;
            return [product.display_name, product.default_code, product.barcode]
                .some((text) => text && String(text).toLowerCase().includes(words));
        });
    }

    /** Add customers read from the server (those already known are replaced). */
    addPartners(partners) {
        const ids = new Set(partners.map((p) => p.id));
        this.partners = [...partners, ...this.partners.filter((p) => !ids.has(p.id))];
    }

    productByBarcode(code) {
        return this.products.find((p) => p.barcode && p.barcode === code) || null;
    }

    /** The unit price of `product` from the order's pricelist, before taxes and discount. */
    unitPrice(product, quantity = 1) {
        return priceFromPricelist(this.pricelist, product, quantity, this.now());
    }

    /** The price the grid shows: one unit, tax included or not as the till is set. */
    displayPrice(product) {
        const result = this.taxes.computeAll(product.taxes_id || [], this.unitPrice(product), 1);
        return this.taxIncluded ? result.total_included : result.total_excluded;
    }

    /** An amount in the till's currency, written as the cashier's language does (locale.js). */
    formatAmount(amount) {
        return formatMonetary(amount, this.currency, this.lang);
    }

    /** A Date as the cashier's language writes it. */
    formatDateTime(date) {
        return formatDateTime(date, this.lang);
    }

    // -- orders ----------------------------------------------------------------------------------

    addOrder() {
        const sequence = this.nextSequence();
        const pad = (n, size) => String(n).padStart(size, "0");
        const uid = `${pad(this.session.id, 5)}-${pad(this.session.login_number || 1, 3)}-${pad(sequence, 4)}`;
        const order = { uid, name: `Order ${uid}`, sequence, lines: [], payments: [], partner: null,
                        createdAt: this.now().toISOString(), state: "draft", nextLineId: 1 };
        this.orders.push(order);
        this.selectedOrder = order;
        this.screen = "products";
        this.numpad.mode = "qty";
        this.numpad.buffer = "";
        return order;
    }

    selectOrder(order) {
        this.selectedOrder = order;
        this.screen = "products";
    }

    removeOrder(order) {
        this.orders = this.orders.filter((o) => o !== order);
        if (this.selectedOrder === order) {
            this.selectedOrder = this.orders[this.orders.length - 1] || null;
            if (!this.selectedOrder) this.addOrder();
        }
    }

    addProduct(product, quantity = 1) {
        const order = this.selectedOrder;
        const line = order.lines.find((l) => l.productId === product.id && !l.discount && !l.priceManual);
        if (line) {
            line.qty += quantity;
            order.selectedLineId = line.id;
            return line;
        }
        const added = { id: order.nextLineId++, productId: product.id, name: product.display_name,
                        qty: quantity, priceUnit: this.unitPrice(product, quantity), discount: 0,
                        taxIds: [...(product.taxes_id || [])], priceManual: false };
        order.lines.push(added);
        order.selectedLineId = added.id;
        return added;
    }

    /** A new order giving back what is left of `lines` (pos.order.line rows of `serverOrder`). */
    addRefund(serverOrder, lines) {
        const order = this.addOrder();
        order.refundOf = serverOrder.pos_reference;
        for (const line of lines) {
            const left = line.qty - (line.refunded_qty || 0);
            if (left <= 0) continue;
            order.lines.push({ id: order.nextLineId++, productId: line.product_id[0], name: line.product_id[1],
                               qty: -left, priceUnit: line.price_unit, discount: line.discount || 0,
                               taxIds: [...line.tax_ids], priceManual: true, refundedLineId: line.id });
        }
        order.selectedLineId = order.lines.length ? order.lines[0].id : null;
        return order;
    }

    selectedLine(order = this.selectedOrder) {
        return order.lines.find((l) => l.id === order.selectedLineId) || null;
    }

    /** Set `field` (qty, discount, price) of the selected line; a quantity of "" removes it. */
    setLineValue(field, value) {
        const order = this.selectedOrder;
        const line = this.selectedLine(order);
        if (!line) return;
        if (field === "qty" && value === null) {
            this.removeLine(line);
        } else if (field === "qty") {
            line.qty = value;
        } else if (field === "discount") {
            line.discount = Math.min(Math.max(value || 0, 0), 100);
        } else if (field === "price") {
            line.priceUnit = value || 0;
            line.priceManual = true;
        }
    }

    removeLine(line) {
        const order = this.selectedOrder;
        order.lines = order.lines.filter((l) => l !== line);
        order.selectedLineId = order.lines.length ? order.lines[order.lines.length - 1].id : null;
    }

    /** The line's compute_all on its discounted price (as pos.order.line on the server). */
    lineAmounts(line) {
        const price = line.priceUnit * (1 - (line.discount || 0) / 100);
        return this.taxes.computeAll(line.taxIds, price, line.qty);
    }

    /** {untaxed, tax, total, taxes: [{id, name, amount}]} of `order`, rounded as the server does. */
    totals(order = this.selectedOrder) {
        let untaxed = 0, total = 0;
        const byTax = new Map();
        for (const line of order.lines) {
            const result = this.lineAmounts(line);
            untaxed += result.total_excluded;
            total += result.total_included;
            for (const tax of result.taxes) {
                const known = byTax.get(tax.id) || { id: tax.id, name: tax.name, amount: 0 };
                known.amount += tax.amount;
                byTax.set(tax.id, known);
            }
        }
        const round = (amount) => floatRound(amount, this.rounding);
        return { untaxed: round(untaxed), tax: round(total - untaxed), total: round(total),
                 taxes: [...byTax.values()].map((t) => ({ ...t, amount: round(t.amount) })) };
    }

    // -- payments --------------------------------------------------------------------------------

    addPayment(method, amount = null) {
        const order = this.selectedOrder;
        const due = this.amountDue(order);
        const payment = { id: order.nextLineId++, methodId: method.id, name: method.name,
                          isCash: method.type === "cash" || method.is_cash_count,
                          needsPartner: method.type === "pay_later" || !!method.split_transactions,
                          amount: amount ?? (this.totals(order).total < 0 ? due : Math.max(due, 0)) };
        if (method.use_payment_terminal) {      // components/payment_terminal drives it
            payment.terminal = { kind: method.use_payment_terminal, state: "pending", lineUuid: null,
                                 transactionId: false, cardType: false, reason: false };
        }
        order.payments.push(payment);
        order.selectedPaymentId = payment.id;
        return payment;
    }

    removePayment(payment) {
        const order = this.selectedOrder;
        order.payments = order.payments.filter((p) => p !== payment);
    }

    paid(order = this.selectedOrder) {
        return floatRound(order.payments.reduce((sum, p) => sum + (p.amount || 0), 0), this.rounding);
    }

    amountDue(order = this.selectedOrder) {
        return floatRound(this.totals(order).total - this.paid(order), this.rounding);
    }

    /** The change given back: what cash paid beyond the total (only cash gives change). */
    change(order = this.selectedOrder) {
        const over = -this.amountDue(order);
        const cash = order.payments.filter((p) => p.isCash).reduce((sum, p) => sum + p.amount, 0);
        return over > 0 ? floatRound(Math.min(over, cash), this.rounding) : 0;
    }

    /** Why `order` cannot be validated yet, or null. */
    validationError(order = this.selectedOrder) {
        if (!order.lines.length) return "The order is empty.";
        const unpaid = order.payments.find((p) => p.terminal && p.terminal.state !== "approved");
        if (unpaid) return `The card payment of ${this.formatAmount(unpaid.amount)} is not approved by the terminal.`;
        const later = order.payments.find((p) => p.needsPartner);
        if (later && !order.partner) return `Choose the customer to pay with ${later.name}.`;
        if (order.toInvoice && !order.partner) return "Choose the customer to invoice.";
        const due = this.amountDue(order);
        if (this.totals(order).total < 0) {     // a refund: exactly what is given back
            return Math.abs(due) > this.rounding / 2 ? `Still to give back: ${this.formatAmount(-due)}.` : null;
        }
        if (due > this.rounding / 2) return `Still due: ${this.formatAmount(due)}.`;
        if (-due - this.change(order) > this.rounding / 2) return "Only cash can be paid beyond the total.";
        return null;
    }

    /** Finish the selected order: returns it exported for /pos/create_from_ui; opens the receipt. */
    validate(uuid) {
        const order = this.selectedOrder;
        const error = this.validationError(order);
        if (error) throw new Error(error);
        order.state = "paid";
        order.uuid = uuid;
        order.totalsAtValidation = this.totals(order);
        order.changeGiven = this.change(order);
        order.paidAt = this.now().toISOString();
        const exported = this.exportOrder(order);
        this.lastOrder = order;
        this.orders = this.orders.filter((o) => o !== order);
        this.screen = "receipt";
        return exported;
    }

    /** Show the receipt of a server order again (pos.order, its lines and payments as read). */
    showReprint(serverOrder, lines, payments) {
        const order = {
            uid: serverOrder.pos_reference, name: serverOrder.pos_reference, reprint: true, serverId: serverOrder.id,
            partner: serverOrder.partner_id ? { id: serverOrder.partner_id[0], name: serverOrder.partner_id[1] } : null,
            lines: lines.map((line) => ({ id: line.id, productId: line.product_id[0], name: line.product_id[1],
                                          qty: line.qty, priceUnit: line.price_unit, discount: line.discount || 0,
                                          taxIds: [...line.tax_ids] })),
            payments: payments.filter((p) => p.amount > 0).map((p) => ({
                id: p.id, methodId: p.payment_method_id[0], name: p.payment_method_id[1], amount: p.amount })),
            changeGiven: serverOrder.amount_return || 0,
            paidAt: `${serverOrder.date_order.replace(" ", "T")}Z`,
        };
        order.totalsAtValidation = this.totals(order);
        this.lastOrder = order;
        this.screen = "receipt";
    }

    nextOrder() {
        this.addOrder();
    }

    /** The order as Odoo 17's browser sends it to create_from_ui (`{id, to_invoice, data}`). */
    exportOrder(order) {
        const totals = this.totals(order);
        const date = order.paidAt.replace("T", " ").slice(0, 19);
        const lines = order.lines.map((line) => {
            const amounts = this.lineAmounts(line);
            return [0, 0, { id: line.id, product_id: line.productId, full_product_name: line.name,
                            qty: line.qty, price_unit: line.priceUnit,
                            discount: line.discount, price_subtotal: amounts.total_excluded,
                            price_subtotal_incl: amounts.total_included,
                            tax_ids: [[6, false, line.taxIds]], pack_lot_ids: [],
                            ...(line.refundedLineId ? { refunded_orderline_id: line.refundedLineId } : {}) }];
        });
        const statements = order.payments.map((p) => [0, 0, { name: date, payment_method_id: p.methodId,
                                                             amount: p.amount,
                                                             ...(p.terminal ? { transaction_id: p.terminal.transactionId,
                                                                                card_type: p.terminal.cardType,
                                                                                payment_status: "done" } : {}) }]);
        const data = {
            name: order.name, uid: order.uid, uuid: order.uuid, sequence_number: order.sequence,
            pos_session_id: this.session.id, user_id: many2oneId(this.session.user_id),
            partner_id: order.partner?.id || false, pricelist_id: this.pricelist?.id || false,
            fiscal_position_id: false, date_order: date, creation_date: order.createdAt,
            amount_paid: this.paid(order), amount_total: totals.total, amount_tax: totals.tax,
            amount_return: order.changeGiven, to_invoice: !!order.toInvoice, server_id: false,
            lines, statement_ids: statements,
        };
        // plain data (no reactive proxies): IndexedDB stores it with structured clone
        return JSON.parse(JSON.stringify({ id: order.uid, uuid: order.uuid, to_invoice: !!order.toInvoice, data }));
    }
}
