import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where `llm` keeps its data (the conversations of `llm chat`):
 * `LLM_DATA_DIR` when set, else the platform's per-user data folder:
 * `$XDG_DATA_HOME/llm` or `~/.local/share/llm` on Linux and other Unixes,
 * `~/Library/Application Support/llm` on macOS, `%LOCALAPPDATA%\llm` on Windows.
 */
export function dataDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const given = env.LLM_DATA_DIR;
  if (given !== undefined && given !== '') return given;
  if (platform === 'win32') {
    return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'llm');
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'llm');
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec ignores a relative XDG_DATA_HOME.
  return join(xdg?.startsWith('/') === true ? xdg : join(home, '.local', 'share'), 'llm');
}
