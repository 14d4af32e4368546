export const beforeApp = true;
