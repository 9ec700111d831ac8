/**
 * Norwegian national identity numbers (fødselsnummer, D-numbers) are 11 digits. They appear in signer lists,
 * error messages from the API and occasionally in URLs; none of those may reach a log or an error message
 * unmasked. The first 6 digits (the birth date) stay so a support engineer can still tell signers apart.
 */
const ELEVEN_DIGITS = /(?<!\d)(\d{6})\d{5}(?!\d)/g;

/** Replaces every run of exactly 11 digits with its first 6 digits followed by `*****`. */
export function maskPersonalData(text: string): string {
  return text.replace(ELEVEN_DIGITS, '$1*****');
}
