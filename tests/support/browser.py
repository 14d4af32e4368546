"""What the Chromium tests share: reading an app's IndexedDB queue from the page."""
from __future__ import annotations

import json


def queued_items_script(database: str) -> str:
    """A page function answering the items of ``database``'s ``items`` store (an
    ``OfflineQueue``); run it once the app opened its database, since ``open()`` without a
    version would create an empty one."""
    return """() => new Promise((resolve, reject) => {
    const opening = indexedDB.open(DATABASE);
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
        const db = opening.result;
        const query = db.transaction("items").objectStore("items").getAll();
        query.onsuccess = () => { db.close(); resolve(query.result); };
        query.onerror = () => reject(query.error);
    };
})""".replace("DATABASE", json.dumps(database))
