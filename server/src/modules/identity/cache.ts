// A short-lived in-process cache of credential lookups and of /api/me's profile and settings, so an
// authenticated request usually needs no database round trip (the /api/me throughput goal).
//
// Correctness: every repository write that can change what a credential grants (user status, role,
// deletion, session or key revocation, profile/settings edits) calls invalidateUser() for that user,
// so within one process a change is seen by the very next request. A read that raced a write still
// in flight cannot be cached for DIRTY_MS after that user's last invalidation. Other processes
// sharing a PostgreSQL server see a change within AUTH_CACHE_SECONDS (default 2; 0 turns it off).
// Expiry and idle time are checked on every request against the cached times, never cached themselves.

const MAX_ENTRIES = 20_000;
const DIRTY_MS = 1500;

interface Entry<T> {
  value: T;
  userId: string;
  at: number;
}

const credentials = new Map<string, Entry<unknown>>();
const me = new Map<string, Entry<unknown>>();
const byUser = new Map<string, Set<string>>();
const dirtyUntil = new Map<string, number>();

const clockMs = () => performance.now();

function put<T>(map: Map<string, Entry<unknown>>, key: string, userId: string, value: T): void {
  const until = dirtyUntil.get(userId);
  if (until !== undefined) {
    if (until > clockMs()) return;
    dirtyUntil.delete(userId);
  }
  if (map.size >= MAX_ENTRIES) {
    const oldest = map.keys().next().value as string;
    map.delete(oldest);
  }
  map.set(key, { value, userId, at: clockMs() });
  let keys = byUser.get(userId);
  if (!keys) {
    keys = new Set();
    byUser.set(userId, keys);
  }
  keys.add(key);
}

function get<T>(map: Map<string, Entry<unknown>>, key: string, ttlMs: number): T | undefined {
  if (ttlMs <= 0) return undefined;
  const e = map.get(key);
  if (!e) return undefined;
  if (clockMs() - e.at > ttlMs) {
    map.delete(key);
    byUser.get(e.userId)?.delete(key);
    return undefined;
  }
  return e.value as T;
}

/** A cached credential lookup (session or API key, with its user) by token hash or key prefix. */
export const getCredential = <T>(key: string, ttlMs: number): T | undefined =>
  get<T>(credentials, key, ttlMs);
export function putCredential<T>(key: string, userId: string, value: T, ttlMs: number): void {
  if (ttlMs > 0) put(credentials, key, userId, value);
}

/** Cached profile + settings of a user (GET /api/me). */
export const getMeExtras = <T>(userId: string, ttlMs: number): T | undefined => get<T>(me, userId, ttlMs);
export function putMeExtras<T>(userId: string, value: T, ttlMs: number): void {
  if (ttlMs > 0) put(me, userId, userId, value);
}

/** Forgets everything cached about a user; called by every repository write that affects them. */
export function invalidateUser(userId: string): void {
  dirtyUntil.set(userId, clockMs() + DIRTY_MS);
  me.delete(userId);
  const keys = byUser.get(userId);
  if (keys) {
    for (const k of keys) credentials.delete(k);
    byUser.delete(userId);
  }
  if (dirtyUntil.size > MAX_ENTRIES) {
    const now = clockMs();
    for (const [u, t] of dirtyUntil) if (t <= now) dirtyUntil.delete(u);
  }
}
