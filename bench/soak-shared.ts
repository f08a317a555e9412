/** What the soak runner (bench/soak.ts) and its target (bench/soak-target.ts) agree on. */
export const SOAK_BOT_TOKEN = 'xoxb-soak-bot-token';
export const SOAK_APP_TOKEN = 'xapp-soak-app-token';
export const SOAK_SIGNING_SECRET = 'soak-signing-secret';
