// Jest snapshot files (openai-node): `exports[\`name\`] = \`…\`;` where each
// value is a template literal holding `"<body>"` on its own lines, with Jest's
// escapes (\\ for \, \` for a backtick, \${ for ${).
import { FakeServerError } from './fake-server-error.ts';
import type { RecordedExchange } from './recorded-exchange.ts';

const entryPattern = /^exports\[`((?:[^`\\]|\\.)*)`\] = `((?:[^`\\]|\\.)*)`;$/gms;

function unescapeTemplate(text: string): string {
  return text.replace(/\\([\\`$])/g, '$1');
}

/** Reads every snapshot of a Jest `.snap` file as one response body each. */
export function parseJestSnapshot(text: string, fileName: string): RecordedExchange[] {
  const exchanges: RecordedExchange[] = [];
  for (const match of text.matchAll(entryPattern)) {
    const name = unescapeTemplate(match[1]!);
    const value = unescapeTemplate(match[2]!);
    // A string snapshot is printed as `\n"<body>"\n` (openai-node strips it with slice(2, -2)).
    if (!value.startsWith('\n"') || !value.endsWith('"\n')) {
      throw new FakeServerError(
        `${fileName}: snapshot ${JSON.stringify(name)} is not a string snapshot.`,
      );
    }
    const body = value.slice(2, -2);
    const isStream = /^\s*(data|event):/m.test(body);
    exchanges.push({
      name,
      response: {
        status: 200,
        headers: {
          'content-type': isStream ? 'text/event-stream; charset=utf-8' : 'application/json',
        },
        body,
      },
    });
  }
  if (exchanges.length === 0) throw new FakeServerError(`${fileName} holds no Jest snapshot.`);
  return exchanges;
}
