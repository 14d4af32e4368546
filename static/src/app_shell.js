/**
 * Page-side helpers of an OWL app served by static/shell.html: its config and its offline shell.
 *
 *     import { appConfig, registerAppShell } from "@static/app_shell.js";
 *     const config = appConfig();
 *     await registerAppShell({ name: "pos", scope: "/pos/", urls: ["/point_of_sale/static/src/main.js"] });
 *
 * `registerAppShell` registers the shared service worker (service_worker.js) for `scope`, with
 * the URLs to keep for an offline reload: the given ones, this page, and the shared modules and
 * libraries (SHARED_SHELL). The worker answers GETs from the network first and falls back on
 * its cache, so online pages always get fresh code. Service workers exist only in secure
 * contexts (https, localhost, 127.0.0.1): elsewhere this resolves to null and the app works,
 * but cannot be reloaded offline.
 */

export const SERVICE_WORKER_URL = "/static/src/service_worker.js";

/** What every app loads from the shared folder (keep in step with the files in static/). */
export const SHARED_SHELL = [
    "/static/lib/owl.es.js",
    "/static/lib/idb.js",
    "/static/src/app_shell.js",
    "/static/src/offline_queue.js",
    "/static/src/rpc.js",
];

/** The JSON the server put in the page (`config` of static/shell.html). */
export function appConfig() {
    const element = document.getElementById("app-config");
    return element ? JSON.parse(element.textContent) : {};
}

/**
 * Register the service worker for `scope` caching `urls` (plus this page and SHARED_SHELL) as
 * the shell named `name`. Resolves to the registration once the worker controls this page
 * (its install step has then cached the shell), or to null without service workers.
 */
export async function registerAppShell({ name, scope, urls = [] }) {
    if (!("serviceWorker" in navigator)) return null;
    const shell = [...new Set([location.pathname + location.search, ...SHARED_SHELL, ...urls])];
    const query = new URLSearchParams({ name, shell: JSON.stringify(shell) });
    const registration = await navigator.serviceWorker.register(`${SERVICE_WORKER_URL}?${query}`, {
        scope,
        type: "classic",
        updateViaCache: "none",
    });
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
        // `ready` resolves on activation; the page is controlled once the worker's clients.claim() ran
        await new Promise((resolve) =>
            navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true })
        );
    }
    return registration;
}
