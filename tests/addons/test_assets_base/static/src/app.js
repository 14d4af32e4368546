import { Card } from "./components/card.js";
export const app = { Card };
