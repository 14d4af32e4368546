/**
 * The POS payload kept in IndexedDB, so that a reload without the server still has the data.
 *
 * `loadPayload(configId, fetch)` asks the server first (`fetch(stored)` gets the stored copy,
 * so that it may ask only for what changed; the answer is stored again) and falls back on the
 * stored copy when the server cannot be reached; other errors are thrown.
 */
import { openDB } from "idb";
import { ConnectionLostError } from "@static/rpc.js";

const STORE = "payloads";
const database = () => openDB("pos_data", 1, { upgrade: (db) => db.createObjectStore(STORE) });

/** `{data, offline}`: the payload of till `configId`, from `fetchPayload()` or the stored copy. */
export async function loadPayload(configId, fetchPayload) {
    const db = await database();
    const stored = await db.get(STORE, configId);
    try {
        const data = await fetchPayload(stored || null);
        await db.put(STORE, data, configId);
        return { data, offline: false };
    } catch (error) {
        if (!(error instanceof ConnectionLostError)) throw error;
        const data = stored;
        if (!data) {
            throw new ConnectionLostError("The server cannot be reached and this till has no data "
                                          + "stored yet: connect once to load it.");
        }
        return { data, offline: true };
    }
}

/** Store `data` again as the copy of till `configId` (after a change such as the session opening). */
export async function savePayload(configId, data) {
    const db = await database();
    await db.put(STORE, JSON.parse(JSON.stringify(data)), configId);
}
