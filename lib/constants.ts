/** Names shared by the UI and the server. */
export const ACCOUNT_COOKIE = 'cw_account';
