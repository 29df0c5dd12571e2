export interface LimitSettings {
  /** Sign-in attempts per IP address per 15 minutes. */
  signInPerIp: number;
  /** Sign-ups per IP address per hour. */
  signUpPerIp: number;
  /** API requests per API key per minute. */
  apiPerKey: number;
}

export const defaultLimitSettings: LimitSettings = { signInPerIp: 100, signUpPerIp: 10, apiPerKey: 1200 };
