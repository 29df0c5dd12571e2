/** The sentence the sign-in page shows (and recognises) when a second factor is needed. */
export const TOTP_REQUIRED = "Enter the 6-digit code from your authenticator app, or one of your recovery codes.";
