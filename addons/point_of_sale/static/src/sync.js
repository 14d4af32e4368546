/**
 * Sending finished orders: the OfflineQueue's sender for /pos/create_from_ui.
 *
 * The server answers one `{uuid, status, reason, invoice_name}` per order, in order (the number
 * of the invoice of an order sent `to_invoice` lands in `pos.sync.invoices`). `stored`, `updated` and
 * `known` (a replay) are acknowledged; so is `refused`, since the server keeps a refused order
 * (pos.order.rejected) with its reason: the till keeps it too, in IndexedDB (refused_store.js)
 * and `pos.sync.refused`, where the cashier retries it or hands it to a manager, instead of
 * sending it forever.
 */
import { rpc } from "@static/rpc.js";
import { forgetRefused, keepRefused } from "./refused_store.js";

const ACKNOWLEDGED = new Set(["stored", "updated", "known", "refused"]);

export function orderSender(pos) {
    return async (items) => {
        const answers = await rpc("/pos/create_from_ui", { orders: items });
        const acked = [];
        for (const [index, item] of items.entries()) {
            const answer = answers[index] || {};
            if (!ACKNOWLEDGED.has(answer.status)) continue;
            if (answer.status === "refused") {
                // kept on this browser (IndexedDB) before the queue lets it go
                const entry = await keepRefused({ uuid: item.uuid, name: item.data.name, reason: answer.reason,
                                                  rejectedId: answer.rejected_id, item });
                pos.sync.refused = [entry, ...pos.sync.refused.filter((e) => e.uuid !== entry.uuid)];
            } else {
                pos.sync.synced[item.uuid] = answer.id;
                if (answer.invoice_name) pos.sync.invoices[item.uuid] = answer.invoice_name;
                if (pos.sync.refused.some((e) => e.uuid === item.uuid)) {     // a retry went through
                    await forgetRefused(item.uuid);
                    pos.sync.refused = pos.sync.refused.filter((e) => e.uuid !== item.uuid);
                }
            }
            acked.push(item.uuid);
        }
        return acked;
    };
}

/** `env.services.orm`: `call(model, method, args, kwargs)` over /web/dataset/call_kw. */
export const orm = {
    call(model, method, args = [], kwargs = {}) {
        return rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
    },
};
