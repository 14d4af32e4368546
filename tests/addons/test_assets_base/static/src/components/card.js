export class Card {}
