import { redactSecrets } from './redact-secrets.ts';

/**
 * How much of a body is read to summarise it, in characters. Redaction runs
 * on this much before anything is cut shorter, so a key that straddles this
 * first cut lies beyond every shorter cut made afterwards.
 */
export const bodyScanLimit = 65_536;

const htmlStart = /^\s*<(?:!doctype\s+html|html|head|body|title)\b/i;
const htmlType = /\bhtml\b/i;
const entities: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** Whether a body is an HTML page: by its content type, or by how it starts. */
export function isHtmlBody(text: string, contentType: string | undefined): boolean {
  return (contentType !== undefined && htmlType.test(contentType)) || htmlStart.test(text);
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[name.toLowerCase()] ?? whole;
  });
}

/**
 * The visible text of an HTML page, in one line: tags dropped, `script` and
 * `style` blocks skipped, entities decoded, whitespace collapsed. A linear
 * scan (no backtracking regular expression), whatever the page holds.
 */
function htmlText(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let index = 0;
  while (index < html.length) {
    const open = html.indexOf('<', index);
    if (open === -1) {
      out += html.slice(index);
      break;
    }
    out += `${html.slice(index, open)} `;
    const block = /^<(script|style)\b/.exec(lower.slice(open, open + 8));
    if (block !== null) {
      const close = lower.indexOf(`</${block[1]!}`, open);
      if (close === -1) break;
      index = close + 2;
    }
    const end = html.indexOf('>', block === null ? open : index);
    if (end === -1) break;
    index = end + 1;
  }
  return decodeEntities(out).replace(/\s+/g, ' ').trim();
}

/** The page's `<title>`, or `undefined`. */
function htmlTitle(html: string): string | undefined {
  const match = /<title\b[^>]*>([^<]*)</i.exec(html);
  const title = match === null ? '' : decodeEntities(match[1]!).replace(/\s+/g, ' ').trim();
  return title === '' ? undefined : title;
}

function cut(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}...` : text;
}

/** Options of {@link summarizeResponseBody}. */
export interface SummarizeResponseBodyOptions {
  /** The response's `content-type`, which tells an HTML page apart. */
  readonly contentType?: string | undefined;
  /** Exact secrets (API keys) to remove, whatever their shape. */
  readonly secrets?: readonly string[] | undefined;
  /** Longest summary, in characters, before `...` (default 300). */
  readonly maxLength?: number | undefined;
}

/**
 * A short, redacted, one-line description of a response body for an error
 * message: an HTML page (a proxy's 502, a captive portal) becomes `an HTML
 * page titled "<title>"` or its visible text, never its markup; any other
 * body its text with whitespace collapsed. Secrets are removed before
 * anything is cut. `undefined` for an empty body.
 */
export function summarizeResponseBody(
  text: string,
  options: SummarizeResponseBodyOptions = {},
): string | undefined {
  const maxLength = options.maxLength ?? 300;
  const body = redactSecrets(text.slice(0, bodyScanLimit), options.secrets);
  if (isHtmlBody(body, options.contentType)) {
    const title = htmlTitle(body);
    if (title !== undefined) return `an HTML page titled ${JSON.stringify(cut(title, maxLength))}`;
    const visible = htmlText(body);
    return visible === ''
      ? 'an HTML page without text'
      : `an HTML page: ${JSON.stringify(cut(visible, maxLength))}`;
  }
  const plain = body.replace(/\s+/g, ' ').trim();
  return plain === '' ? undefined : cut(plain, maxLength);
}
