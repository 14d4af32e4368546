/** Loaded by the POS after its store is built: registers a model and reads the store. */
export function setup(pos) {
    pos.models["test.pos.greeting"] = [{ id: 1, text: `hello from ${pos.config.name}` }];
    pos.extensionSaw = { products: pos.products.length, orders: pos.orders.length };
}
