/**
 * The numpad's logic (buttons and keyboard alike): a buffer of typed characters applied to the
 * selected line's quantity, discount or price (`pos.numpad.mode`).
 *
 * A new line or mode starts a new buffer. Backspace on an empty buffer sets the value to 0; on
 * a quantity already 0 it removes the line. "+/-" flips the sign of the value.
 */
const FIELDS = { qty: "qty", discount: "discount", price: "price" };

export function setNumpadMode(pos, mode) {
    pos.numpad.mode = mode;
    pos.numpad.buffer = "";
}

export function numpadKey(pos, key) {
    const line = pos.selectedLine();
    if (!line) return;
    const numpad = pos.numpad;
    const lineKey = `${pos.selectedOrder.uid}/${line.id}`;     // line ids restart in each order
    if (numpad.lineKey !== lineKey) {
        numpad.lineKey = lineKey;
        numpad.buffer = "";
    }
    const field = FIELDS[numpad.mode];
    if (key === "Backspace") {
        if (!numpad.buffer) {
            if (field === "qty" && line.qty === 0) return pos.setLineValue("qty", null);
            return pos.setLineValue(field, 0);
        }
        numpad.buffer = numpad.buffer.slice(0, -1);
    } else if (key === "+/-") {
        numpad.buffer = numpad.buffer.startsWith("-") ? numpad.buffer.slice(1) : `-${numpad.buffer}`;
    } else if (/^[0-9]$/.test(key) || (key === "." && !numpad.buffer.includes("."))) {
        numpad.buffer += key;
    } else {
        return;
    }
    const value = parseFloat(numpad.buffer);
    pos.setLineValue(field, Number.isNaN(value) ? 0 : value);
}
