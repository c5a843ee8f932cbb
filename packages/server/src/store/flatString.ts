/**
 * `text` as one flat string. V8 keeps a string built by joining others (a template, `+`, or a long
 * `JSON.stringify` answer, which it builds in pieces of 32, 64, 128… characters) as a tree of
 * pointers to its parts: 32 B per join, on top of the parts. A string held for a long time (a
 * stored record, a cache key) is smaller flat. Reading it as a number flattens it in place, and
 * the next GC drops the tree. Costs one pass over the characters.
 */
export function flatString(text: string): string {
  // The comparison only keeps the conversion from being optimised away.
  return Number(text) === Infinity ? text : text;
}
