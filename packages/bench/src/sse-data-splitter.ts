/**
 * The minimal SSE handling of the bare baselines: feed it decoded text as it
 * arrives; it calls `onData` with the payload of every `data:` line of each
 * complete event (events end with a blank line). Enough for the providers'
 * well-formed streams, nothing more: no comments, ids, retries or `\r`.
 */
export function createSseDataSplitter(onData: (data: string) => void): (text: string) => void {
  let pending = '';
  return (text) => {
    const buffer = pending === '' ? text : pending + text;
    let start = 0;
    let end = buffer.indexOf('\n\n', start);
    while (end !== -1) {
      let line = start;
      while (line < end) {
        let lineEnd = buffer.indexOf('\n', line);
        if (lineEnd === -1 || lineEnd > end) lineEnd = end;
        if (buffer.startsWith('data: ', line)) onData(buffer.slice(line + 6, lineEnd));
        line = lineEnd + 1;
      }
      start = end + 2;
      end = buffer.indexOf('\n\n', start);
    }
    pending = buffer.slice(start);
  };
}
