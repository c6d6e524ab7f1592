// Check-digit validation for ISIN (ISO 6166), CUSIP and SEDOL. Pure functions, no I/O.

const code = (ch: string): number => {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55; // A=10 … Z=35
  return -1;
};

/**
 * ISIN: 2-letter country, 9 alphanumerics, 1 check digit. Letters become two digits (A=10 … Z=35)
 * and the Luhn sum over the resulting digit string, check digit included, must be 0 mod 10.
 */
export function isValidIsin(isin: string): boolean {
  if (!/^[A-Z]{2}[A-Z0-9]{9}[0-9]$/.test(isin)) return false;
  let digits = "";
  for (const ch of isin) digits += String(code(ch));
  let sum = 0;
  for (let i = digits.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    let d = digits.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * CUSIP: 8 characters and a check digit. Values (0-9, A=10 … Z=35, *=36, @=37, #=38), every second
 * one doubled, digits of each product summed; check = (10 − sum mod 10) mod 10.
 */
export function isValidCusip(cusip: string): boolean {
  if (!/^[0-9A-Z*@#]{8}[0-9]$/.test(cusip)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = cusip[i] as string;
    let v = ch === "*" ? 36 : ch === "@" ? 37 : ch === "#" ? 38 : code(ch);
    if (i % 2 === 1) v *= 2;
    sum += Math.floor(v / 10) + (v % 10);
  }
  return (10 - (sum % 10)) % 10 === Number(cusip[8]);
}

const SEDOL_WEIGHTS = [1, 3, 1, 7, 3, 9];
/**
 * SEDOL: 6 characters (digits or consonants; vowels are never issued) and a check digit.
 * Weights 1,3,1,7,3,9 over values (A=10 … Z=35); check = (10 − sum mod 10) mod 10.
 */
export function isValidSedol(sedol: string): boolean {
  if (!/^[0-9BCDFGHJKLMNPQRSTVWXYZ]{6}[0-9]$/.test(sedol)) return false;
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += code(sedol[i] as string) * (SEDOL_WEIGHTS[i] as number);
  return (10 - (sum % 10)) % 10 === Number(sedol[6]);
}

/** Returns a message naming each bad identifier, or [] when all given ones are valid. */
export function identifierProblems(ids: {
  isin?: string | null;
  cusip?: string | null;
  sedol?: string | null;
}) {
  const problems: string[] = [];
  if (ids.isin && !isValidIsin(ids.isin))
    problems.push(`ISIN ${ids.isin} is not valid (12 characters, country code, check digit)`);
  if (ids.cusip && !isValidCusip(ids.cusip))
    problems.push(`CUSIP ${ids.cusip} is not valid (9 characters with a matching check digit)`);
  if (ids.sedol && !isValidSedol(ids.sedol))
    problems.push(`SEDOL ${ids.sedol} is not valid (7 characters with a matching check digit)`);
  return problems;
}
