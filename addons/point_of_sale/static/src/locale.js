/**
 * Amounts and dates in the cashier's language, from the payload's `res.lang` row of the user's
 * `lang`: `decimal_point`, `thousands_sep`, `grouping` (Odoo's "[3,0]": group sizes from the
 * right, 0 repeats the last one, -1 stops grouping), `date_format` and `time_format` (Python
 * strftime codes). Month and day names come from `Intl` in that language.
 */

export const DEFAULT_LANG = {
    code: "en_US", decimal_point: ".", thousands_sep: ",", grouping: "[3,0]",
    date_format: "%m/%d/%Y", time_format: "%H:%M:%S",
};

/** The `res.lang` row of the payload's user (English when missing). */
export function userLang(data) {
    const code = data["res.users"]?.lang;
    const langs = data["res.lang"] || [];
    return { ...DEFAULT_LANG, ...(langs.find((l) => l.code === code) || langs.find((l) => l.code === "en_US") || {}) };
}

function parseGrouping(grouping) {
    try {
        const sizes = JSON.parse(grouping || "[]");
        return Array.isArray(sizes) ? sizes : [];
    } catch {
        return [];
    }
}

/** "1234567" grouped as `grouping` says, with `separator` between the groups. */
export function groupDigits(digits, grouping, separator) {
    const sizes = parseGrouping(grouping);
    if (!separator || !sizes.length) return digits;
    const groups = [];
    let rest = digits;
    let size = sizes[0];
    for (let index = 0; rest.length; index++) {
        if (index < sizes.length) size = sizes[index] === 0 ? size : sizes[index];
        if (size === -1 || size <= 0 || rest.length <= size) {
            groups.unshift(rest);
            break;
        }
        groups.unshift(rest.slice(-size));
        rest = rest.slice(0, -size);
    }
    return groups.join(separator);
}

/** `amount` with `digits` decimals in the language's separators. */
export function formatNumber(amount, digits, lang = DEFAULT_LANG) {
    const fixed = Math.abs(amount || 0).toFixed(digits);
    const [whole, decimals] = fixed.split(".");
    const sign = (amount || 0) < 0 && Number(fixed) !== 0 ? "-" : "";
    const grouped = groupDigits(whole, lang.grouping, lang.thousands_sep);
    return sign + grouped + (decimals !== undefined ? (lang.decimal_point || ".") + decimals : "");
}

/** An amount in `currency` (symbol before or after, its decimal places) for `lang`. */
export function formatMonetary(amount, currency, lang = DEFAULT_LANG) {
    const text = formatNumber(amount, currency.decimal_places ?? 2, lang);
    const symbol = currency.symbol || "";
    return currency.position === "before" ? `${symbol} ${text}`.trim() : `${text} ${symbol}`.trim();
}

const pad = (n, size = 2) => String(n).padStart(size, "0");

/** `date` (a Date, shown in the browser's time zone) with a Python strftime `format`. */
export function strftime(date, format, lang = DEFAULT_LANG) {
    const locale = (lang.iso_code || lang.code || "en_US").replace("_", "-");
    const name = (options) => new Intl.DateTimeFormat(locale, options).format(date);
    const codes = {
        d: () => pad(date.getDate()), m: () => pad(date.getMonth() + 1), Y: () => String(date.getFullYear()),
        y: () => pad(date.getFullYear() % 100), H: () => pad(date.getHours()), M: () => pad(date.getMinutes()),
        S: () => pad(date.getSeconds()), I: () => pad(((date.getHours() + 11) % 12) + 1),
        p: () => (date.getHours() < 12 ? "AM" : "PM"), b: () => name({ month: "short" }),
        B: () => name({ month: "long" }), a: () => name({ weekday: "short" }), A: () => name({ weekday: "long" }),
        j: () => pad(Math.floor((date - new Date(date.getFullYear(), 0, 0)) / 86400000), 3), "%": () => "%",
    };
    return format.replace(/%([a-zA-Z%])/g, (match, code) => (codes[code] ? codes[code]() : match));
}

/** Date and time as the language writes them. */
export function formatDateTime(date, lang = DEFAULT_LANG) {
    return `${strftime(date, lang.date_format, lang)} ${strftime(date, lang.time_format, lang)}`;
}

/** A server datetime ("YYYY-MM-DD HH:MM:SS", UTC) as a Date. */
export function serverDate(text) {
    return new Date(`${String(text).replace(" ", "T")}Z`);
}
