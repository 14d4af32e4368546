/** The product screen: the order on the left; search, category bar and product grid on the right. */
import { Component, onWillUnmount, useExternalListener, useState, xml } from "@odoo/owl";
import { BarcodeReader } from "../../barcode.js";
import { numpadKey } from "../../numpad.js";
import { OrderPanel } from "../order_panel/order_panel.js";

export class ProductScreen extends Component {
    static components = { OrderPanel };
    static props = {};
    static template = xml`
        <div class="pos-product-screen">
            <OrderPanel/>
            <section class="pos-catalogue">
                <div class="pos-search-row">
                    <input class="pos-search" type="search" placeholder="Search products..."
                           t-model="state.query"/>
                    <span class="pos-scan-message" t-if="state.scanMessage" t-esc="state.scanMessage"/>
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
                            <span class="product-name" t-esc="product.display_name"/>
                            <span class="price-tag" t-esc="pos.formatAmount(pos.displayPrice(product))"/>
                        </button>
                    </t>
                </div>
            </section>
        </div>`;

    setup() {
        this.pos = useState(this.env.pos);
        this.state = useState({ query: "", categoryId: null, scanMessage: "" });
        this.reader = new BarcodeReader({
            onBarcode: (code) => this.scan(code),
            onKeys: (keys) => keys.forEach((key) => numpadKey(this.pos, key)),
        });
        useExternalListener(window, "keydown", (event) => this.onKeydown(event));
        onWillUnmount(() => clearTimeout(this.reader.timer));
    }

    get products() {
        return this.pos.searchProducts(this.state.query, this.state.categoryId);
    }

    add(product) {
        this.pos.addProduct(product);
    }

    scan(code) {
        const product = this.pos.productByBarcode(code);
        this.state.scanMessage = product ? "" : `No product with barcode ${code}`;
        if (product) this.add(product);
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
