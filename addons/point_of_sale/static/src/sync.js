/**
 * Sending finished orders: the OfflineQueue's sender for /pos/create_from_ui.
 *
 * The server answers one `{uuid, status, reason, invoice_name}` per order, in order (the number
 * of the invoice of an order sent `to_invoice` lands in `pos.sync.invoices`). `stored`, `updated` and
 * `known` (a replay) are acknowledged; so is `refused`, since the server keeps a refused order
 * (pos.order.rejected) with its reason: the till lists it in `pos.sync.refused` instead of
 * sending it forever.
 */
import { rpc } from "@static/rpc.js";

const ACKNOWLEDGED = new Set(["stored", "updated", "known", "refused"]);

export function orderSender(pos) {
    return async (items) => {
        const answers = await rpc("/pos/create_from_ui", { orders: items });
        const acked = [];
        items.forEach((item, index) => {
            const answer = answers[index] || {};
            if (!ACKNOWLEDGED.has(answer.status)) return;
            acked.push(item.uuid);
            if (answer.status === "refused") {
                pos.sync.refused.push({ uuid: item.uuid, name: item.data.name, reason: answer.reason });
            } else {
                pos.sync.synced[item.uuid] = answer.id;
                if (answer.invoice_name) pos.sync.invoices[item.uuid] = answer.invoice_name;
            }
        });
        return acked;
    };
}

/** `env.services.orm`: `call(model, method, args, kwargs)` over /web/dataset/call_kw. */
export const orm = {
    call(model, method, args = [], kwargs = {}) {
        return rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
    },
};
