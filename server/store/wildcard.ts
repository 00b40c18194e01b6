// Camunda's `$like` wildcards, matched without regular expressions: `*` stands for any run of
// characters (none included), `?` for exactly one, and a backslash makes the next character literal
// (`\*`, `\?`, `\\`). Here, at the bottom of the layers, so that every place that matches `$like`
// (the /v2 visibility rules today; any adapter that cannot hand the pattern to its database) shares
// one matcher.
//
// Why not a RegExp: `*****x` becomes `.*.*.*.*.*x`, which a backtracking engine tries in every way
// of splitting the text between the stars — exponential in the stars (issue 12: one search froze
// the server for 30 s). Here consecutive stars are one star, the pattern is read once, and each text
// is matched segment by segment, each segment at its leftmost place: a segment found there never
// needs to be moved back, so nothing is tried twice. A text costs at most its length times the
// pattern's literal length, and no more than its length squared (a pattern longer than the text is
// answered at once).

/** One character of a segment: a literal character, or `?` (any one character). */
type Unit = string | null;

interface Compiled {
  /** The literal runs between stars, in order; `?` is null. */
  segments: Unit[][];
  /** The pattern starts with a star: the first segment may sit anywhere. */
  leadingStar: boolean;
  /** The pattern ends with a star: the last segment may end anywhere. */
  trailingStar: boolean;
  /** Characters a text needs at least (every unit of every segment). */
  minLength: number;
}

function compile(pattern: string): Compiled {
  const segments: Unit[][] = [[]];
  let leadingStar = false;
  let trailingStar = false;
  let escaped = false;
  let minLength = 0;
  // Code points, not UTF-16 units: `?` is one character, an emoji included.
  for (const ch of pattern) {
    if (escaped) {
      segments.at(-1)!.push(ch);
      minLength++;
      escaped = false;
      trailingStar = false;
    } else if (ch === '\\') {
      escaped = true;
    } else if (ch === '*') {
      if (segments.length === 1 && segments[0]!.length === 0) leadingStar = true;
      // Consecutive stars are one star: a new segment only after some units.
      if (segments.at(-1)!.length > 0) segments.push([]);
      trailingStar = true;
    } else {
      segments.at(-1)!.push(ch === '?' ? null : ch);
      minLength++;
      trailingStar = false;
    }
  }
  // A backslash that ends the pattern escapes nothing: it stands for itself.
  if (escaped) {
    segments.at(-1)!.push('\\');
    minLength++;
    trailingStar = false;
  }
  return { segments: segments.filter((s) => s.length > 0), leadingStar, trailingStar, minLength };
}

/** Whether `segment` matches `text` at `at`. */
function fitsAt(text: readonly string[], at: number, segment: readonly Unit[]): boolean {
  for (let k = 0; k < segment.length; k++) {
    const unit = segment[k];
    if (unit !== null && unit !== text[at + k]) return false;
  }
  return true;
}

/** The leftmost place at or after `from` (and at or before `last`) where `segment` matches `text`; -1 if none. */
function find(text: readonly string[], from: number, last: number, segment: readonly Unit[]): number {
  for (let at = from; at <= last; at++) if (fitsAt(text, at, segment)) return at;
  return -1;
}

function matches(compiled: Compiled, value: string): boolean {
  const text = Array.from(value);
  const { segments, leadingStar, trailingStar, minLength } = compiled;
  if (minLength > text.length) return false;
  if (segments.length === 0) return leadingStar || text.length === 0;
  const hasStar = leadingStar || trailingStar || segments.length > 1;
  if (!hasStar) return text.length === minLength && fitsAt(text, 0, segments[0]!);

  let first = 0;
  let last = segments.length - 1;
  let start = 0;
  let end = text.length;
  if (!leadingStar) {
    if (!fitsAt(text, 0, segments[0]!)) return false;
    start = segments[0]!.length;
    first = 1;
  }
  if (!trailingStar && last >= first) {
    const tail = segments[last]!;
    if (end - tail.length < start || !fitsAt(text, end - tail.length, tail)) return false;
    end -= tail.length;
    last--;
  }
  // The segments between stars, each at its leftmost place within what the anchored ends left.
  for (let s = first; s <= last; s++) {
    const segment = segments[s]!;
    const at = find(text, start, end - segment.length, segment);
    if (at < 0) return false;
    start = at + segment.length;
  }
  return true;
}

/** A `$like` pattern read once, to test many texts with. */
export function compileWildcard(pattern: string): (text: string) => boolean {
  const compiled = compile(pattern);
  return (text) => matches(compiled, text);
}

/** Whether the whole of `text` matches the `$like` pattern (see compileWildcard to test many texts). */
export function matchesWildcard(text: string, pattern: string): boolean {
  return matches(compile(pattern), text);
}
