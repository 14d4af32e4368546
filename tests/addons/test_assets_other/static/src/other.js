export const other = true;
