/** The cookie holding the id of the single sign-on request this browser started. */
export const SSO_REQUEST_COOKIE = "mycrm.sso-request";

/** What the sign-in page says when a single sign-on did not work (`?sso_error=` or next-auth's `?error=`). */
export const ssoErrorMessages: Record<string, string> = {
  "sso.no_email":
    "Your identity provider did not tell us your email address, so we cannot find your account. Ask your IT team to release the email claim.",
  "sso.email_unverified":
    "Your identity provider has not confirmed your email address, so it cannot be linked to an account here. Confirm it there and try again.",
  "sso.ticket_invalid": "That single sign-on has expired or was already used. Start again.",
  "saml.invalid": "Your identity provider's answer could not be accepted (it was not signed by the expected provider, was meant for another service, or has expired). Start again.",
  "sso.unavailable": "Single sign-on is not possible right now. Try again in a moment.",
  OAuthSignin: "Your identity provider could not be reached. Try again in a moment.",
  OAuthCallback: "Your identity provider's answer could not be accepted. Start again.",
  AccessDenied: "Single sign-on was refused.",
  Callback: "Single sign-on did not finish. Start again.",
};
