/**
 * Offline queue: finished work (POS orders) kept in IndexedDB until the server acknowledged it.
 *
 *     const queue = new OfflineQueue({ name: "pos_orders", route: "/pos/sync", retryMs: 5000,
 *                                      onChange: () => (state.pending = queue.pending) });
 *     queue.delayMs                            // when the timer tries next (grows while failing)
 *     await queue.start();                     // counts what is stored, flushes, arms the triggers
 *     await queue.push(order);                 // durable first (gets `order.uuid`), then a flush
 *
 * Rules (each one made a real-browser test pass, see /work/shared/browser.md):
 * - every item has a client uuid (`newUuid()` when `push` gets none): the key in IndexedDB and
 *   what the server deduplicates on, since a retry after a lost acknowledgement sends it again;
 * - `push` stores before touching the network; only uuids the server acknowledged are deleted
 *   (any failure keeps everything for the next try);
 * - flushes run on push, on the window's `online` event, on a timer (lost acks, and
 *   `navigator.onLine` saying true while the server is down) and at start; one at a time, and
 *   one flush goes on while items are left (what was pushed during a send goes out next);
 * - the timer backs off: after each failed flush it waits twice as long (up to `maxRetryMs`,
 *   12 x `retryMs` unless given), with up to 20 % of jitter so that tills coming back after
 *   an outage do not all call at once; a flush that sends, and the `online` event, start
 *   again from `retryMs`;
 * - no `await` on the network inside an IndexedDB transaction (it would auto-commit).
 * Sending: `route` posts `{orders: [...]}` through `rpc` and expects `{acked: [uuid, ...]}`;
 * `send(items) -> Promise<uuid[]>` replaces that for another protocol.
 */
import { openDB } from "idb";
import { rpc } from "./rpc.js";

const STORE = "items";

/** A random RFC 4122 v4 uuid; `crypto.randomUUID` exists only in secure contexts (https, localhost). */
export function newUuid() {
    if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The default sender: `rpc(route, {orders})` answering `{acked: [uuid, ...]}`. */
export function rpcSender(route) {
    return async (items) => {
        const answer = await rpc(route, { orders: items });
        if (!answer || !Array.isArray(answer.acked)) {
            throw new Error(`${route} must answer {acked: [uuid, ...]}, got ${JSON.stringify(answer)}`);
        }
        return answer.acked;
    };
}

export class OfflineQueue {
    constructor({ name, route, send, retryMs = 5000, maxRetryMs, onChange = () => {} }) {
        if (!name) throw new Error("OfflineQueue needs a name (its IndexedDB database)");
        if (!send && !route) throw new Error("OfflineQueue needs a route or a send function");
        this.name = name;
        this.send = send || rpcSender(route);
        this.retryMs = retryMs;
        this.maxRetryMs = Math.max(retryMs, maxRetryMs ?? retryMs * 12);
        this.delayMs = retryMs;    // the timer's next wait: retryMs, doubled after each failure
        this.onChange = onChange;
        this.pending = 0;          // items stored and not acknowledged yet
        this.lastError = null;     // why the last flush kept items, if it did
        this.db = openDB(name, 1, {
            upgrade(db) {
                db.createObjectStore(STORE, { keyPath: "uuid" });
            },
        });
        this._flushing = null;
        this._timer = null;
        this._stopped = false;
        this._onOnline = () => {
            this.delayMs = this.retryMs;
            this._arm();
            this.flush();
        };
        this._onOffline = () => this.onChange(this);
    }

    /** Store `item` (its `uuid` set when missing), then try to send it; resolves once stored. */
    async push(item) {
        if (!item.uuid) item.uuid = newUuid();
        await (await this.db).put(STORE, item);
        await this._count();
        this.flush();
        return item;
    }

    /** Everything stored and not acknowledged, in uuid order. */
    async items() {
        return (await this.db).getAll(STORE);
    }

    /** Send what is stored; resolves when done (never rejects: failures stay in `lastError`). */
    flush() {
        if (!this._flushing) {
            this._flushing = this._flush().finally(() => (this._flushing = null));
        }
        return this._flushing;
    }

    async _flush() {
        const db = await this.db;
        for (;;) {
            const items = await db.getAll(STORE);
            if (!items.length) break;
            let acked;
            try {
                acked = await this.send(items);
                if (!Array.isArray(acked)) throw new Error(`send must resolve to a list of uuids, got ${acked}`);
            } catch (error) {
                this.lastError = error;     // ConnectionLostError, RPCError...: everything stays queued
                this.delayMs = Math.min(this.delayMs * 2, this.maxRetryMs);
                break;
            }
            this.lastError = null;
            this.delayMs = this.retryMs;
            const sent = new Set(items.map((item) => item.uuid));
            const done = acked.filter((uuid) => sent.has(uuid));
            const tx = db.transaction(STORE, "readwrite");
            await Promise.all([...done.map((uuid) => tx.store.delete(uuid)), tx.done]);
            if (done.length < items.length) break;     // the server kept some back: the timer retries
        }
        await this._count();
    }

    async _count() {
        this.pending = await (await this.db).count(STORE);
        this.onChange(this);
    }

    /** Count what is stored, flush it, and flush again on `online` and on the backing-off timer. */
    async start() {
        window.addEventListener("online", this._onOnline);
        window.addEventListener("offline", this._onOffline);
        this._stopped = false;
        this._arm();
        await this._count();
        this.flush();
    }

    /** The timer's next flush, `delayMs` (with jitter) from now; it re-arms itself after each. */
    _arm() {
        clearTimeout(this._timer);
        if (this._stopped) return;
        const wait = this.delayMs * (1 + Math.random() * 0.2);
        this._timer = setTimeout(async () => {
            await this.flush();
            this._arm();
        }, wait);
    }

    stop() {
        this._stopped = true;
        window.removeEventListener("online", this._onOnline);
        window.removeEventListener("offline", this._onOffline);
        clearTimeout(this._timer);
    }
}
