import { a } from "./a.js";
export function b() { return a() + "b"; }
