/**
 * The tax engine of the browser POS: `computeAll` gives what the server's
 * `account.tax.compute_all` gives (addons/account/models/account_tax_computation.py) for the
 * taxes of the POS payload (`account.tax` rows with `sum_repartition_factor`).
 *
 *     const taxes = new TaxEngine(payload["account.tax"], { rounding: 0.01 });
 *     taxes.computeAll([1, 4], priceUnit, quantity)  // {total_excluded, total_included, taxes: [...]}
 *
 * Same steps as the server: the included taxes are taken out of the price walking backwards
 * (with "checkpoints" so that the rounded parts add up to the price), then every tax is
 * computed forwards. Taxes are ordered as the payload lists them (the server's
 * `sequence, id` order), groups replaced by their children. Only the payload's data is used:
 * one repartition factor per tax, no tags or accounts. India's special rounding and `code`
 * taxes are not in the payload's reach and are left out (a `code` tax counts as 0).
 */

const SIMPLE_TYPES = ["percent", "division", "fixed"];

function roundHalfAway(value) {
    const floor = Math.floor(Math.abs(value));
    const rounded = Math.abs(value) - floor >= 0.5 ? floor + 1 : floor;
    return Math.sign(value) * rounded;
}

/** `odoo.tools.float_round(value, precision_rounding=step)` (half-up with Odoo's epsilon). */
export function floatRound(value, step) {
    if (!step || !value) return 0;
    const normalized = value / step;
    const epsilon = 2 ** (Math.log2(Math.abs(normalized)) - 52);
    return roundHalfAway(normalized + Math.sign(normalized) * epsilon) * step;
}

export function floatIsZero(value, step) {
    return Math.abs(floatRound(value, step)) < step;
}

/** One tax's amount on `base` (`account.tax._compute_amount`), never price-included. */
function taxAmount(tax, base, quantity, fixedMultiplicator) {
    if (tax.amount_type === "fixed") {
        const qty = base ? Math.sign(base) * Math.abs(quantity) : quantity;
        return qty * tax.amount * Math.abs(fixedMultiplicator);
    }
    const rate = tax.amount / 100;
    if (tax.amount_type === "percent") return base * rate;
    if (tax.amount_type === "division") return 1 - rate ? base / (1 - rate) - base : 0;
    return 0;
}

export class TaxEngine {
    /**
     * @param {Array} taxes the payload's `account.tax` rows, in the server's order
     * @param {{rounding: number, roundGlobally?: boolean}} options the currency's rounding and
     *        the company's `tax_calculation_rounding_method === "round_globally"`
     */
    constructor(taxes, { rounding = 0.01, roundGlobally = false } = {}) {
        this.byId = new Map(taxes.map((tax, index) => [tax.id, { ...tax, _index: index }]));
        this.rounding = rounding;
        this.roundGlobally = roundGlobally;
    }

    /** The taxes of `taxIds` in order, groups replaced by their children (`flatten_taxes_hierarchy`). */
    flatten(taxIds) {
        const taxes = taxIds.map((id) => this.byId.get(id)).filter(Boolean);
        taxes.sort((a, b) => a._index - b._index);
        const flat = [];
        for (const tax of taxes) {
            if (tax.amount_type === "group") flat.push(...this.flatten(tax.children_tax_ids || []));
            else flat.push(tax);
        }
        return flat;
    }

    /** `compute_all(price_unit, quantity)` of the taxes `taxIds`. */
    computeAll(taxIds, priceUnit, quantity = 1, { fixedMultiplicator = 1 } = {}) {
        const taxes = this.flatten(taxIds);
        const currencyRound = (amount) => floatRound(amount, this.rounding);
        const prec = this.rounding * (this.roundGlobally ? 1e-5 : 1);
        const round = (amount) => floatRound(amount, prec);
        const factors = taxes.map((tax) => tax.sum_repartition_factor ?? 1);

        let base = currencyRound(priceUnit * quantity);
        let sign = 1;
        if (floatIsZero(base, this.rounding)) sign = fixedMultiplicator < 0 ? -1 : 1;
        else if (base < 0) [sign, base] = [-1, -base];

        // backwards: the amount without the included taxes
        const checkpoints = new Map();
        let inclPercent = [], inclDivision = [], inclFixed = 0;
        const recomputeBase = (amount) => {
            const division = inclDivision.reduce((sum, rate) => sum + rate, 0);
            const percent = inclPercent.reduce((sum, [rate, factor]) => sum + rate * factor, 0);
            const fixed = inclFixed;
            inclPercent = [];
            inclDivision = [];
            inclFixed = 0;
            return ((amount - fixed) / (1 + percent / 100)) * (100 - division) / 100;
        };
        let storeCheckpoint = true, nextBaseAffected = true;
        for (let i = taxes.length - 1; i >= 0; i--) {
            const tax = taxes[i];
            if (tax.include_base_amount && nextBaseAffected) {
                base = recomputeBase(base);
                storeCheckpoint = true;
            }
            if (tax.price_include) {
                if (tax.amount_type === "percent") inclPercent.push([tax.amount, factors[i]]);
                else if (tax.amount_type === "division") inclDivision.push(tax.amount * factors[i]);
                else if (tax.amount_type === "fixed") {
                    inclFixed += Math.abs(quantity) * tax.amount * factors[i] * Math.abs(fixedMultiplicator);
                }
                if (storeCheckpoint && (tax.amount || !SIMPLE_TYPES.includes(tax.amount_type))) {
                    checkpoints.set(i, base);
                    storeCheckpoint = false;
                }
            }
            nextBaseAffected = tax.is_base_affected;
        }
        const totalExcluded = currencyRound(recomputeBase(base));

        // forwards: each tax from the amount without taxes
        base = totalExcluded;
        let totalIncluded = totalExcluded;
        let skipCheckpoint = false, cumulatedIncluded = 0;
        const lines = [];
        taxes.forEach((tax, i) => {
            const factor = factors[i];
            const taxBase = tax.price_include || tax.is_base_affected ? base : totalExcluded;
            const checkpoint = checkpoints.get(i);
            let amount;
            if (!skipCheckpoint && tax.price_include && checkpoint !== undefined && factor !== 0) {
                amount = checkpoint - (base + cumulatedIncluded);
                cumulatedIncluded = 0;
            } else {
                amount = taxAmount(tax, taxBase, quantity, fixedMultiplicator);
            }
            amount = round(amount);
            const factorized = round(amount * factor);
            if (tax.price_include && checkpoint === undefined) cumulatedIncluded += factorized;
            lines.push({ id: tax.id, name: tax.name, amount: sign * factorized,
                         base: round(sign * taxBase), price_include: tax.price_include });
            if (tax.include_base_amount) {
                base += factorized;
                if (!tax.price_include) skipCheckpoint = true;
            }
            totalIncluded += factorized;
        });
        return {
            taxes: lines,
            total_excluded: sign * totalExcluded,
            total_included: sign * currencyRound(totalIncluded),
        };
    }
}
