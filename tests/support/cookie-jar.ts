/** Enough of a browser's cookie store to carry session cookies between test requests. */
export interface CookieAttributes {
  value: string;
  attributes: string[];
}

export class CookieJar {
  readonly cookies = new Map<string, CookieAttributes>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, attributes });
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  header(): string {
    return [...this.cookies].map(([name, c]) => `${name}=${c.value}`).join("; ");
  }
}
