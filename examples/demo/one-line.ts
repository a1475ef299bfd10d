import { isAbsolute, relative } from 'node:path';

/** Longest answer shown, in characters: a real model may say more than a line holds. */
const maxLength = 140;

/** A model's answer quoted on one line: whitespace runs become one space, long answers are cut. */
export function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat);
}

/** A path as a person finds it: relative to the working directory when it is inside it. */
export function showPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}
