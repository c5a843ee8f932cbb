/**
 * Sets `key` in a bounded memo (a Map keeps insertion order): once it holds `max` entries, the
 * oldest is dropped first. Answers `value`. For the hot path's memos (hashes, resolved policies,
 * grants, report URLs, metered contexts), none of which holds credential state.
 */
export function remember<K, V>(memo: Map<K, V>, key: K, value: V, max: number): V {
  if (memo.size >= max) memo.delete(memo.keys().next().value as K);
  memo.set(key, value);
  return value;
}
