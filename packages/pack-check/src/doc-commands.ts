/** The shell languages whose fenced blocks hold commands to run. */
const shellLanguages = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

/** One command line of a fenced shell block in a Markdown file. */
export interface DocCommand {
  /** The command as a person would copy it, without a trailing `# comment`. */
  readonly command: string;
  /** 1-based line in the Markdown file. */
  readonly line: number;
  /** Index of its block among the file's shell blocks (lines of one block run in order). */
  readonly block: number;
  /** The nearest heading above the block. */
  readonly heading: string;
}

/** Removes a trailing `# comment` that is not inside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(line[index - 1]!))) {
      return line.slice(0, index);
    }
  }
  return line;
}

/**
 * The commands of every fenced shell block (```sh, bash, shell, console):
 * one per non-empty line, comments dropped, a leading `$ ` prompt dropped.
 */
export function docCommands(markdown: string): DocCommand[] {
  const commands: DocCommand[] = [];
  const lines = markdown.split(/\r?\n/);
  let heading = '';
  let block = -1;
  let fence: string | undefined;
  let shell = false;
  lines.forEach((text, index) => {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(text);
    if (fence === undefined) {
      if (open !== null) {
        fence = open[1]!;
        shell = shellLanguages.has(open[2]!.toLowerCase());
        if (shell) block++;
        return;
      }
      const title = /^#{1,6}\s+(.*?)\s*#*$/.exec(text);
      if (title !== null) heading = title[1]!;
      return;
    }
    if (
      text.trim().startsWith(fence) &&
      text
        .trim()
        .replace(/^(`+|~+)/, '')
        .trim() === ''
    ) {
      fence = undefined;
      return;
    }
    if (!shell) return;
    const command = stripComment(text)
      .trim()
      .replace(/^\$\s+/, '');
    if (command !== '') commands.push({ command, line: index + 1, block, heading });
  });
  return commands;
}
