/**
 * Keyboard-wedge barcode scanners: a scanner "types" its digits a few milliseconds apart and
 * ends with Enter; a person types slower. Characters are held for `delayMs`: when Enter comes
 * while at least `minLength` of them arrived quickly, they are a barcode (`onBarcode(code)`);
 * otherwise they are handed on as typed keys (`onKeys(keys)`, for the numpad).
 */
export class BarcodeReader {
    constructor({ onBarcode, onKeys, delayMs = 60, minLength = 3 }) {
        this.onBarcode = onBarcode;
        this.onKeys = onKeys;
        this.delayMs = delayMs;
        this.minLength = minLength;
        this.keys = [];
        this.timer = null;
    }

    /** Feed a keydown event; returns true when it was taken (the caller then ignores it). */
    handle(event) {
        if (event.ctrlKey || event.altKey || event.metaKey) return false;
        if (event.key === "Enter" && this.keys.length >= this.minLength) {
            clearTimeout(this.timer);
            const code = this.keys.join("");
            this.keys = [];
            this.onBarcode(code);
            return true;
        }
        if (event.key.length !== 1) return false;
        this.keys.push(event.key);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this._release(), this.delayMs);
        return true;
    }

    _release() {
        const keys = this.keys;
        this.keys = [];
        this.onKeys(keys);
    }
}
