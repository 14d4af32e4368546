/**
 * The receipt as a JPEG, for the e-mail a customer asks for at the receipt screen: what the
 * `ticket` argument of `pos.order.action_receipt_to_customer` carries (base64, without the
 * `data:` prefix), as Odoo 17's receipt screen sends it.
 *
 * The text of the printed receipt (the `article.pos-receipt` element, with whatever addons
 * add to it) is drawn line by line on a canvas, in a monospace font: each line's label on the
 * left and its amount (a table row's last cell, an `.amount` part) on the right. No page is rasterised: a canvas
 * only draws what it is told, so nothing outside the receipt ends up in the image.
 */
const WIDTH = 576;          // dots: an 80 mm receipt at ~180 dpi
const MARGIN = 16;
const LINE = 26;
const FONT = "18px monospace";

const text = (node) => (node.textContent || "").replace(/\s+/g, " ").trim();

/** `node`'s text without that of its `selector` descendants. */
function textWithout(node, selector) {
    const copy = node.cloneNode(true);
    copy.querySelectorAll(selector).forEach((part) => part.remove());
    return text(copy);
}

/** The rows of a table row: its first cell's text beside its last cell (the amount), then
 * the first cell's detail lines (its block children) under it. */
function tableRows(row) {
    const cells = [...row.cells];
    const right = cells.length > 1 ? text(cells.at(-1)) : "";
    const details = [...cells[0].querySelectorAll("div, p")].map((detail) => [text(detail), "", false]);
    return [[textWithout(cells[0], "div, p"), right, false], ...details];
}

/** `[left, right, centered]` of the receipt element's visible lines: each table row and each
 * innermost block (a heading, a line of the header, a total...), its `.amount` parts on the
 * right; a line without amount centered where the receipt centers it. */
export function receiptLines(element) {
    const rows = [];
    const visit = (node) => {
        for (const child of node.children) {
            const style = getComputedStyle(child);
            if (style.display === "none" || style.visibility === "hidden") continue;
            if (child.tagName === "TR") {
                rows.push(...tableRows(child));
            } else if ([...child.children].some((inner) => !inner.matches(".amount") &&
                                                          getComputedStyle(inner).display !== "inline")) {
                visit(child);
            } else {
                const amounts = [...child.querySelectorAll(".amount")].map(text).join(" ");
                rows.push([textWithout(child, ".amount"), amounts, !amounts && style.textAlign === "center"]);
            }
        }
    };
    visit(element);
    return rows.filter(([left, right]) => left || right);
}

/** Wrap `text` to the width the canvas context `context` leaves at most `width` for. */
function wrapped(context, text, width) {
    const rows = [];
    let row = "";
    for (const word of text.split(" ")) {
        const next = row ? `${row} ${word}` : word;
        if (row && context.measureText(next).width > width) {
            rows.push(row);
            row = word;
        } else {
            row = next;
        }
    }
    return [...rows, row];
}

/** The receipt element drawn as a JPEG: its base64 text. */
export function receiptImage(element) {
    const measure = document.createElement("canvas").getContext("2d");
    measure.font = FONT;
    const rows = [];
    for (const [left, right, centered] of receiptLines(element)) {
        const room = WIDTH - 2 * MARGIN - (right ? measure.measureText(right).width + 12 : 0);
        const parts = wrapped(measure, left, room);
        parts.forEach((part, index) => rows.push([part, index === parts.length - 1 ? right : "", centered]));
    }
    const canvas = document.createElement("canvas");
    canvas.width = WIDTH;
    canvas.height = 2 * MARGIN + rows.length * LINE;
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = "#000";
    context.font = FONT;
    context.textBaseline = "top";
    rows.forEach(([left, right, centered], index) => {
        const y = MARGIN + index * LINE;
        context.textAlign = centered ? "center" : "left";
        context.fillText(left, centered ? WIDTH / 2 : MARGIN, y);
        if (right) {
            context.textAlign = "right";
            context.fillText(right, WIDTH - MARGIN, y);
        }
    });
    return canvas.toDataURL("image/jpeg", 0.9).split(",")[1];
}
