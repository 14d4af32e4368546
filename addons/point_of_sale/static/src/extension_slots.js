/**
 * Places where the addons' modules add components to the POS screens.
 *
 *     import { paymentScreenPanels } from "@point_of_sale/extension_slots.js";
 *     export function setup(pos) { paymentScreenPanels.push(MyPanel); }   // a component, no props
 *
 * The payment screen renders each panel under the payment lines (`<ExtensionSlot
 * components="paymentScreenPanels"/>`), with the app's env (`env.pos` is the store).
 */
import { Component, xml } from "@odoo/owl";

export const paymentScreenPanels = [];

export class ExtensionSlot extends Component {
    static props = { components: Array };
    static template = xml`
        <t t-foreach="props.components" t-as="panel" t-key="panel_index">
            <t t-component="panel"/>
        </t>`;
}
