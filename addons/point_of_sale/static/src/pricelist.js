/**
 * Pricelist prices in the browser: the first item of the pricelist that applies to the product
 * and quantity (the payload lists items in the server's order) sets the unit price.
 *
 * Items are Odoo 17's `product.pricelist.item` rows: `applied_on` (0_product_variant, 1_product,
 * 2_product_category, 3_global), `min_quantity`, `date_start`/`date_end`, `compute_price`
 * (fixed, percentage, formula with `price_discount`/`price_surcharge`). A formula based on
 * another pricelist or on the cost is read as based on the sales price.
 */

const idOf = (value) => (Array.isArray(value) ? value[0] : value || false);

function categoryIds(product) {
    const ids = [];
    for (let categ = product.categ; categ; categ = categ.parent) ids.push(categ.id);
    if (!ids.length && product.categ_id) ids.push(idOf(product.categ_id));
    return ids;
}

function applies(item, product, quantity, now) {
    if ((item.min_quantity || 0) > quantity) return false;
    if (item.date_start && new Date(item.date_start.replace(" ", "T") + "Z") > now) return false;
    if (item.date_end && new Date(item.date_end.replace(" ", "T") + "Z") < now) return false;
    switch (item.applied_on) {
        case "0_product_variant": return idOf(item.product_id) === product.id;
        case "1_product": return idOf(item.product_tmpl_id) === idOf(product.product_tmpl_id);
        case "2_product_category": return categoryIds(product).includes(idOf(item.categ_id));
        default: return true;
    }
}

/** The unit price of `product` for `quantity` under `pricelist` (null: its sales price). */
export function priceFromPricelist(pricelist, product, quantity = 1, now = new Date()) {
    const price = product.lst_price || 0;
    const item = (pricelist?.items || []).find((it) => applies(it, product, quantity, now));
    if (!item) return price;
    if (item.compute_price === "fixed") return item.fixed_price || 0;
    if (item.compute_price === "percentage") return price - price * (item.percent_price || 0) / 100;
    return price - price * (item.price_discount || 0) / 100 + (item.price_surcharge || 0);
}
