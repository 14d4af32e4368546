export const afterApp = true;
