/**
 * The branded frame every email shares, rendered twice from one description:
 * HTML for mail clients and plain text for the rest (and for spam filters,
 * which distrust HTML-only mail).
 *
 * The HTML is what survives Outlook and Gmail: nested presentation tables,
 * inline styles only, no web fonts, no script, a 600px column that narrows on
 * phones. Preact renders it, so every interpolated value is escaped.
 *
 * @example
 * ```ts
 * const { subject, html, text } = renderEmail({
 *   subject: "Hello",
 *   preheader: "A short line shown in the inbox",
 *   clinicName: "Demo Dental",
 *   heading: "Hello",
 *   blocks: [{ kind: "paragraph", text: "Welcome." }],
 * });
 * ```
 */
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";

export type EmailBlock =
  | { kind: "paragraph"; text: string }
  | { kind: "details"; rows: readonly (readonly [label: string, value: string])[] }
  | { kind: "button"; label: string; href: string }
  /** A green call to action with an optional plain link under it: confirm, then cancel. */
  | {
    kind: "actions";
    primary?: { label: string; href: string };
    secondary?: { label: string; href: string };
  }
  | { kind: "note"; text: string };

export interface EmailContent {
  subject: string;
  /** The line inbox lists show after the subject. */
  preheader: string;
  /** Null for platform mail. */
  clinicName: string | null;
  /** The clinic's logo (absolute http(s) URL), shown above its name when it has one. */
  clinicLogoUrl?: string | null;
  heading: string;
  blocks: readonly EmailBlock[];
  /** Why the recipient is getting this, shown small at the bottom. */
  footer?: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const COLORS = {
  page: "#f1f5f9",
  card: "#ffffff",
  border: "#e2e8f0",
  header: "#0f6c64",
  headerAccent: "#94eede",
  eyebrow: "#0b7d72",
  heading: "#0f172a",
  body: "#334155",
  muted: "#64748b",
  panel: "#f8fafc",
  button: "#0b7d72",
  confirm: "#15803d",
  link: "#0f6c64",
};
const FONT = "Arial, 'Helvetica Neue', Helvetica, sans-serif";

// HTML attributes that HTML5 dropped but Outlook's Word engine still obeys; Preact's
// types no longer list them, hence the casts.
const TABLE_RESET = {
  role: "presentation",
  cellpadding: "0",
  cellspacing: "0",
  border: "0",
} as Record<string, string>;
const bgcolor = (color: string) => ({ bgcolor: color }) as Record<string, string>;

/** Links in mail go to the web, never `javascript:` or `data:`; a bad one is a bug upstream. */
function safeHref(href: string): string {
  const url = new URL(href);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`Email links must be http(s), got ${url.protocol}`);
  }
  return url.toString();
}

function Button({ href, label, color }: { href: string; label: string; color: string }) {
  return (
    <table {...TABLE_RESET} style={{ margin: "0 auto" }}>
      <tr>
        <td {...bgcolor(color)} style={{ borderRadius: "8px", backgroundColor: color }}>
          <a
            href={safeHref(href)}
            target="_blank"
            style={{
              display: "inline-block",
              padding: "13px 28px",
              fontFamily: FONT,
              fontSize: "16px",
              fontWeight: "bold",
              color: "#ffffff",
              textDecoration: "none",
              borderRadius: "8px",
            }}
          >
            {label}
          </a>
        </td>
      </tr>
    </table>
  );
}

function Block({ block }: { block: EmailBlock }) {
  const text = { fontFamily: FONT, fontSize: "15px", lineHeight: "24px", color: COLORS.body };
  switch (block.kind) {
    case "paragraph":
      return <p style={{ ...text, margin: "0 0 16px" }}>{block.text}</p>;
    case "note":
      return (
        <p style={{ ...text, fontSize: "13px", lineHeight: "20px", color: COLORS.muted }}>
          {block.text}
        </p>
      );
    case "details":
      return (
        <table
          {...TABLE_RESET}
          width="100%"
          style={{
            margin: "8px 0 20px",
            backgroundColor: COLORS.panel,
            border: `1px solid ${COLORS.border}`,
            borderRadius: "10px",
          }}
        >
          {block.rows.map(([label, value], i) => (
            <tr key={i}>
              <td
                width="120"
                valign="top"
                style={{
                  ...text,
                  fontSize: "13px",
                  color: COLORS.muted,
                  padding: `${i === 0 ? 14 : 6}px 8px ${
                    i === block.rows.length - 1 ? 14 : 6
                  }px 18px`,
                }}
              >
                {label}
              </td>
              <td
                valign="top"
                style={{
                  ...text,
                  fontWeight: "bold",
                  color: COLORS.heading,
                  padding: `${i === 0 ? 14 : 6}px 18px ${
                    i === block.rows.length - 1 ? 14 : 6
                  }px 8px`,
                }}
              >
                {value}
              </td>
            </tr>
          ))}
        </table>
      );
    case "button":
      return (
        <div style={{ margin: "24px 0" }}>
          <Button href={block.href} label={block.label} color={COLORS.button} />
        </div>
      );
    case "actions":
      return (
        <div style={{ margin: "24px 0", textAlign: "center" }}>
          {block.primary && (
            <Button href={block.primary.href} label={block.primary.label} color={COLORS.confirm} />
          )}
          {block.secondary && (
            <p style={{ ...text, fontSize: "14px", margin: "14px 0 0", textAlign: "center" }}>
              <a
                href={safeHref(block.secondary.href)}
                target="_blank"
                style={{ color: COLORS.link, textDecoration: "underline" }}
              >
                {block.secondary.label}
              </a>
            </p>
          )}
        </div>
      );
  }
}

function Frame({ content, children }: { content: EmailContent; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{content.subject}</title>
      </head>
      <body style={{ margin: 0, padding: 0, backgroundColor: COLORS.page }}>
        {/* Shown by inbox lists after the subject, hidden in the message itself. */}
        <div
          style={{
            display: "none",
            maxHeight: 0,
            overflow: "hidden",
            opacity: 0,
            color: "transparent",
          }}
        >
          {content.preheader}
        </div>
        <table
          {...TABLE_RESET}
          width="100%"
          style={{ backgroundColor: COLORS.page }}
        >
          <tr>
            <td align="center" style={{ padding: "24px 12px" }}>
              <table
                {...TABLE_RESET}
                width="600"
                style={{
                  width: "100%",
                  maxWidth: "600px",
                  backgroundColor: COLORS.card,
                  border: `1px solid ${COLORS.border}`,
                  borderRadius: "12px",
                }}
              >
                <tr>
                  <td
                    {...bgcolor(COLORS.header)}
                    style={{
                      backgroundColor: COLORS.header,
                      padding: "18px 28px",
                      borderRadius: "12px 12px 0 0",
                      fontFamily: FONT,
                      fontSize: "22px",
                      fontWeight: "bold",
                      color: "#ffffff",
                    }}
                  >
                    Odonto<span style={{ color: COLORS.headerAccent }}>X</span>
                  </td>
                </tr>
                <tr>
                  <td style={{ padding: "28px 28px 8px" }}>
                    {content.clinicName && content.clinicLogoUrl && (
                      <img
                        src={safeHref(content.clinicLogoUrl)}
                        alt={content.clinicName}
                        height="48"
                        style={{
                          display: "block",
                          height: "48px",
                          maxWidth: "200px",
                          margin: "0 0 12px",
                          border: 0,
                        }}
                      />
                    )}
                    {content.clinicName && (
                      <p
                        style={{
                          margin: "0 0 6px",
                          fontFamily: FONT,
                          fontSize: "13px",
                          fontWeight: "bold",
                          letterSpacing: "0.04em",
                          textTransform: "uppercase",
                          color: COLORS.eyebrow,
                        }}
                      >
                        {content.clinicName}
                      </p>
                    )}
                    <h1
                      style={{
                        margin: "0 0 18px",
                        fontFamily: FONT,
                        fontSize: "22px",
                        lineHeight: "30px",
                        color: COLORS.heading,
                      }}
                    >
                      {content.heading}
                    </h1>
                    {children}
                  </td>
                </tr>
                <tr>
                  <td
                    style={{
                      padding: "16px 28px 24px",
                      borderTop: `1px solid ${COLORS.border}`,
                      fontFamily: FONT,
                      fontSize: "12px",
                      lineHeight: "18px",
                      color: COLORS.muted,
                    }}
                  >
                    {content.footer && <p style={{ margin: "0 0 6px" }}>{content.footer}</p>}
                    <p style={{ margin: 0 }}>{sentBy(content.clinicName)}</p>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}

function sentBy(clinicName: string | null): string {
  return clinicName ? `Sent by OdontoX on behalf of ${clinicName}.` : "Sent by OdontoX.";
}

function blockText(block: EmailBlock): string {
  switch (block.kind) {
    case "paragraph":
    case "note":
      return block.text;
    case "details": {
      const width = Math.max(...block.rows.map(([label]) => label.length)) + 2;
      return block.rows.map(([label, value]) => `${(label + ":").padEnd(width)}${value}`)
        .join("\n");
    }
    case "button":
      return `${block.label}: ${safeHref(block.href)}`;
    case "actions":
      return [block.primary, block.secondary]
        .filter((action) => action !== undefined)
        .map((action) => `${action.label}: ${safeHref(action.href)}`)
        .join("\n");
  }
}

function renderText(content: EmailContent): string {
  const parts = [
    content.clinicName ? `OdontoX · ${content.clinicName}` : "OdontoX",
    content.heading,
    ...content.blocks.map(blockText).filter(Boolean),
    ["--", content.footer, sentBy(content.clinicName)].filter(Boolean).join("\n"),
  ];
  return parts.join("\n\n") + "\n";
}

export function renderEmail(content: EmailContent): RenderedEmail {
  const body = content.blocks.map((block, i) => <Block key={i} block={block} />);
  return {
    subject: content.subject,
    html: "<!DOCTYPE html>" + renderToString(<Frame content={content}>{body}</Frame>),
    text: renderText(content),
  };
}
