/** The product screen: the order on the left; search, category bar and product grid on the right. */
import { Component, onWillUnmount, useExternalListener, useState, xml } from "@odoo/owl";
import { BarcodeReader } from "../../barcode.js";
import { numpadKey } from "../../numpad.js";
import { fetchProducts, searchDomain } from "../../product_lookup.js";
import { OrderPanel } from "../order_panel/order_panel.js";
import { VariantPicker, oneTilePerTemplate } from "../variant_picker/variant_picker.js";

export class ProductScreen extends Component {
    static components = { OrderPanel, VariantPicker };
    static props = {};
    static template = xml`
        <div class="pos-product-screen" t-att-data-pane="state.pane">
            <OrderPanel/>
            <section class="pos-catalogue">
                <div class="pos-search-row">
                    <input class="pos-search" type="search" placeholder="Search products..."
                           t-model="state.query" t-on-input="onSearchInput"/>
                    <span class="pos-scan-message" t-if="state.scanMessage" t-esc="state.scanMessage"/>
                    <span class="pos-search-message" t-if="state.query and state.searchMessage" t-esc="state.searchMessage"/>
                </div>
                <nav class="pos-categories">
                    <button class="pos-category" t-att-class="{ active: !state.categoryId }"
                            t-on-click="() => state.categoryId = null">All</button>
                    <t t-foreach="pos.categories" t-as="categ" t-key="categ.id">
                        <button class="pos-category" t-att-data-id="categ.id"
                                t-att-class="{ active: state.categoryId === categ.id }"
                                t-on-click="() => state.categoryId = categ.id" t-esc="categ.name"/>
                    </t>
                </nav>
                <div class="pos-products">
                    <t t-foreach="products" t-as="product" t-key="product.id">
                        <button class="product" t-att-data-id="product.id" t-on-click="() => this.add(product)">
                            <span class="product-name" t-esc="product.tileName or product.display_name"/>
                            <span class="price-tag" t-esc="pos.formatAmount(pos.displayPrice(product))"/>
                        </button>
                    </t>
                </div>
            </section>
            <footer class="pos-mobile-bar">
                <t t-if="state.pane === 'products'">
                    <button class="show-order" t-on-click="() => state.pane = 'order'">Review
                        <span class="mobile-bar-count" t-esc="pos.selectedOrder.lines.length"/></button>
                    <span class="total" t-esc="pos.formatAmount(pos.totals(pos.selectedOrder).total)"/>
                    <button class="mobile-pay primary" t-att-disabled="!pos.selectedOrder.lines.length"
                            t-on-click="() => pos.screen = 'payment'">Pay</button>
                </t>
                <t t-else="">
                    <button class="show-products" t-on-click="() => state.pane = 'products'">Products</button>
                    <span class="total" t-esc="pos.formatAmount(pos.totals(pos.selectedOrder).total)"/>
                </t>
            </footer>
            <VariantPicker t-if="state.picking" product="state.picking"
                           onPick="(variant) => this.pickVariant(variant)" onCancel="() => state.picking = null"/>
        </div>`;

    setup() {
        this.pos = useState(this.env.pos);
        // pane: which of the order and the catalogue a phone shows (a wide screen shows both)
        this.state = useState({ pane: "products", query: "", categoryId: null, scanMessage: "", searchMessage: "", picking: null });
        this.reader = new BarcodeReader({
            onBarcode: (code) => this.scan(code),
            onKeys: (keys) => keys.forEach((key) => numpadKey(this.pos, key)),
        });
        useExternalListener(window, "keydown", (event) => this.onKeydown(event));
        onWillUnmount(() => { clearTimeout(this.reader.timer); clearTimeout(this.searchTimer); });
    }

    get products() {
        return oneTilePerTemplate(this.pos, this.pos.searchProducts(this.state.query, this.state.categoryId));
    }

    /** A template with several variants asks which one (the variant picker). */
    add(product) {
        if (product.hasVariants) {
            this.state.picking = product;
        } else {
            this.pos.addProduct(product);
        }
    }

    pickVariant(variant) {
        this.state.picking = null;
        this.pos.addProduct(variant);
    }

    /** Nothing found here: ask the server (after a pause in the typing). */
    onSearchInput(ev) {
        clearTimeout(this.searchTimer);
        this.state.searchMessage = "";
        const query = ev.target.value;
        if (query.trim().length < 2 || this.pos.searchProducts(query, this.state.categoryId).length) return;
        this.searchTimer = setTimeout(async () => {
            this.state.searchMessage = "Searching the server...";
            const { products, error } = await fetchProducts(this.pos, searchDomain(query), { save: this.env.savePayload });
            if (this.state.query !== query) return;
            this.state.searchMessage = error || (products.length ? "" : `No product matches "${query}".`);
        }, 300);
    }

    async scan(code) {
        let product = this.pos.productByBarcode(code);
        if (!product) {
            this.state.scanMessage = `Looking for barcode ${code} on the server...`;
            const { error } = await fetchProducts(this.pos, [["barcode", "=", code]], { limit: 1, save: this.env.savePayload });
            product = this.pos.productByBarcode(code);
            if (!product) {
                this.state.scanMessage = error ? `No product with barcode ${code} on this till. ${error}`
                    : `No product with barcode ${code}`;
                return;
            }
        }
        this.state.scanMessage = "";
        this.add(product);
    }

    onKeydown(event) {
        const target = event.target;
        if (target.closest && target.closest("input, textarea, select")) return;
        if (event.key === "Backspace" || event.key === "Delete") {
            numpadKey(this.pos, "Backspace");
            event.preventDefault();
        } else if (this.reader.handle(event)) {
            event.preventDefault();
        }
    }
}
