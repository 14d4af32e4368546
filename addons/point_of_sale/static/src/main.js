/**
 * The entry of the browser POS (/pos/ui?config_id=N): loads the till's data once, builds the
 * store, mounts the app, starts the order queue and lets the addons' modules `setup(pos)`.
 */
import { mount, reactive } from "@odoo/owl";
import { appConfig, registerAppShell } from "@static/app_shell.js";
import { OfflineQueue } from "@static/offline_queue.js";
import { ConnectionLostError } from "@static/rpc.js";
import { fetchPayload, startCatalogueSync } from "./catalogue_sync.js";
import { loadPayload, savePayload } from "./data_cache.js";
import { refusedOrders } from "./refused_store.js";
import { PosStore } from "./store.js";
import { orderSender, orm } from "./sync.js";
import { PosApp } from "./components/app/app.js";

const BASE = "/point_of_sale/static/src/";
/** This app's modules and stylesheet, cached by the service worker for an offline reload. */
export const SHELL = ["main.js", "store.js", "catalogue_sync.js", "tax_engine.js", "pricelist.js", "data_cache.js", "sync.js",
    "refused_store.js", "numpad.js", "barcode.js", "locale.js", "product_lookup.js", "payment_keys.js", "pos.css", "components/app/app.js",
    "components/product_screen/product_screen.js", "components/order_panel/order_panel.js",
    "components/payment_screen/payment_screen.js", "components/receipt_screen/receipt_screen.js",
    "components/opening_dialog/opening_dialog.js", "components/closing_dialog/closing_dialog.js", "components/sync_status/sync_status.js",
    "components/partner_list/partner_list.js", "components/order_history/order_history.js",
    "components/cash_move/cash_move.js", "components/refused_orders/refused_orders.js",
    "components/payment_terminal/payment_terminal.js", "extension_slots.js",
    "components/variant_picker/variant_picker.js", "receipt_image.js",
].map((path) => BASE + path);

/** Order numbers go on after the last one used on this browser for the session. */
function sequenceCounter(session) {
    const key = `pos_sequence_${session.id}_${session.login_number}`;
    return () => {
        const next = Math.max(Number(localStorage.getItem(key) || 0), (session.sequence_number || 1) - 1) + 1;
        localStorage.setItem(key, String(next));
        return next;
    };
}

async function start() {
    const config = appConfig();
    const params = new URLSearchParams(location.search);
    const { data, offline } = await loadPayload(config.pos_config_id,
        (stored) => fetchPayload(config.pos_config_id, stored));
    data["pos.session"].login_number = config.login_number;
    const pos = reactive(new PosStore(data, { nextSequence: sequenceCounter(data["pos.session"]) }));
    pos.sync.online = !offline;
    pos.sync.refused = await refusedOrders();
    const queue = new OfflineQueue({
        name: "pos_orders",
        send: orderSender(pos),
        retryMs: Number(params.get("retry_ms")) || 5000,
        onChange: (q) => {
            pos.sync.pending = q.pending;
            pos.sync.online = navigator.onLine && !(q.lastError instanceof ConnectionLostError);
        },
    });
    const env = { pos, queue, services: { orm }, savePayload: () => savePayload(config.pos_config_id, pos.data) };
    for (const url of config.extensions || []) {
        const module = await import(url);
        if (typeof module.setup === "function") await module.setup(pos, env);
    }
    await mount(PosApp, document.body, { env, dev: false });
    await queue.start();
    startCatalogueSync(pos, { configId: config.pos_config_id, savePayload: env.savePayload,
                              pollTimeout: Number(params.get("poll_timeout")) || undefined });
    navigator.storage?.persist?.();
    window.posApp = { pos, queue, shell: registerAppShell({ name: "pos", scope: "/pos/",
                                                            urls: [...SHELL, ...(config.extensions || [])] }) };
}

start().catch((error) => {
    document.body.innerHTML = "";
    const message = document.createElement("p");
    message.className = "pos-fatal";
    message.textContent = `The Point of Sale could not start: ${error.message}`;
    document.body.append(message);
    throw error;
});
