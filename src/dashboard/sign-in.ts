/**
 * How a person gets into the dashboard, shared by `fazt dashboard` and `npm run up` (no imports:
 * the CLI reads this at start).
 */

/** A configured login token comes from this variable (`fazt dashboard --token-file` takes precedence). */
export const TOKEN_ENV = 'FAZT_DASHBOARD_TOKEN';

/** Where to open the dashboard: the sign-in link when the token was generated (shown this once), else the plain address. */
export function signInLine(dash: { url: string; loginUrl?: string }): string {
  return dash.loginUrl
    ? `Dashboard: ${dash.loginUrl}\n  (this link signs a browser in; its token is shown only now)`
    : `Dashboard: ${dash.url}\n  (sign in with the configured login token)`;
}
