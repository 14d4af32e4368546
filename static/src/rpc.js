/**
 * The JSON-RPC client of the browser apps: one `rpc(route, params)` for Odoo's `type="json"` routes.
 *
 * It posts a JSON-RPC 2.0 envelope and returns the `result`; an `error` answer becomes an
 * `RPCError` carrying Odoo's `error.data` (name, message, arguments, context, debug), so
 * components never parse envelopes. When the server cannot be reached (network down, a proxy's
 * 502/503/504) it throws a `ConnectionLostError` instead: callers that queue work offline
 * retry on that one and show the other.
 */

export class RPCError extends Error {
    constructor(error) {
        super(error.data?.message || error.message || "the server answered an error");
        this.name = "RPCError";
        this.code = error.code;                 // 200 business/server error, 100 session expired, 404
        this.data = error.data || {};           // Odoo's data: name, message, arguments, context, debug
        this.exceptionName = this.data.name;    // e.g. "odoo.exceptions.UserError"
    }
}

export class ConnectionLostError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = "ConnectionLostError";
    }
}

let lastId = 0;

/** POST `params` (named arguments) to `route`; the handler's return value, or a thrown error. */
export async function rpc(route, params = {}, { signal } = {}) {
    const body = JSON.stringify({ jsonrpc: "2.0", method: "call", params, id: ++lastId });
    let response;
    try {
        response = await fetch(route, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            credentials: "same-origin",
            body,
            signal,
        });
    } catch (error) {
        if (error.name === "AbortError") throw error;
        throw new ConnectionLostError(`cannot reach the server for ${route}`, { cause: error });
    }
    if ([502, 503, 504].includes(response.status)) {
        throw new ConnectionLostError(`the server is unavailable (HTTP ${response.status}) for ${route}`);
    }
    let answer;
    try {
        answer = await response.json();
    } catch {
        answer = null;
    }
    if (!answer || typeof answer !== "object" || !("jsonrpc" in answer)) {
        // an HTML error page (unknown route, crash before the JSON layer): still an error with data
        throw new RPCError({
            code: response.status,
            message: `HTTP ${response.status}`,
            data: { name: "http", message: `${route} answered HTTP ${response.status}, not JSON-RPC` },
        });
    }
    if (answer.error) throw new RPCError(answer.error);
    return answer.result;
}
