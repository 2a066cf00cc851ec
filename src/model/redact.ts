/**
 * Masks secrets before anything reaches a log. Two passes: known secret values
 * (registered when they are read from SecretStorage) and generic shapes
 * (bearer tokens, AWS keys, passwords in URLs and JSON).
 */
const knownSecrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  // Very short values would mask ordinary words; real secrets are longer.
  if (value && value.length >= 6) knownSecrets.add(value);
}

export function forgetSecret(value: string | undefined): void {
  if (value) knownSecrets.delete(value);
}

const PATTERNS: [RegExp, string][] = [
  [/(authorization["']?\s*[:=]\s*["']?)(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1$2 ****'],
  [/\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 ****'],
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '$1****'],
  [
    /((?:secret|password|passwd|token|api[_-]?key|client[_-]?secret|sessiontoken|x-amz-security-token)["']?\s*[:=]\s*["']?)[^"'\s,&}]+/gi,
    '$1****',
  ],
  [/(\/\/[^/:@\s]+:)[^@/\s]+@/g, '$1****@'],
];

export function maskSecrets(text: string): string {
  let out = text;
  for (const secret of knownSecrets) out = out.split(secret).join('****');
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
