/**
 * Norwegian national identity numbers (fødselsnummer, D-numbers) are 11 digits, written as one run or, as people
 * type them, with a space or a hyphen after the birth date (`010133 00001`, `010133-00001`). They appear in
 * signer lists, error messages from the API, values the server sent back and occasionally in URLs; none of
 * those may reach a log or an error message unmasked. The first 6 digits (the birth date) stay so a support
 * engineer can still tell signers apart.
 */
const IDENTITY_NUMBER = /(?<!\d)(\d{6})([ \u00A0-]?)\d{5}(?!\d)/g;

/** Replaces every identity number (11 digits, optionally split 6+5 by a space or hyphen) by its first 6 digits and `*****`. */
export function maskPersonalData(text: string): string {
  return text.replace(IDENTITY_NUMBER, '$1$2*****');
}
