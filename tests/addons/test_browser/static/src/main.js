/**
 * The browser tests' app: a tiny till on the shared foundation (OWL from the import map,
 * rpc, the offline queue, the app shell). Products come from a GET (in the shell, so an
 * offline reload still has them); Pay pushes the order into the offline queue.
 */
import { Component, mount, onWillStart, useState, xml, __info__ } from "@odoo/owl";
import { appConfig, registerAppShell } from "@static/app_shell.js";
import { OfflineQueue } from "@static/offline_queue.js";
import { rpc } from "@static/rpc.js";

class ProductList extends Component {
    static template = xml`
        <div class="products">
            <t t-foreach="props.products" t-as="product" t-key="product.id">
                <button class="product" t-att-data-id="product.id" t-on-click="() => props.onAdd(product)">
                    <t t-esc="product.name"/> <span class="price" t-esc="product.price.toFixed(2)"/>
                </button>
            </t>
        </div>`;
    static props = ["products", "onAdd"];
}

class TestApp extends Component {
    static components = { ProductList };
    static template = xml`
        <div class="o-test-app">
            <h1>Browser test app</h1>
            <p class="owl-version" t-esc="owlVersion"/>
            <ProductList products="state.products" onAdd.bind="addProduct"/>
            <ul class="cart">
                <li t-foreach="state.lines" t-as="line" t-key="line.id" class="line">
                    <t t-esc="line.name"/> x <t t-esc="line.qty"/>
                </li>
            </ul>
            <p class="cart-total">Total <span class="amount" t-esc="total.toFixed(2)"/></p>
            <button class="pay" t-on-click="() => this.pay()" t-att-disabled="!state.lines.length">Pay</button>
            <p class="status">
                <span class="network" t-esc="state.online ? 'Online' : 'Offline'"/>,
                pending <span class="pending" t-esc="state.pending"/>,
                last order <span class="last-order" t-esc="state.lastOrder or '-'"/>
            </p>
        </div>`;
    static props = ["queue"];

    setup() {
        this.owlVersion = __info__.version;
        this.state = useState({ products: [], lines: [], pending: 0, online: navigator.onLine, lastOrder: null });
        onWillStart(async () => {
            const response = await fetch("/test_browser/products");
            this.state.products = await response.json();
        });
        this.props.queue.onChange = (queue) => {
            this.state.pending = queue.pending;
            this.state.online = navigator.onLine;
        };
    }

    get total() {
        return this.state.lines.reduce((sum, line) => sum + line.qty * line.price, 0);
    }

    addProduct(product) {
        const line = this.state.lines.find((l) => l.id === product.id);
        if (line) line.qty += 1;
        else this.state.lines.push({ id: product.id, name: product.name, price: product.price, qty: 1 });
    }

    async pay() {
        const order = { lines: this.state.lines.map((l) => ({ ...l })), total: this.total };
        this.state.lines = [];
        await this.props.queue.push(order);
        this.state.lastOrder = order.uuid;
    }
}

const config = appConfig();
const queue = new OfflineQueue({ name: "test_browser_orders", route: config.sync_route, retryMs: config.retry_ms });
const shell = registerAppShell({
    name: "test_browser",
    scope: "/test_browser/",
    urls: ["/test_browser/static/src/main.js", "/test_browser/static/src/app.css", "/test_browser/products"],
});
// for the tests: the shared modules as the page loaded them, and when the shell is in place
window.testBrowser = { rpc, queue, shell };
await mount(TestApp, document.body, { props: { queue }, dev: false });
await queue.start();
