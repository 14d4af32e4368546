/**
 * Products the till does not have, read on the server (`/pos/web_read_models`) when a search or
 * a scanned barcode finds nothing locally: what comes back joins the till's catalogue (and its
 * IndexedDB copy). Without the connection it says so instead of "not found".
 */
import { ConnectionLostError, rpc } from "@static/rpc.js";

export const NEEDS_CONNECTION = "Searching the server needs the connection: only the products on this till are shown.";

/** The products matching `domain` on the server, added to the catalogue: `{products, error}`. */
export async function fetchProducts(pos, domain, { limit = 50, save } = {}) {
    if (!navigator.onLine) return { products: [], error: NEEDS_CONNECTION };
    try {
        const rows = await rpc("/pos/web_read_models", {
            model: "product.product", config_id: pos.config.id, domain, limit });
        const products = pos.addProducts(rows);
        if (products.length && save) await save();
        return { products, error: null };
    } catch (error) {
        if (error instanceof ConnectionLostError) return { products: [], error: NEEDS_CONNECTION };
        return { products: [], error: error.message };
    }
}

/** A search by name, internal reference or barcode, as the local one. */
export function searchDomain(query) {
    const text = query.trim();
    return ["|", "|", ["name", "ilike", text], ["default_code", "ilike", text], ["barcode", "=", text]];
}
