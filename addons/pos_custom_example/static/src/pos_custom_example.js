/**
 * POS Custom Example in the browser: the order note templates join the POS store.
 *
 * The POS app imports every module of the bundle `point_of_sale.assets_pos` and, once the
 * payload of `/pos/ui` is loaded, calls the `setup(pos)` each of them exports, with its store:
 * `pos.data` is the payload. This module reads the records the server added to it
 * (`pos.order.note.template`, `note_templates_by_id`) and gives the store two helpers.
 */

export function setup(pos) {
    const templates = [...(pos.data["pos.order.note.template"] || [])];
    templates.sort((a, b) => a.sequence - b.sequence || a.id - b.id);
    pos.noteTemplates = templates;
    pos.useNoteTemplates = Boolean(pos.data["pos.config"]?.use_note_templates);

    /** Add the template to the order, or take it off when it is there already. */
    pos.toggleNoteTemplate = (order, templateId) => {
        if (!pos.data.note_templates_by_id?.[templateId]) {
            throw new Error(`Unknown note template ${templateId}: reload the Point of Sale.`);
        }
        const ids = order.note_template_ids || [];
        order.note_template_ids = ids.includes(templateId)
            ? ids.filter((id) => id !== templateId)
            : [...ids, templateId];
        return order.note_template_ids;
    };

    /** The notes of an order as the receipt prints them. */
    pos.orderNoteLines = (order) =>
        (order.note_template_ids || []).map((id) => pos.data.note_templates_by_id?.[id]?.name).filter(Boolean);
}
