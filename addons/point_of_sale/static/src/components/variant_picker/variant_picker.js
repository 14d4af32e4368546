/**
 * The variant picker: a product template with several variants on the till shows one tile;
 * choosing it opens this dialog, one row of values per attribute (with their extra price),
 * and adds the variant those values name, at its own price.
 */
import { Component, useState, xml } from "@odoo/owl";

const idOf = (value) => (Array.isArray(value) ? value[0] : value || false);

/** The variants of `product`'s template that the till sells. */
export function variantsOf(pos, product) {
    const template = idOf(product.product_tmpl_id);
    return template ? pos.products.filter((p) => idOf(p.product_tmpl_id) === template) : [product];
}

/** `products` with one entry per template: its first variant, marked `hasVariants` when it has several. */
export function oneTilePerTemplate(pos, products) {
    const seen = new Set();
    const tiles = [];
    for (const product of products) {
        const template = idOf(product.product_tmpl_id);
        if (template && seen.has(template)) continue;
        if (template) seen.add(template);
        const variants = variantsOf(pos, product);
        tiles.push(variants.length > 1
            ? { ...product, hasVariants: true, tileName: product.product_tmpl_id[1] || product.display_name,
                variants }
            : product);
    }
    return tiles;
}

export class VariantPicker extends Component {
    static props = { product: Object, onPick: Function, onCancel: Function };
    static template = xml`
        <div class="pos-dialog-backdrop">
            <div class="pos-dialog variant-picker" role="dialog" aria-label="Choose a variant">
                <h2 t-esc="props.product.tileName"/>
                <t t-foreach="lines" t-as="line" t-key="line.id">
                    <fieldset class="variant-attribute" t-att-data-attribute="line.name">
                        <legend t-esc="line.name"/>
                        <t t-foreach="line.values" t-as="value" t-key="value.id">
                            <button class="variant-value" t-att-data-id="value.id"
                                    t-att-class="{ active: state.chosen[line.id] === value.id }"
                                    t-on-click="() => state.chosen[line.id] = value.id">
                                <span class="value-name" t-esc="value.name"/>
                                <span class="price-extra" t-if="value.price_extra"
                                      t-esc="(value.price_extra > 0 ? '+ ' : '- ') + pos.formatAmount(Math.abs(value.price_extra))"/>
                            </button>
                        </t>
                    </fieldset>
                </t>
                <p class="variant-result">
                    <t t-if="variant"><span class="variant-name" t-esc="variant.display_name"/>
                        <span class="variant-price" t-esc="pos.formatAmount(pos.displayPrice(variant))"/></t>
                    <t t-else="">No variant of these values is sold here.</t>
                </p>
                <div class="dialog-actions">
                    <button class="cancel" t-on-click="props.onCancel">Cancel</button>
                    <button class="confirm primary" t-att-disabled="!variant" t-on-click="() => props.onPick(variant)">Add</button>
                </div>
            </div>
        </div>`;

    setup() {
        this.pos = useState(this.env.pos);
        const first = this.props.product.variants[0];
        const chosen = {};
        for (const line of this.lines) {
            const own = line.values.find((v) => (first.product_template_attribute_value_ids || []).includes(v.id));
            chosen[line.id] = (own || line.values[0]).id;
        }
        this.state = useState({ chosen });
    }

    /** The attribute lines with a choice to make (one value only: nothing to choose). */
    get lines() {
        const byLine = this.pos.data.attributes_by_ptal_id || {};
        return (this.props.product.attribute_line_ids || []).map((id) => byLine[id])
            .filter((line) => line && line.values.length > 1);
    }

    get variant() {
        const chosen = Object.values(this.state.chosen);
        return this.props.product.variants.find((v) =>
            chosen.every((id) => (v.product_template_attribute_value_ids || []).includes(id))) || null;
    }
}
