/**
 * Orders the server refused, kept on this browser (IndexedDB `pos_refused`) until the cashier
 * deals with them: nothing the server refused disappears from the till silently.
 *
 *     await keepRefused({ uuid, name, reason, rejectedId, item });   // before the queue forgets it
 *     const entries = await refusedOrders();
 *     await markRetrying(uuid);       // sent again: stays listed until the server answers
 *     await handToManager(uuid);      // stays listed, marked as handed over (kept on the server)
 *     await forgetRefused(uuid);      // the server stored it at last
 *
 * `item` is the order exactly as it was queued, so a retry sends the same data (and the
 * server recognises it by its uuid).
 */
import { openDB } from "idb";

const STORE = "orders";
const database = () => openDB("pos_refused", 1, {
    upgrade: (db) => db.createObjectStore(STORE, { keyPath: "uuid" }),
});

/** Store (or update) a refused order; resolves once it is durable. */
export async function keepRefused({ uuid, name, reason, rejectedId, item }) {
    const db = await database();
    const known = await db.get(STORE, uuid);
    const entry = {
        uuid, name, reason, rejectedId: rejectedId || known?.rejectedId || false,
        item: JSON.parse(JSON.stringify(item)),
        attempts: (known?.attempts || 0) + 1,
        refusedAt: new Date().toISOString(), handedAt: null, retrying: false,
    };
    await db.put(STORE, entry);
    return entry;
}

/** Every refused order kept here, the latest first. */
export async function refusedOrders() {
    const entries = await (await database()).getAll(STORE);
    return entries.sort((a, b) => b.refusedAt.localeCompare(a.refusedAt));
}

/** The cashier sends the order again (it is back in the offline queue). */
export async function markRetrying(uuid) {
    return update(uuid, (entry) => (entry.retrying = true));
}

async function update(uuid, change) {
    const db = await database();
    const entry = await db.get(STORE, uuid);
    if (!entry) return null;
    change(entry);
    await db.put(STORE, entry);
    return entry;
}

/** The cashier leaves the order to a manager (Point of Sale ▸ Dashboard ▸ Refused orders). */
export async function handToManager(uuid) {
    return update(uuid, (entry) => (entry.handedAt = new Date().toISOString()));
}

export async function forgetRefused(uuid) {
    await (await database()).delete(STORE, uuid);
}
