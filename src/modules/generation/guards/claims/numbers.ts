/**
 * Reading numbers as people write them, in several conventions at once: "1,200" is twelve hundred in
 * English and 1.2 in much of Europe, so a numeral yields every value it may mean, and two numerals
 * match when their readings meet. "3,50" (two digits after the comma) is only 3.5; "1.200,50" and
 * "1,200.50" are only 1200.5.
 */

/** Every value a numeral may denote, rounded to cents so "19.5" and "19.50" meet. */
export function numeralValues(raw: string): number[] {
  const s = raw.replace(/[\s\u00A0\u202F']/g, '');
  const out = new Set<number>();
  const add = (v: number) => {
    if (Number.isFinite(v)) out.add(Math.round(v * 100) / 100);
  };
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot < 0 && lastComma < 0) {
    add(Number(s));
  } else if (lastDot >= 0 && lastComma >= 0) {
    // Both: the later one is the decimal mark.
    const dec = lastDot > lastComma ? '.' : ',';
    const thou = dec === '.' ? ',' : '.';
    add(Number(s.split(thou).join('').replace(dec, '.')));
  } else {
    const mark = lastDot >= 0 ? '.' : ',';
    const parts = s.split(mark);
    const tail = parts[parts.length - 1] as string;
    const asThousands =
      parts.length > 1 && parts.slice(1).every((p) => p.length === 3) && (parts[0] as string).length <= 3;
    if (asThousands) add(Number(parts.join('')));
    if (parts.length === 2 && tail.length > 0) add(Number(`${parts[0]}.${tail}`));
  }
  return [...out];
}

/** True when two numerals may denote the same value. */
export function sameNumber(a: readonly number[], b: readonly number[]): boolean {
  return a.some((x) => b.includes(x));
}
