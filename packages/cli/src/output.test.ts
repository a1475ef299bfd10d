import { describe, expect, it } from 'vitest';
import { Output, type OutputStream } from './output.ts';

/** A stream that keeps what is written, a terminal or not. */
function stream(isTTY: boolean): OutputStream & { text: string } {
  const target = {
    text: '',
    isTTY,
    write(chunk: string) {
      target.text += chunk;
      return true;
    },
  };
  return target;
}

describe('Output', () => {
  it('colours only a terminal, never with NO_COLOR or TERM=dumb, always with FORCE_COLOR', () => {
    const styled = (isTTY: boolean, env: Record<string, string>) =>
      new Output(stream(isTTY), env).style('red', 'x');
    expect(styled(true, {})).toBe('\u001B[31mx\u001B[39m');
    expect(styled(false, {})).toBe('x');
    expect(styled(true, { NO_COLOR: '1' })).toBe('x');
    expect(styled(true, { NO_COLOR: '' })).toBe('\u001B[31mx\u001B[39m');
    expect(styled(true, { TERM: 'dumb' })).toBe('x');
    expect(styled(true, { NODE_DISABLE_COLORS: '1' })).toBe('x');
    expect(styled(false, { FORCE_COLOR: '1' })).toBe('\u001B[31mx\u001B[39m');
    expect(styled(true, { FORCE_COLOR: '0' })).toBe('x');
  });

  it('draws a spinner on a terminal and erases its line when stopped; elsewhere nothing', () => {
    const terminal = stream(true);
    const spinner = new Output(terminal, { NO_COLOR: '1' }).spinner('openai:gpt-6-luna');
    spinner.stop();
    spinner.stop();
    expect(terminal.text).toBe('\r⠋ openai:gpt-6-luna\r\u001B[2K');

    const pipe = stream(false);
    new Output(pipe, {}).spinner('openai:gpt-6-luna').stop();
    expect(pipe.text).toBe('');
  });

  it('lays out a table with columns as wide as their widest cell, numbers to the right', () => {
    const target = stream(false);
    new Output(target, {}).table(
      [{ title: 'model' }, { title: 'context', align: 'right' }, { title: 'note' }],
      [
        ['gpt-6-luna', '1.05M', ''],
        ['claude-sonnet-5-5', '200K', 'new'],
      ],
    );
    expect(target.text).toBe(
      [
        'model              context  note',
        'gpt-6-luna           1.05M',
        'claude-sonnet-5-5     200K  new',
        '',
      ].join('\n'),
    );
  });
});
