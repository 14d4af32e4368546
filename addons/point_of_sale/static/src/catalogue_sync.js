/**
 * The till's catalogue kept up to date: changes pushed by the server, and a reload that
 * fetches only what changed.
 *
 * The payload carries `bus_last_id`, the server's newest bus notification when it was read.
 * `fetchPayload(configId, stored)` asks `/pos/ui` with `since` (the stored payload's session
 * and bus id): the server answers either a whole payload or a delta
 * (`{delta: true, records, removed, ...}`, see pos_session_delta.py), merged here into the
 * stored copy. While online, `startCatalogueSync` long-polls `/longpolling/poll` on the
 * `point_of_sale.catalogue` channel; a notification makes it fetch the delta, apply it to the
 * store (`pos.loadCatalogue`) and store the payload again in IndexedDB.
 */
import { ConnectionLostError, rpc } from "@static/rpc.js";

export const CATALOGUE_CHANNEL = "point_of_sale.catalogue";
/** keys of a delta that replace the stored ones as they are */
const META = new Set(["delta", "records", "removed", "attributes_by_ptal_id", "bus_last_id"]);

/** `data` (a whole payload) with `delta` applied: changed records replaced or added, removed ones gone. */
export function mergeDelta(data, delta) {
    for (const [model, rows] of Object.entries(delta.records || {})) {
        const byId = new Map((data[model] || []).map((row) => [row.id, row]));
        for (const row of rows) byId.set(row.id, row);
        for (const id of delta.removed?.[model] || []) byId.delete(id);
        data[model] = [...byId.values()];
    }
    for (const [model, ids] of Object.entries(delta.removed || {})) {
        if (!delta.records?.[model]) data[model] = (data[model] || []).filter((row) => !ids.includes(row.id));
    }
    data.attributes_by_ptal_id = { ...(data.attributes_by_ptal_id || {}), ...(delta.attributes_by_ptal_id || {}) };
    if (delta.records?.["account.tax"]) {
        const taxes = Object.fromEntries(data["account.tax"].map((tax) => [tax.id, { ...tax }]));
        for (const tax of Object.values(taxes)) {
            tax.children_tax_ids = (tax.children_tax_ids || []).map((id) => taxes[id]).filter(Boolean);
        }
        data.taxes_by_id = taxes;
    }
    for (const [key, value] of Object.entries(delta)) {
        if (!META.has(key)) data[key] = value;
    }
    data.bus_last_id = Math.max(data.bus_last_id || 0, delta.bus_last_id || 0);
    return data;
}

/** The till's payload: the changes since `stored` when the server can tell them, else all. */
export async function fetchPayload(configId, stored) {
    const since = stored && Number.isInteger(stored.bus_last_id)
        ? { session_id: stored["pos.session"]?.id, bus_last_id: stored.bus_last_id } : null;
    const answer = await rpc("/pos/ui", { config_id: configId, since });
    return answer.delta ? mergeDelta(stored, answer) : answer;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Long-poll while the page lives: each notification fetches the delta and applies it.
 * `pos.catalogueSync` shows what happened (`applied`: deltas applied, `lastError`).
 */
export function startCatalogueSync(pos, { configId, savePayload, pollTimeout, retryMs = 5000 }) {
    pos.catalogueSync = { applied: 0, lastError: null, listening: false };
    const applyChanges = async () => {
        const delta = await rpc("/pos/ui", { config_id: configId,
                                             since: { session_id: pos.session.id, bus_last_id: pos.data.bus_last_id } });
        const data = delta.delta ? mergeDelta(pos.data, delta) : delta;
        pos.loadCatalogue(data);
        await savePayload(data);
        pos.catalogueSync.applied += 1;
    };
    const loop = async () => {
        for (;;) {
            if (!navigator.onLine) {
                pos.catalogueSync.listening = false;
                await new Promise((resolve) => window.addEventListener("online", resolve, { once: true }));
            }
            const started = Date.now();
            try {
                pos.catalogueSync.listening = true;
                const options = pollTimeout ? { timeout: pollTimeout } : {};
                const notifications = await rpc("/longpolling/poll", {
                    channels: [CATALOGUE_CHANNEL], last: pos.data.bus_last_id || 0, options });
                if (notifications.length) {
                    await applyChanges();
                } else if (Date.now() - started < 1000) {
                    await sleep(retryMs);       // answered at once with nothing: the server is busy
                }
                pos.catalogueSync.lastError = null;
            } catch (error) {
                pos.catalogueSync.listening = false;
                pos.catalogueSync.lastError = error.message;
                if (!(error instanceof ConnectionLostError)) console.warn("catalogue sync:", error);
                await sleep(retryMs);
            }
        }
    };
    loop();
}
