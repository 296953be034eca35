/**
 * A connection string with its password replaced, for logs, banners and error messages: URLs are
 * printed at start-up and a DATABASE_URL usually carries a password.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL: hide everything between "//" and "@", where credentials would be.
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
